package dev.ecaprovisioner.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.TestApps;
import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.profile.ProfileLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The plan as the profiles' rules make it: pure, an app in and a plan out. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PlannerTest {
  static Planner planner(String... profiles) {
    return new Planner(new ProfileLoader(Path.of("does-not-exist")).load(List.of(profiles)));
  }

  static ProvisionPlan plan(Planner planner, EcaApp app) {
    return planner.plan("org:dev", app, Planner.Inputs.none(), ProvisionPlan.Kind.UPDATE);
  }

  static FieldChange change(ProvisionPlan plan, String field) {
    return plan.changes().stream().filter(c -> c.field().equals(field)).findFirst()
        .orElseThrow(() -> new AssertionError("no change of " + field + " in " + plan.changes()));
  }

  @Nested
  class Values_come_from_the_rules {
    @Test
    void a_missing_scope_is_added_and_the_others_kept() {
      EcaApp app = TestApps.copilotReady("A").set(EcaType.OAUTH_SETTINGS, "commaSeparatedOauthScopes", "Api, MCP")
          .build();

      FieldChange scopes = change(plan(planner("copilot-studio"), app), "commaSeparatedOauthScopes");

      assertThat(scopes.before()).isEqualTo("Api, MCP");
      assertThat(scopes.after()).isEqualTo("Api, MCP, RefreshToken");
      assertThat(scopes.reason()).isEqualTo("mcp-client-base/refresh-scope");
    }

    @Test
    void a_scope_the_baseline_advises_against_is_removed() {
      EcaApp app = TestApps.copilotReady("A")
          .set(EcaType.OAUTH_SETTINGS, "commaSeparatedOauthScopes", "Api, Full, RefreshToken").build();

      assertThat(change(plan(planner("copilot-studio"), app), "commaSeparatedOauthScopes").after())
          .isEqualTo("Api, RefreshToken");
    }

    @Test
    void a_rule_that_names_only_what_to_avoid_writes_its_fix_value() {
      EcaApp app = TestApps.copilotReady("A").set(EcaType.OAUTH_POLICIES, "refreshTokenPolicyType", "Zero").build();

      FieldChange policy = change(plan(planner("copilot-studio"), app), "refreshTokenPolicyType");

      assertThat(policy.after()).isEqualTo("Infinite");
      assertThat(policy.reason()).isEqualTo("mcp-client-base/refresh-token-not-zero");
    }

    @Test
    void a_client_need_against_the_baseline_names_the_accepted_risk() {
      EcaApp app = TestApps.copilotReady("A").set(EcaType.GLOBAL_OAUTH_SETTINGS, "isPkceRequired", "true").build();

      FieldChange pkce = change(plan(planner("copilot-studio"), app), "isPkceRequired");

      assertThat(pkce.after()).isEqualTo("false");
      assertThat(pkce.acceptedRisk()).contains("intercepted authorization code");
    }

    @Test
    void info_findings_are_advice_and_not_planned() {
      EcaApp app = TestApps.copilotReady("A").set(EcaType.GLOBAL_OAUTH_SETTINGS, "isNamedUserJwtEnabled", "false")
          .build();

      ProvisionPlan plan = plan(planner("copilot-studio"), app);

      assertThat(plan.changes()).noneMatch(c -> c.field().equals("isNamedUserJwtEnabled"));
    }
  }

  @Nested
  class What_the_plan_promises {
    @Test
    void an_app_that_meets_the_profiles_has_an_empty_plan() {
      ProvisionPlan plan = plan(planner("copilot-studio"), TestApps.copilotReady("A").build());

      assertThat(plan.isEmpty()).isTrue();
      assertThat(plan.promised()).isEmpty();
    }

    @Test
    void the_app_after_the_plan_has_an_empty_plan_of_its_own() {
      EcaApp broken = TestApps.copilotReady("A")
          .set(EcaType.OAUTH_SETTINGS, "commaSeparatedOauthScopes", "Api")
          .set(EcaType.OAUTH_POLICIES, "ipRelaxationPolicyType", "Enforce")
          .set(EcaType.GLOBAL_OAUTH_SETTINGS, "isSecretRequiredForRefreshToken", "true").build();
      Planner planner = planner("copilot-studio");

      ProvisionPlan first = plan(planner, broken);
      ProvisionPlan second = plan(planner, first.after());

      assertThat(first.changes()).hasSize(3);
      assertThat(first.promised()).extracting(FindingKey::rule).contains("copilot-studio/refresh-without-secret",
          "mcp-client-base/refresh-scope", "copilot-studio/ip-relaxation");
      assertThat(second.isEmpty()).isTrue();
    }

    @Test
    void a_callback_url_only_the_admin_knows_is_unplanned_until_given() {
      EcaApp app = TestApps.copilotReady("A")
          .set(EcaType.GLOBAL_OAUTH_SETTINGS, "callbackUrl", "https://example.com/cb").build();
      Planner planner = planner("copilot-studio");

      ProvisionPlan without = plan(planner, app);
      ProvisionPlan with = planner.plan("org:dev", app, new Planner.Inputs(
          "https://global.consent.azure-apim.net/redirect/c9", List.of()), ProvisionPlan.Kind.UPDATE);

      assertThat(without.unplanned()).anySatisfy(u -> assertThat(u.why()).contains("--callback-url URL"));
      assertThat(change(with, "callbackUrl").reason()).isEqualTo("--callback-url");
      assertThat(with.promised()).extracting(FindingKey::rule).contains("copilot-studio/callback-url");
    }
  }

  @Test
  void a_rollback_plan_lists_what_differs_and_never_the_consumer_key() {
    EcaApp backup = TestApps.copilotReady("A").fromOrg("dev").build();
    EcaApp now = TestApps.copilotReady("A").fromOrg("dev")
        .set(EcaType.GLOBAL_OAUTH_SETTINGS, "consumerKey", "KEY-not-in-the-backup")
        .set(EcaType.OAUTH_POLICIES, "ipRelaxationPolicyType", "Enforce").build();

    ProvisionPlan plan = planner("copilot-studio").restore("org:dev", now, backup, "backup B");

    assertThat(plan.changes()).singleElement().satisfies(c -> {
      assertThat(c.field()).isEqualTo("ipRelaxationPolicyType");
      assertThat(c.before()).isEqualTo("Enforce");
      assertThat(c.after()).isEqualTo("Bypass");
      assertThat(c.reason()).isEqualTo("backup B");
    });
    assertThat(plan.componentsToDeploy()).singleElement()
        .satisfies(c -> assertThat(c.type()).isEqualTo(EcaType.OAUTH_POLICIES));
  }
}
