package dev.ecaprovisioner.validate;

import static dev.ecaprovisioner.eca.EcaType.GLOBAL_OAUTH_SETTINGS;
import static dev.ecaprovisioner.eca.EcaType.OAUTH_POLICIES;
import static dev.ecaprovisioner.eca.EcaType.OAUTH_SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.ExitCode;
import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.TestApps;
import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.profile.Profile;
import dev.ecaprovisioner.profile.ProfileLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ValidatorTest {
  @TempDir
  Path dir;

  private static final String BASELINE = """
      name: base
      controls:
        - id: small-team
          label: permitted users limited to a permission set
          fix: assign a permission set
          all:
            - {type: ExtlClntAppOauthConfigurablePolicies, field: commaSeparatedPermissionSet, present: true}
        - id: ip-ranges
          label: trusted IP ranges
          fix: add IP ranges
          all:
            - {type: ExtlClntAppOauthSettings, field: trustedIpRanges, present: true}
      rules:
        - id: base/secret-for-refresh
          severity: warning
          type: ExtlClntAppGlobalOauthSettings
          field: isSecretRequiredForRefreshToken
          expect: {equals: true}
          message: refresh needs no secret
          compensatingControls: [small-team, ip-ranges]
      """;

  private static final String CLIENT = """
      name: client
      extends: [base]
      rules:
        - id: client/no-secret-for-refresh
          severity: error
          type: ExtlClntAppGlobalOauthSettings
          field: isSecretRequiredForRefreshToken
          expect: {equals: false}
          message: the client refreshes without a secret
          overrides: {rule: base/secret-for-refresh, acceptedRisk: a stolen refresh token works alone}
      """;

  private List<Profile> profiles(String... documents) throws IOException {
    List<String> names = new ArrayList<>();
    for (String document : documents) {
      String name = document.lines().findFirst().orElseThrow().substring("name: ".length()).strip();
      Files.writeString(dir.resolve(name + ".yaml"), document);
      names.add(dir.resolve(name + ".yaml").toString());
    }
    return new ProfileLoader(dir).load(names);
  }

  private static AppResult only(ValidationReport report) {
    assertThat(report.apps()).hasSize(1);
    return report.apps().get(0);
  }

  private static List<Finding> findings(ValidationReport report, String rule) {
    return only(report).findings().stream().filter(f -> f.rule().equals(rule)).toList();
  }

  @Nested
  class Plain_rules {
    @Test
    void a_field_left_out_is_judged_by_its_documented_default() throws IOException {
      EcaApp app = TestApps.copilotReady("A").remove(GLOBAL_OAUTH_SETTINGS, "isSecretRequiredForRefreshToken")
          .build();
      ValidationReport report = Validator.validate(List.of(app), profiles("""
          name: p
          rules:
            - id: p/no-secret
              severity: error
              type: ExtlClntAppGlobalOauthSettings
              field: isSecretRequiredForRefreshToken
              expect: {equals: false}
              message: needs it off
          """));
      Finding finding = only(report).findings().get(0);
      assertThat(finding.actual()).isEqualTo("true (default)");
      assertThat(finding.expected()).isEqualTo("false");
      assertThat(finding.fix()).isEqualTo(new Fix("Require secret for Refresh Token Flow", "false"));
      assertThat(report.exitCode()).isEqualTo(ExitCode.FINDINGS);
    }

    @Test
    void a_met_rule_is_listed_as_passed_and_gives_no_finding() throws IOException {
      ValidationReport report = Validator.validate(List.of(TestApps.copilotReady("A").build()), profiles("""
          name: p
          rules:
            - id: p/jwt
              severity: error
              type: ExtlClntAppGlobalOauthSettings
              field: isNamedUserJwtEnabled
              expect: {equals: true}
              message: needs JWT
          """));
      assertThat(only(report).findings()).isEmpty();
      assertThat(only(report).passedRules()).containsExactly("p/jwt");
      assertThat(report.exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void a_missing_scope_is_shown_with_both_names_and_the_fix_keeps_the_other_scopes() throws IOException {
      EcaApp app = TestApps.copilotReady("A").set(OAUTH_SETTINGS, "commaSeparatedOauthScopes", "Api, MCP").build();
      ValidationReport report = Validator.validate(List.of(app), profiles("""
          name: p
          rules:
            - id: p/refresh
              severity: error
              type: ExtlClntAppOauthSettings
              field: commaSeparatedOauthScopes
              expect: {includes: [refresh_token]}
              message: no refresh scope
          """));
      Finding finding = only(report).findings().get(0);
      assertThat(finding.expected()).isEqualTo("includes RefreshToken / refresh_token");
      assertThat(finding.actual()).isEqualTo("Api / api, MCP / mcp_api");
      assertThat(finding.fix().metadataValue()).isEqualTo("Api, MCP, RefreshToken");
      assertThat(finding.location()).isEqualTo(new Location("src/A.ecaOauth-meta.xml", 4));
    }

    @Test
    void a_rule_whose_condition_does_not_hold_is_not_applied() throws IOException {
      EcaApp app = TestApps.copilotReady("A").set(GLOBAL_OAUTH_SETTINGS, "isNamedUserJwtEnabled", "false")
          .set(OAUTH_POLICIES, "namedUserJwtTimeout", "5").build();
      String profile = """
          name: p
          rules:
            - id: p/long-jwt
              severity: warning
              type: ExtlClntAppOauthConfigurablePolicies
              field: namedUserJwtTimeout
              when:
                - {type: ExtlClntAppGlobalOauthSettings, field: isNamedUserJwtEnabled, equals: true}
              expect: {atLeast: 60}
              message: short
          """;
      assertThat(only(Validator.validate(List.of(app), profiles(profile))).findings()).isEmpty();
      EcaApp jwt = TestApps.copilotReady("A").set(OAUTH_POLICIES, "namedUserJwtTimeout", "5").build();
      assertThat(only(Validator.validate(List.of(jwt), profiles(profile))).findings())
          .extracting(Finding::rule).containsExactly("p/long-jwt");
    }

    @Test
    void a_source_only_rule_is_not_applied_to_an_app_read_from_an_org() throws IOException {
      String profile = """
          name: p
          rules:
            - id: p/no-secret-in-source
              severity: error
              type: ExtlClntAppGlobalOauthSettings
              field: consumerSecret
              expect: {present: false}
              sourceOnly: true
              message: secret committed
          """;
      TestApps withSecret = TestApps.copilotReady("A").set(GLOBAL_OAUTH_SETTINGS, "consumerSecret", "");
      Finding finding = only(Validator.validate(List.of(withSecret.build()), profiles(profile))).findings().get(0);
      assertThat(finding.actual()).isEqualTo("(set; value not shown)");
      assertThat(only(Validator.validate(List.of(withSecret.fromOrg("prod").build()), profiles(profile))).findings())
          .isEmpty();
    }
  }

  @Nested
  class Conflicts_with_the_baseline {
    @Test
    void an_app_set_as_the_client_needs_gets_one_warning_naming_risk_and_controls() throws IOException {
      EcaApp app = TestApps.copilotReady("A").build();
      ValidationReport report = Validator.validate(List.of(app), profiles(BASELINE, CLIENT));
      assertThat(only(report).findings()).singleElement().satisfies(f -> {
        assertThat(f.rule()).isEqualTo("client/no-secret-for-refresh");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.conflict()).isEqualTo(new Conflict("base/secret-for-refresh", "a stolen refresh token works alone",
            List.of("permitted users limited to a permission set", "trusted IP ranges"), List.of()));
        assertThat(f.message()).contains("Conflict between client and the security baseline",
            "Accepted risk: a stolen refresh token works alone", "absent: none");
      });
      assertThat(report.exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void names_the_compensating_controls_the_app_lacks() throws IOException {
      EcaApp app = TestApps.copilotReady("A").remove(OAUTH_POLICIES, "commaSeparatedPermissionSet").build();
      Finding f = only(Validator.validate(List.of(app), profiles(BASELINE, CLIENT))).findings().get(0);
      assertThat(f.conflict().controlsPresent()).containsExactly("trusted IP ranges");
      assertThat(f.conflict().controlsAbsent()).containsExactly("permitted users limited to a permission set");
      assertThat(f.fix().setupLabel()).contains("assign a permission set");
    }

    @Test
    void an_app_set_as_the_baseline_wants_gets_the_client_error_with_the_conflict_attached() throws IOException {
      EcaApp app = TestApps.copilotReady("A").remove(GLOBAL_OAUTH_SETTINGS, "isSecretRequiredForRefreshToken").build();
      ValidationReport report = Validator.validate(List.of(app), profiles(BASELINE, CLIENT));
      assertThat(only(report).findings()).singleElement().satisfies(f -> {
        assertThat(f.rule()).isEqualTo("client/no-secret-for-refresh");
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.conflict().baselineRule()).isEqualTo("base/secret-for-refresh");
        assertThat(f.message()).startsWith("the client refreshes without a secret")
            .contains("base/secret-for-refresh", "accepted risk");
      });
    }

    @Test
    void the_baseline_alone_reports_its_own_rule() throws IOException {
      EcaApp app = TestApps.copilotReady("A").build();
      assertThat(only(Validator.validate(List.of(app), profiles(BASELINE))).findings()).singleElement()
          .satisfies(f -> {
            assertThat(f.rule()).isEqualTo("base/secret-for-refresh");
            assertThat(f.conflict()).isNull();
          });
    }
  }

  @Nested
  class What_keeps_rules_from_being_checked {
    @Test
    void a_missing_component_is_one_warning_and_its_rules_are_skipped() throws IOException {
      EcaApp app = TestApps.copilotReady("A").without(GLOBAL_OAUTH_SETTINGS).build();
      AppResult result = only(Validator.validate(List.of(app), profiles(BASELINE, CLIENT)));
      assertThat(result.findings()).singleElement().satisfies(f -> {
        assertThat(f.rule()).isEqualTo(Validator.RULE_MISSING_COMPONENT);
        assertThat(f.type()).isEqualTo("ExtlClntAppGlobalOauthSettings");
        assertThat(f.message()).contains("1 rule(s)");
      });
    }

    @Test
    void a_component_without_its_app_header_is_reported() throws IOException {
      EcaApp app = TestApps.copilotReady("A").without(EcaType.EXTERNAL_CLIENT_APPLICATION).build();
      assertThat(only(Validator.validate(List.of(app), profiles(BASELINE))).findings())
          .filteredOn(f -> f.rule().equals(Validator.RULE_MISSING_COMPONENT))
          .singleElement().satisfies(f -> assertThat(f.type()).isEqualTo("ExternalClientApplication"));
    }

    @Test
    void an_unknown_field_and_an_unknown_scope_are_reported_where_they_are() throws IOException {
      EcaApp app = TestApps.copilotReady("A").set(OAUTH_SETTINGS, "commaSeparatedOauthScopes", "Api, Everything")
          .set(GLOBAL_OAUTH_SETTINGS, "isFutureThing", "true").build();
      ValidationReport report = Validator.validate(List.of(app), profiles(BASELINE));
      assertThat(findings(report, Validator.RULE_UNKNOWN_FIELD)).singleElement()
          .satisfies(f -> assertThat(f.field()).isEqualTo("isFutureThing"));
      assertThat(findings(report, Validator.RULE_UNKNOWN_SCOPE)).singleElement()
          .satisfies(f -> assertThat(f.actual()).isEqualTo("Everything"));
    }

    @Test
    void an_app_that_could_not_be_read_is_an_error() {
      AppResult result = AppResult.readFailure("A", "org:prod", "INSUFFICIENT_ACCESS reading A");
      ValidationReport report = new ValidationReport("org:prod", List.of(), List.of(result));
      assertThat(report.exitCode()).isEqualTo(ExitCode.FINDINGS);
      assertThat(result.findings()).singleElement()
          .satisfies(f -> assertThat(f.rule()).isEqualTo(Validator.RULE_READ_FAILED));
    }
  }

  @Test
  void orders_apps_by_name_and_findings_by_severity_then_rule() throws IOException {
    EcaApp b = TestApps.copilotReady("B").set(OAUTH_SETTINGS, "commaSeparatedOauthScopes", "Api, Everything")
        .remove(GLOBAL_OAUTH_SETTINGS, "isSecretRequiredForRefreshToken").build();
    EcaApp a = TestApps.copilotReady("A").build();
    ValidationReport report = Validator.validate(List.of(b, a), profiles(BASELINE, CLIENT));
    assertThat(report.apps()).extracting(AppResult::name).containsExactly("A", "B");
    assertThat(report.apps().get(1).findings()).extracting(Finding::severity)
        .containsExactly(Severity.ERROR, Severity.WARNING);
    assertThat(Validator.validate(List.of(a, b), profiles(BASELINE, CLIENT))).isEqualTo(report);
  }
}
