package dev.ecaprovisioner.cli;

import static dev.ecaprovisioner.org.FakeOAuthOrg.loginRow;
import static dev.ecaprovisioner.org.FakeOAuthOrg.recently;
import static dev.ecaprovisioner.org.FakeOAuthOrg.tokenRow;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecaprovisioner.ExitCode;
import dev.ecaprovisioner.doctor.DoctorEnvironment;
import dev.ecaprovisioner.mcp.CannedMcpServer;
import dev.ecaprovisioner.mcp.TranscriptMcpServer;
import dev.ecaprovisioner.org.FakeOAuthOrg;
import dev.ecaprovisioner.org.FakeOrgApps;
import dev.ecaprovisioner.org.FakeSfCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DoctorCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String USER = "005xx0000000001AAA";

  @TempDir
  Path dir;
  FakeOAuthOrg org;
  FakeSfCli sf;
  String adminToken;
  final Map<String, String> environment = new HashMap<>();
  final List<String> secrets = new ArrayList<>();
  final List<Run> runs = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    org = FakeOAuthOrg.start();
    adminToken = "00D" + UUID.randomUUID().toString().replace("-", "") + "!ADMIN";
    org.acceptToken(adminToken);
    sf = FakeSfCli.installIn(dir);
    sf.signedIn("dev", org.instanceUrl().toString(), "65.0", adminToken);
    environment.put("ECA_PROVISIONER_SF", sf.executable().toString());
  }

  @AfterEach
  void stop() {
    org.close();
  }

  record Run(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out).path("result");
    }

    JsonNode step(int number) throws Exception {
      return json().path("steps").get(number - 1);
    }
  }

  Run run(String... args) {
    CommandLine commandLine = Cli.newCommandLine(dir, environment);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exit = commandLine.execute(args);
    Run run = new Run(exit, out.toString(), err.toString());
    runs.add(run);
    return run;
  }

  /** A refresh token of a test sign-in and the app's credentials, in the environment as a user gives them. */
  void credentials(boolean withSecret) {
    environment.put(DoctorEnvironment.REFRESH_TOKEN, org.signIn());
    environment.put(DoctorEnvironment.CLIENT_ID, org.clientId());
    if (withSecret) {
      environment.put(DoctorEnvironment.CONSUMER_SECRET, org.consumerSecret());
    }
  }

  /** Tokens used again after sign-in and successful attempts: what a refreshing client leaves behind. */
  void refreshingHistory(String label) {
    org.tokenRows(List.of(tokenRow(label, USER, recently(Duration.ofDays(3)), recently(Duration.ofHours(1)), 9)));
    org.loginRows(List.of(loginRow(label, USER, recently(Duration.ofHours(1)), "Success"),
        loginRow(label, USER, recently(Duration.ofHours(2)), "Success"),
        loginRow("Other App", USER, recently(Duration.ofHours(2)), "Failed: Invalid Password")));
  }

  @Nested
  class The_seed_scenario {
    @Test
    void is_diagnosed_as_a_refresh_refused_for_a_missing_secret() throws Exception {
      FakeOrgApps.addSeedScenarioApp(org.metadata(), "Sales_MCP");
      org.requireSecretForRefresh(true);
      org.tokenRows(List.of(tokenRow("Sales_MCP", USER, recently(Duration.ofHours(3)), recently(Duration.ofHours(3)),
          1)));
      org.loginRows(List.of(loginRow("Sales_MCP", USER, recently(Duration.ofHours(2)), "Failed: Client secret "
          + "required"), loginRow("Sales_MCP", USER, recently(Duration.ofHours(3)), "Success")));
      credentials(false);

      Run run = run("doctor", "--target-org", "dev", "--app", "Sales_MCP", "--format", "json");

      assertThat(run.exit()).as(run.err() + run.out()).isEqualTo(ExitCode.FINDINGS);
      assertThat(run.step(1).path("status").asText()).isEqualTo("fail");
      assertThat(run.step(1).path("summary").asText()).contains("isSecretRequiredForRefreshToken");
      assertThat(run.step(2).path("summary").asText()).contains("Salesforce refused")
          .contains("Failed: Client secret required").contains("lacked the client secret");
      assertThat(run.step(4).path("status").asText()).isEqualTo("fail");
      assertThat(run.step(4).path("summary").asText()).contains("invalid_client").contains("client secret required")
          .contains("carries no client secret");
      assertThat(org.refreshRequests()).hasSize(1).allSatisfy(r -> assertThat(r).doesNotContainKeys("client_secret",
          "basic"));
      JsonNode verdict = run.json().path("verdict");
      assertThat(verdict.path("cause").asText()).contains("refused");
      assertThat(verdict.path("fix").asText())
          .isEqualTo("eca-provisioner provision --target-org dev --app Sales_MCP --profile copilot-studio");
      assertThat(run.err()).isEmpty();
    }
  }

  @Nested
  class A_client_that_never_refreshes {
    @Test
    void is_diagnosed_as_the_client_not_the_settings() throws Exception {
      FakeOrgApps.addCopilotReadyApp(org.metadata(), "Ready_App");
      org.tokenRows(List.of(tokenRow("Ready_App", USER, recently(Duration.ofDays(2)), recently(Duration.ofDays(2)), 1),
          tokenRow("Ready_App", "005xx0000000002AAA", recently(Duration.ofDays(1)), recently(Duration.ofDays(1)), 1)));
      org.loginRows(List.of(loginRow("Ready_App", USER, recently(Duration.ofDays(2)), "Success"),
          loginRow("Ready_App", "005xx0000000002AAA", recently(Duration.ofDays(1)), "Success")));

      Run run = run("doctor", "--target-org", "dev", "--app", "Ready_App", "--format", "json");

      assertThat(run.exit()).as(run.err() + run.out()).isEqualTo(ExitCode.FINDINGS);
      assertThat(run.step(1).path("status").asText()).isEqualTo("pass");
      assertThat(run.step(2).path("status").asText()).isEqualTo("fail");
      assertThat(run.step(2).path("summary").asText()).contains("never came back to refresh");
      assertThat(run.step(4).path("status").asText()).isEqualTo("skipped");
      assertThat(run.step(4).path("summary").asText()).contains(DoctorEnvironment.REFRESH_TOKEN);
      JsonNode verdict = run.json().path("verdict");
      assertThat(verdict.path("cause").asText()).contains("never came back");
      assertThat(verdict.path("noSettingFixes").asText()).contains("No Salesforce setting");
      assertThat(verdict.path("fix").asText()).doesNotContain("provision");
    }
  }

  @Nested
  class A_healthy_app {
    @Test
    void passes_every_step_and_exits_0() throws Exception {
      FakeOrgApps.addCopilotReadyApp(org.metadata(), "Ready_App");
      org.requireSecretForRefresh(false);
      refreshingHistory("Ready_App");
      credentials(false);
      try (TranscriptMcpServer mcp = TranscriptMcpServer.start()) {
        mcp.requireToken();
        org.onAccessToken(mcp::acceptToken);

        Run run = run("doctor", "--target-org", "dev", "--app", "Ready_App", "--endpoint", mcp.url().toString(),
            "--format", "json");

        assertThat(run.json().path("steps")).extracting(s -> s.path("status").asText())
            .containsExactly("pass", "pass", "pass", "pass", "pass");
        assertThat(run.exit()).as(run.out()).isEqualTo(ExitCode.OK);
        assertThat(run.json().path("verdict").isNull()).isTrue();
        assertThat(run.step(3).path("summary").asText()).contains("JWT").contains("s left");
        assertThat(run.step(3).path("details").toString()).contains("signature verifies").contains("no expires_in");
        assertThat(run.step(5).path("summary").asText()).contains("The session survived the refresh");
        List<TranscriptMcpServer.Received> lists = mcp.received().stream()
            .filter(r -> r.body().contains("tools/list")).toList();
        assertThat(lists).isNotEmpty().allSatisfy(r -> {
          assertThat(r.headers()).doesNotContainKey("mcp-session-id");
          assertThat(r.body()).contains(mcp.sessionMetaKey());
        });
        assertThat(lists.get(0).headers().get("authorization"))
            .isNotEqualTo(lists.get(lists.size() - 1).headers().get("authorization"));
      }
      Run text = run("doctor", "--target-org", "dev", "--app", "Ready_App");
      assertThat(text.out()).contains("1. Settings: pass").contains("Verdict: every step that ran passed");
    }
  }

  @Nested
  class Refresh_token_rotation {
    @Test
    void revokes_the_tokens_of_a_client_that_reuses_its_first_refresh_token() throws Exception {
      FakeOrgApps.addCopilotReadyApp(org.metadata(), "Ready_App");
      org.requireSecretForRefresh(false).rotateRefreshTokens(true);
      refreshingHistory("Ready_App");
      credentials(false);

      Run run = run("doctor", "--target-org", "dev", "--app", "Ready_App", "--format", "json");

      assertThat(run.exit()).as(run.err() + run.out()).isEqualTo(ExitCode.FINDINGS);
      JsonNode refresh = run.step(4);
      assertThat(refresh.path("status").asText()).isEqualTo("fail");
      assertThat(refresh.path("summary").asText()).contains("rotation is on").contains("invalid_grant");
      assertThat(refresh.path("details").toString()).contains("a new refresh token came back");
      assertThat(run.json().path("verdict").path("fix").asText()).contains("provision");
    }

    @Test
    void is_survived_by_a_client_that_keeps_the_rotated_token() throws Exception {
      FakeOrgApps.addCopilotReadyApp(org.metadata(), "Ready_App");
      org.requireSecretForRefresh(true).rotateRefreshTokens(true);
      refreshingHistory("Ready_App");
      credentials(true);

      Run run = run("doctor", "--target-org", "dev", "--app", "Ready_App", "--client", "claude", "--format", "json");

      assertThat(run.step(4).path("status").asText()).as(run.out()).isEqualTo("pass");
      assertThat(org.refreshRequests()).hasSize(2).allSatisfy(r -> assertThat(r).containsEntry("basic", "present")
          .doesNotContainKey("client_secret"));
    }
  }

  @Nested
  class The_gemini_client {
    @Test
    void is_taken_by_name_and_refreshes_as_its_profile_says() throws Exception {
      java.nio.file.Files.createDirectories(dir.resolve("config/profiles"));
      java.nio.file.Files.writeString(dir.resolve("config/profiles/gemini.yaml"), """
          name: gemini
          refresh:
            clientSecret: body
            keepsRotatedRefreshToken: true
            reason: a test profile
            source: this test
          rules: []
          """);
      FakeOrgApps.addCopilotReadyApp(org.metadata(), "Ready_App");
      refreshingHistory("Ready_App");
      credentials(true);

      Run run = run("doctor", "--target-org", "dev", "--app", "Ready_App", "--client", "gemini", "--format", "json");

      assertThat(run.json().path("client").asText()).isEqualTo("gemini");
      assertThat(run.step(4).path("status").asText()).as(run.out()).isEqualTo("pass");
      assertThat(run.step(4).path("details").get(0).asText())
          .isEqualTo("gemini sends the grant with client_secret in the body (this test)");
      assertThat(org.refreshRequests()).hasSize(2).allSatisfy(r -> assertThat(r).containsEntry("client_secret",
          "present"));
    }
  }

  @Nested
  class An_expired_session_on_the_server {
    @Test
    void is_reported_as_a_404_and_recovered_by_initializing_again() throws Exception {
      FakeOrgApps.addCopilotReadyApp(org.metadata(), "Ready_App");
      org.requireSecretForRefresh(false);
      refreshingHistory("Ready_App");
      credentials(false);
      try (TranscriptMcpServer mcp = TranscriptMcpServer.start()) {
        AtomicInteger issued = new AtomicInteger();
        org.onAccessToken(token -> {
          if (issued.incrementAndGet() == 2) {
            mcp.forgetSessions();
          }
        });

        Run run = run("doctor", "--target-org", "dev", "--app", "Ready_App", "--endpoint", mcp.url().toString(),
            "--format", "json");

        assertThat(run.exit()).as(run.err() + run.out()).isEqualTo(ExitCode.FINDINGS);
        JsonNode session = run.step(5);
        assertThat(session.path("status").asText()).isEqualTo("fail");
        assertThat(session.path("summary").asText()).contains("did not survive").contains("404")
            .contains("initializing again recovered");
        assertThat(session.path("details").toString()).contains("initialize again after 404: initialize: HTTP 200")
            .contains("after recovery: tools/list: HTTP 200");
        assertThat(run.json().path("verdict").path("noSettingFixes").asText()).contains("404");
      }
    }
  }

  @Nested
  class A_hosted_mcp_server {
    @Test
    void answering_INVALID_JWT_FORMAT_is_explained_as_jwt_based_tokens_being_off() throws Exception {
      try (CannedMcpServer hosted = CannedMcpServer.start()) {
        hosted.refuseWith("INVALID_JWT_FORMAT", "The access token is not a valid JWT");
        environment.put(DoctorEnvironment.MCP_BEARER_TOKEN, "00D" + UUID.randomUUID().toString().replace("-", "")
            + "!OPAQUE");

        Run run = run("doctor", "--endpoint", hosted.url().toString(), "--format", "json");

        assertThat(run.exit()).as(run.err() + run.out()).isEqualTo(ExitCode.FINDINGS);
        assertThat(run.json().path("steps")).extracting(s -> s.path("status").asText())
            .containsExactly("skipped", "skipped", "skipped", "skipped", "fail");
        assertThat(run.step(5).path("summary").asText()).contains("INVALID_JWT_FORMAT")
            .contains("JWT-based access tokens for named users are off");
        assertThat(run.json().path("verdict").path("fix").asText()).contains("--profile hosted-mcp");
      }
    }
  }

  @Nested
  class Tool_schemas {
    @Test
    void name_each_tool_Copilot_Studio_would_drop_or_mangle() throws Exception {
      try (CannedMcpServer server = CannedMcpServer.start()) {
        server.tools("""
            [{"name": "find_accounts", "inputSchema": {"type": "object", "properties": {
               "filter": {"$ref": "#/$defs/filter"}}, "$defs": {"filter": {"type": "string"}}}},
             {"name": "page", "inputSchema": {"type": "object", "properties": {
               "size": {"type": "integer", "exclusiveMinimum": 0},
               "mode": {"type": ["string", "null"]}, "level": {"type": "integer", "enum": [1, 2, 3]}}}},
             {"name": "ok_tool", "inputSchema": {"type": "object", "properties": {"q": {"type": "string"}}}}]""");

        Run run = run("doctor", "--endpoint", server.url().toString(), "--format", "json");

        assertThat(run.exit()).as(run.err() + run.out()).isEqualTo(ExitCode.FINDINGS);
        String details = run.step(5).path("details").toString();
        assertThat(details).contains("Copilot Studio dropped tool find_accounts at /inputSchema/properties/filter")
            .contains("Copilot Studio dropped tool page at /inputSchema/properties/size")
            .contains("Copilot Studio mangled tool page at /inputSchema/properties/mode")
            .contains("Copilot Studio mangled tool page at /inputSchema/properties/level")
            .doesNotContain("tool ok_tool");
        assertThat(run.step(5).path("summary").asText()).contains("would drop 2 and mangle 1");
      }
    }
  }

  @Nested
  class Secrets {
    @Test
    void never_reach_stdout_stderr_or_json() throws Exception {
      FakeOrgApps.addSeedScenarioApp(org.metadata(), "Sales_MCP");
      FakeOrgApps.addCopilotReadyApp(org.metadata(), "Ready_App");
      org.requireSecretForRefresh(false).rotateRefreshTokens(true);
      refreshingHistory("Ready_App");
      try (TranscriptMcpServer mcp = TranscriptMcpServer.start()) {
        mcp.requireToken();
        org.onAccessToken(mcp::acceptToken);
        for (String client : List.of("copilot-studio", "claude", "chatgpt", "cursor")) {
          credentials(true);
          for (String format : List.of("text", "json", "markdown")) {
            run("doctor", "--target-org", "dev", "--app", "Ready_App", "--client", client, "--endpoint",
                mcp.url().toString(), "--format", format);
          }
        }
        credentials(false);
        org.jwtAccessTokens(false);
        run("doctor", "--target-org", "dev", "--app", "Sales_MCP", "--endpoint", mcp.url().toString(), "--verbose");
      }
      environment.put(DoctorEnvironment.MCP_BEARER_TOKEN, "00D" + UUID.randomUUID() + "!BEARER");
      run("doctor", "--endpoint", "http://127.0.0.1:9/mcp");
      secrets.addAll(org.secrets());
      secrets.add(environment.get(DoctorEnvironment.MCP_BEARER_TOKEN));
      assertThat(secrets).hasSizeGreaterThan(20);
      assertThat(runs).hasSize(14);
      for (Run run : runs) {
        for (String secret : secrets) {
          assertThat(run.out()).doesNotContain(secret);
          assertThat(run.err()).doesNotContain(secret);
        }
      }
      assertThat(runs.subList(0, 13)).allSatisfy(r -> assertThat(r.out()).containsIgnoringCase("verdict"));
    }
  }

  @Nested
  class Bad_usage {
    @Test
    void without_an_org_or_an_endpoint_exits_2() {
      Run run = run("doctor");
      assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run.err().strip()).isEqualTo("give --target-org ALIAS --app NAME, or --endpoint URL, or both");
      assertThat(run.out()).isEmpty();
    }

    @Test
    void an_org_without_an_app_an_unknown_client_or_format_or_a_plain_http_endpoint_exit_2() {
      assertThat(run("doctor", "-o", "dev").err().strip()).isEqualTo("--target-org needs --app NAME: doctor looks at "
          + "one app");
      assertThat(run("doctor", "-o", "dev", "--app", "A", "--client", "netscape").err().strip())
          .startsWith("--client netscape: not a known client");
      assertThat(run("doctor", "--endpoint", "http://example.com/mcp").err().strip())
          .isEqualTo("--endpoint must use https:// (plain http:// only for a loopback address): http://example.com/mcp");
      assertThat(run("doctor", "--endpoint", "https://example.com/mcp", "--format", "html").err().strip())
          .isEqualTo("--format html: doctor writes text, json or markdown");
      assertThat(runs).allSatisfy(r -> {
        assertThat(r.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.out()).isEmpty();
      });
    }

    @Test
    void an_app_the_org_does_not_hold_exits_2() {
      FakeOrgApps.addCopilotReadyApp(org.metadata(), "Ready_App");
      Run run = run("doctor", "-o", "dev", "--app", "No_Such_App");
      assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run.err().strip()).isEqualTo("the org dev has no External Client App named No_Such_App");
    }
  }

  @Nested
  class An_expired_login {
    @Test
    void is_renewed_once_through_the_cli_for_the_queries() throws Exception {
      String renewed = "00D" + UUID.randomUUID().toString().replace("-", "") + "!RENEWED";
      org.acceptToken(renewed);
      sf.signedIn("dev", org.instanceUrl().toString(), "65.0", adminToken, renewed);
      FakeOrgApps.addCopilotReadyApp(org.metadata(), "Ready_App");
      refreshingHistory("Ready_App");
      org.rest().expireToken(adminToken);

      Run run = run("doctor", "--target-org", "dev", "--app", "Ready_App", "--format", "json");

      assertThat(run.step(2).path("status").asText()).as(run.out()).isEqualTo("pass");
      assertThat(run.out()).doesNotContain(renewed).doesNotContain(adminToken);
    }
  }

  @Nested
  class An_org_that_cannot_be_reached {
    @Test
    void exits_3_with_what_to_run() {
      sf.loginExpired("gone", org.instanceUrl().toString());
      Run run = run("doctor", "-o", "gone", "--app", "Ready_App");
      assertThat(run.exit()).isEqualTo(ExitCode.ORG_FAILURE);
      assertThat(run.err()).contains("sf org login web");
      assertThat(run.out()).isEmpty();
    }
  }
}
