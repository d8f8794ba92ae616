package dev.ecaprovisioner.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The doctor report in every format against {@code golden/doctor-NAME.FORMAT.expected}. Run with {@code
 * -Dgolden.update=true} to rewrite the files after an intended change, then review the diff.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DoctorRendererGoldenTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden");
  static final boolean UPDATE = Boolean.getBoolean("golden.update");

  /** The seed scenario as doctor reports it: the refresh refused for a missing secret. */
  static DoctorReport seed() {
    String fix = "eca-provisioner provision --target-org dev --app Sales_MCP --profile copilot-studio";
    String refused = "Salesforce refused the refresh as copilot-studio sends it: invalid_client (client secret "
        + "required). The request carries no client secret and the app requires one for refresh.";
    return new DoctorReport("dev", "Sales_MCP", "copilot-studio", List.of(
        new StepResult(SettingsStep.TITLE, StepResult.Status.FAIL, "1 setting breaks sign-in or refresh; the likeliest: "
            + "ExtlClntAppGlobalOauthSettings.isSecretRequiredForRefreshToken.", List.of("error: "
            + "ExtlClntAppGlobalOauthSettings.isSecretRequiredForRefreshToken: Copilot Studio cannot refresh its "
            + "token. Fix: Require secret for Refresh Token Flow (isSecretRequiredForRefreshToken = false).",
            "warning: ExtlClntAppOauthConfigurablePolicies.ipRelaxationPolicyType: IP restrictions are enforced."),
            "Run: " + fix, Duration.ofMillis(812), new Cause(Cause.SETTING, "The setting "
                + "ExtlClntAppGlobalOauthSettings.isSecretRequiredForRefreshToken: Copilot Studio cannot refresh.",
                fix, null)),
        new StepResult(RecordsStep.TITLE, StepResult.Status.FAIL, "The client tried to refresh and Salesforce refused "
            + "it, recording \"Failed: Client secret required\": the request lacked the client secret the app "
            + "requires.", List.of("token of user 005xx0000000001AAA: granted 2026-11-30T08:15:00Z, last used "
            + "2026-11-30T08:15:00Z, used 1 time", "2 sign-in attempts in the last 30 days, 1 refused"), "Run: " + fix,
            Duration.ofMillis(140), new Cause(Cause.REFRESH_RECORDED, "The client tried to refresh and Salesforce "
                + "refused it.", fix, null)),
        StepResult.skipped(TokenFactsStep.TITLE, "No access token: give a refresh token (step 4) or, with --endpoint "
            + "alone, MCP_BEARER_TOKEN."),
        new StepResult(RefreshStep.TITLE, StepResult.Status.FAIL, refused, List.of("copilot-studio sends the grant "
            + "without client_secret (field reports)", "first refresh: HTTP 400 in 35 ms, error invalid_client: "
            + "client secret required"), "Run: " + fix, Duration.ofMillis(35),
            new Cause(Cause.REFRESH_REFUSED, refused, fix, null)),
        StepResult.skipped(McpSessionStep.TITLE, "No --endpoint.")));
  }

  /** A healthy endpoint, only the MCP steps run: no verdict. */
  static DoctorReport healthyEndpoint() {
    return new DoctorReport("mcp.example.com", null, "copilot-studio", List.of(
        StepResult.skipped(SettingsStep.TITLE, "No --target-org: only the MCP steps ran."),
        StepResult.skipped(RecordsStep.TITLE, "No --target-org."),
        new StepResult(TokenFactsStep.TITLE, StepResult.Status.SKIPPED, "The token is opaque and introspection gave no "
            + "answer: introspection needs --target-org and ECA_CLIENT_ID", List.of("the token is opaque (not a JWT)"),
            "", Duration.ofMillis(1), null),
        StepResult.skipped(RefreshStep.TITLE, "No --target-org: the refresh goes to the org's token endpoint."),
        new StepResult(McpSessionStep.TITLE, StepResult.Status.PASS, "Listed 3 tools; whether the session survives a "
            + "refresh was not checked. No --target-org: the refresh goes to the org's token endpoint.", List.of("initialize: HTTP 200 in 20 ms, protocol "
            + "2025-06-18", "notifications/initialized: HTTP 202 in 3 ms", "session id received in the body (and "
            + "carried there)", "tools/list: HTTP 200 in 18 ms", "3 tools listed"), "", Duration.ofMillis(44), null)));
  }

  @ParameterizedTest
  @EnumSource(DoctorRenderer.class)
  void the_seed_scenario_renders_exactly_as_expected(DoctorRenderer renderer) throws IOException {
    compare(renderer.render(seed()), "doctor-seed", renderer);
  }

  @ParameterizedTest
  @EnumSource(DoctorRenderer.class)
  void a_healthy_endpoint_renders_exactly_as_expected(DoctorRenderer renderer) throws IOException {
    compare(renderer.render(healthyEndpoint()), "doctor-endpoint", renderer);
  }

  private static void compare(String rendered, String name, DoctorRenderer renderer) throws IOException {
    Path expected = GOLDEN.resolve(name + "." + renderer.name().toLowerCase(java.util.Locale.ROOT) + ".expected");
    if (UPDATE) {
      Files.writeString(expected, rendered, StandardCharsets.UTF_8);
    }
    assertThat(expected).as("missing golden file; run with -Dgolden.update=true").exists();
    assertThat(rendered).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
  }
}
