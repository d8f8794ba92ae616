package dev.ecaprovisioner.profile;

import static dev.ecaprovisioner.eca.EcaType.GLOBAL_OAUTH_SETTINGS;
import static dev.ecaprovisioner.eca.EcaType.OAUTH_POLICIES;
import static dev.ecaprovisioner.eca.EcaType.OAUTH_SETTINGS;
import static dev.ecaprovisioner.eca.EcaType.PLUGIN_POLICIES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.TestApps;
import dev.ecaprovisioner.validate.Finding;
import dev.ecaprovisioner.validate.ValidationReport;
import dev.ecaprovisioner.validate.Validator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What each shipped profile says about typical configurations. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BundledProfilesTest {
  private static List<Finding> check(TestApps app, String... profiles) {
    ValidationReport report = Validator.validate(List.of(app.build()),
        new ProfileLoader(Path.of("does-not-exist")).load(List.of(profiles)));
    return report.apps().get(0).findings();
  }

  private static List<String> errors(TestApps app, String... profiles) {
    return check(app, profiles).stream().filter(f -> f.severity() == Severity.ERROR).map(Finding::rule).toList();
  }

  private static Finding finding(List<Finding> findings, String rule) {
    return findings.stream().filter(f -> f.rule().equals(rule)).findFirst()
        .orElseThrow(() -> new AssertionError("no finding " + rule + " in " + findings));
  }

  @Nested
  class Copilot_studio {
    @Test
    void a_copilot_ready_app_with_every_control_has_only_the_conflict_warnings() {
      List<Finding> findings = check(TestApps.copilotReady("A"), "copilot-studio");
      assertThat(findings).allSatisfy(f -> {
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.conflict()).isNotNull();
        assertThat(f.conflict().controlsAbsent()).isEmpty();
      });
      assertThat(findings).extracting(Finding::rule).containsExactly("copilot-studio/no-refresh-token-rotation",
          "copilot-studio/pkce-off", "copilot-studio/refresh-without-secret");
    }

    @Test
    void the_seed_scenario_explains_why_copilot_studio_cannot_refresh() {
      TestApps seed = TestApps.copilotReady("Seed")
          .set(OAUTH_SETTINGS, "commaSeparatedOauthScopes", "Api, RefreshToken, OpenID, SFApiPlatform, MCP")
          .remove(GLOBAL_OAUTH_SETTINGS, "isSecretRequiredForRefreshToken");
      List<Finding> findings = check(seed, "copilot-studio");
      Finding refresh = finding(findings, "copilot-studio/refresh-without-secret");
      assertThat(refresh.severity()).isEqualTo(Severity.ERROR);
      assertThat(refresh.actual()).isEqualTo("true (default)");
      assertThat(refresh.message()).startsWith("Copilot Studio cannot refresh its token")
          .contains("without client_secret", "Require secret for Refresh Token Flow");
      assertThat(refresh.fix().setupLabel()).isEqualTo("Require secret for Refresh Token Flow");
      assertThat(refresh.fix().metadataValue()).isEqualTo("false");
      assertThat(findings).noneMatch(f -> f.rule().equals("security-baseline/require-secret-for-refresh"));
    }

    @Test
    void a_callback_url_that_is_not_power_platform_redirect_is_an_error() {
      assertThat(errors(TestApps.copilotReady("A").set(GLOBAL_OAUTH_SETTINGS, "callbackUrl",
          "https://claude.ai/api/mcp/auth_callback"), "copilot-studio")).containsExactly("copilot-studio/callback-url");
    }

    @Test
    void a_regional_power_platform_redirect_among_several_urls_is_accepted() {
      assertThat(errors(TestApps.copilotReady("A").set(GLOBAL_OAUTH_SETTINGS, "callbackUrl",
          "https://oauth.pstmn.io/v1/callback, https://europe-002.consent.azure-apim.net/redirect/x"),
          "copilot-studio")).isEmpty();
    }

    @Test
    void a_missing_refresh_scope_is_an_error_shown_with_both_names() {
      List<Finding> findings = check(TestApps.copilotReady("A").set(OAUTH_SETTINGS, "commaSeparatedOauthScopes",
          "Api, MCP"), "copilot-studio");
      assertThat(finding(findings, "mcp-client-base/refresh-scope").expected())
          .isEqualTo("includes RefreshToken / refresh_token");
    }

    @Test
    void refresh_token_policy_zero_is_an_error_and_a_lifetime_a_warning() {
      assertThat(errors(TestApps.copilotReady("A").set(OAUTH_POLICIES, "refreshTokenPolicyType", "Zero"),
          "copilot-studio")).containsExactly("mcp-client-base/refresh-token-not-zero");
      assertThat(finding(check(TestApps.copilotReady("A").set(OAUTH_POLICIES, "refreshTokenPolicyType",
          "SpecificLifetime"), "copilot-studio"), "copilot-studio/refresh-token-valid-until-revoked").severity())
          .isEqualTo(Severity.WARNING);
    }

    @Test
    void a_short_jwt_lifetime_and_enforced_ip_restrictions_are_warnings() {
      List<Finding> findings = check(TestApps.copilotReady("A").set(OAUTH_POLICIES, "namedUserJwtTimeout", "15")
          .set(OAUTH_POLICIES, "ipRelaxationPolicyType", "Enforce"), "copilot-studio");
      assertThat(finding(findings, "copilot-studio/jwt-lifetime").severity()).isEqualTo(Severity.WARNING);
      assertThat(finding(findings, "copilot-studio/ip-relaxation").actual()).isEqualTo("Enforce");
    }

    @Test
    void rotation_on_is_a_warning_that_carries_the_baseline_conflict() {
      Finding rotation = finding(check(TestApps.copilotReady("A").set(GLOBAL_OAUTH_SETTINGS,
          "isRefreshTokenRotationEnabled", "true"), "copilot-studio"), "copilot-studio/no-refresh-token-rotation");
      assertThat(rotation.severity()).isEqualTo(Severity.WARNING);
      assertThat(rotation.conflict().baselineRule()).isEqualTo("security-baseline/refresh-token-rotation");
    }

    @Test
    void a_disabled_app_or_oauth_plugin_is_an_error() {
      assertThat(errors(TestApps.copilotReady("A").set(PLUGIN_POLICIES, "isEnabled", "false")
          .set(PLUGIN_POLICIES, "isOauthPluginEnabled", "false"), "copilot-studio"))
          .containsExactly("mcp-client-base/app-enabled", "mcp-client-base/oauth-plugin-enabled");
    }
  }

  @Nested
  class Claude {
    private TestApps claudeReady() {
      return TestApps.copilotReady("A")
          .set(GLOBAL_OAUTH_SETTINGS, "callbackUrl", "https://claude.ai/api/mcp/auth_callback")
          .set(GLOBAL_OAUTH_SETTINGS, "isPkceRequired", "true")
          .set(GLOBAL_OAUTH_SETTINGS, "isSecretRequiredForRefreshToken", "true")
          .set(GLOBAL_OAUTH_SETTINGS, "isRefreshTokenRotationEnabled", "true");
    }

    @Test
    void works_with_the_security_baseline_as_it_is() {
      assertThat(check(claudeReady(), "claude")).isEmpty();
    }

    @Test
    void without_claude_callback_url_is_an_error() {
      assertThat(errors(claudeReady().set(GLOBAL_OAUTH_SETTINGS, "callbackUrl", "https://example.com/cb"), "claude"))
          .containsExactly("claude/callback-url");
    }

    @Test
    void turning_pkce_off_is_a_plain_baseline_warning_since_claude_does_not_need_it() {
      Finding pkce = finding(check(claudeReady().set(GLOBAL_OAUTH_SETTINGS, "isPkceRequired", "false"), "claude"),
          "security-baseline/require-pkce");
      assertThat(pkce.severity()).isEqualTo(Severity.WARNING);
      assertThat(pkce.conflict()).isNull();
    }
  }

  @Nested
  class Gemini {
    private TestApps geminiReady(String callbackUrl) {
      return TestApps.copilotReady("A")
          .set(GLOBAL_OAUTH_SETTINGS, "callbackUrl", callbackUrl)
          .set(GLOBAL_OAUTH_SETTINGS, "isPkceRequired", "true")
          .set(GLOBAL_OAUTH_SETTINGS, "isSecretRequiredForRefreshToken", "true")
          .set(GLOBAL_OAUTH_SETTINGS, "isRefreshTokenRotationEnabled", "true");
    }

    @Test
    void works_with_the_security_baseline_as_it_is_for_gemini_cli_or_gemini_enterprise() {
      assertThat(check(geminiReady("http://localhost:7777/oauth/callback"), "gemini")).isEmpty();
      assertThat(check(geminiReady("https://vertexaisearch.cloud.google.com/oauth-redirect"), "gemini")).isEmpty();
      assertThat(check(geminiReady("https://claude.ai/api/mcp/auth_callback\n"
          + "https://vertexaisearch.cloud.google.com/oauth-redirect"), "gemini")).isEmpty();
    }

    @Test
    void without_a_gemini_callback_url_is_an_error_naming_both() {
      TestApps elsewhere = geminiReady("https://vertexaisearch.cloud.google.com.example.net/oauth-redirect");
      assertThat(errors(elsewhere, "gemini")).containsExactly("gemini/callback-url");
      assertThat(finding(check(elsewhere, "gemini"), "gemini/callback-url").expected())
          .contains("http://localhost:7777/oauth/callback", "https://vertexaisearch.cloud.google.com/oauth-redirect");
    }
  }

  @Nested
  class Chatgpt_and_cursor {
    @Test
    void chatgpt_wants_its_connector_redirect() {
      assertThat(check(TestApps.copilotReady("A"), "chatgpt")).extracting(Finding::rule)
          .contains("chatgpt/callback-url");
      assertThat(check(TestApps.copilotReady("A").set(GLOBAL_OAUTH_SETTINGS, "callbackUrl",
          "https://chatgpt.com/connector_platform_oauth_redirect"), "chatgpt")).extracting(Finding::rule)
          .doesNotContain("chatgpt/callback-url");
    }

    @Test
    void cursor_wants_its_own_url_scheme() {
      assertThat(errors(TestApps.copilotReady("A"), "cursor")).containsExactly("cursor/callback-url");
      assertThat(errors(TestApps.copilotReady("A").set(GLOBAL_OAUTH_SETTINGS, "callbackUrl",
          "cursor://anysphere.cursor-mcp/oauth/callback"), "cursor")).isEmpty();
    }
  }

  @Nested
  class Server_side {
    @Test
    void hosted_mcp_needs_jwt_tokens_and_the_mcp_scope() {
      assertThat(errors(TestApps.copilotReady("A").set(GLOBAL_OAUTH_SETTINGS, "isNamedUserJwtEnabled", "false")
          .set(OAUTH_SETTINGS, "commaSeparatedOauthScopes", "Api, RefreshToken"), "hosted-mcp"))
          .containsExactly("hosted-mcp/jwt-access-tokens", "hosted-mcp/mcp-scope");
    }

    @Test
    void hosted_mcp_notes_the_retired_beta_scopes() {
      Finding beta = finding(check(TestApps.copilotReady("A").set(OAUTH_SETTINGS, "commaSeparatedOauthScopes",
          "RefreshToken, MCP, SFApiPlatform"), "hosted-mcp"), "hosted-mcp/beta-scopes");
      assertThat(beta.severity()).isEqualTo(Severity.INFO);
      assertThat(beta.fix().metadataValue()).isEqualTo("RefreshToken, MCP");
    }

    @Test
    void apex_mcp_needs_the_api_scope() {
      assertThat(errors(TestApps.copilotReady("A").set(OAUTH_SETTINGS, "commaSeparatedOauthScopes",
          "RefreshToken, MCP"), "apex-mcp")).containsExactly("apex-mcp/api-scope");
    }

    @Test
    void a_client_and_a_server_profile_combine() {
      assertThat(errors(TestApps.copilotReady("A").set(OAUTH_SETTINGS, "commaSeparatedOauthScopes", "Api"),
          "copilot-studio", "hosted-mcp")).containsExactly("hosted-mcp/mcp-scope", "hosted-mcp/refresh-scope",
          "mcp-client-base/refresh-scope");
    }
  }

  @Nested
  class Security_baseline {
    @Test
    void a_committed_consumer_secret_is_an_error_and_its_value_never_shown() {
      Finding secret = finding(check(TestApps.copilotReady("A").set(GLOBAL_OAUTH_SETTINGS, "consumerSecret", ""),
          "security-baseline"), "security-baseline/no-consumer-secret-in-source");
      assertThat(secret.severity()).isEqualTo(Severity.ERROR);
      assertThat(secret.actual()).isEqualTo("(set; value not shown)");
    }

    @Test
    void full_scope_and_client_credentials_are_warnings() {
      assertThat(check(TestApps.copilotReady("A").set(OAUTH_SETTINGS, "commaSeparatedOauthScopes", "Full")
          .set(GLOBAL_OAUTH_SETTINGS, "isClientCredentialsFlowEnabled", "true"), "security-baseline"))
          .extracting(Finding::rule).contains("security-baseline/least-privilege-scopes",
              "security-baseline/no-client-credentials-flow");
    }
  }
}
