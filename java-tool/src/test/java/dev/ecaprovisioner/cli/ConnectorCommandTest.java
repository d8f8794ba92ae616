package dev.ecaprovisioner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecaprovisioner.ExitCode;
import dev.ecaprovisioner.connector.FakeOrgAccess;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.org.FakeOrgApps;
import dev.ecaprovisioner.org.FakeSfCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code connector} run in-process against one fake org (Metadata API and REST) and a fake {@code sf}. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ConnectorCommandTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String APP = "Copilot_Studio_MCP";

  @TempDir
  Path dir;
  FakeOrgAccess org;
  FakeSfCli sf;

  void startOrg(boolean sandbox) throws IOException {
    org = FakeOrgAccess.start(sandbox);
    FakeOrgApps.addCopilotReadyApp(org.metadata(), APP);
    FakeOrgApps.addSeedScenarioApp(org.metadata(), "Seed_App");
    org.metadata().put(EcaType.EXTERNAL_CLIENT_APPLICATION, "Api_Only", "<label>Api_Only</label>");
    org.metadata().put(EcaType.OAUTH_SETTINGS, "Api_Only_oauth", "<commaSeparatedOauthScopes>Api, RefreshToken"
        + "</commaSeparatedOauthScopes><externalClientApplication>Api_Only</externalClientApplication>"
        + "<label>Api_Only_oauth</label>");
    Files.createDirectories(dir.resolve("bin"));
    sf = FakeSfCli.installIn(dir.resolve("bin")).signedIn("acme", org.instanceUrl().toString(), "65.0", org.token());
  }

  @AfterEach
  void stop() {
    if (org != null) {
      org.close();
    }
  }

  record Run(int exitCode, String out, String err) {}

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Cli.newCommandLine(dir, Map.of("ECA_PROVISIONER_SF", sf.executable().toString()));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    Run run = new Run(commandLine.execute(args), out.toString(), err.toString());
    assertThat(run.out() + run.err()).doesNotContain(org.token()).doesNotContain(FakeOrgApps.secretFor(APP));
    return run;
  }

  List<Path> written() throws IOException {
    if (!Files.exists(dir.resolve("connector"))) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir.resolve("connector"))) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Nested
  class Writing_a_connector {
    @Test
    void for_the_apex_endpoint_it_writes_the_three_files_with_the_orgs_urls_and_no_secret() throws Exception {
      startOrg(false);
      Run run = run("connector", "--target-org", "acme", "--app", APP, "--server", "apex");
      assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
      assertThat(run.err()).isEmpty();
      Path folder = dir.resolve("connector").resolve(APP);
      assertThat(written()).containsExactly(folder.resolve("README.md"), folder.resolve("apiDefinition.swagger.json"),
          folder.resolve("apiProperties.json"));
      JsonNode swagger = JSON.readTree(folder.resolve("apiDefinition.swagger.json").toFile());
      assertThat(swagger.path("host").asText()).isEqualTo(org.instanceUrl().getAuthority());
      assertThat(swagger.path("paths").has("/services/apexrest/mcp")).isTrue();
      assertThat(swagger.at("/securityDefinitions/oauth2_auth/tokenUrl").asText())
          .isEqualTo(org.instanceUrl() + "/services/oauth2/token");
      assertThat(swagger.at("/securityDefinitions/oauth2_auth/scopes").fieldNames()).toIterable()
          .containsExactly("api", "refresh_token");
      assertThat(run.out()).contains("wrote connector/" + APP + "/apiDefinition.swagger.json",
          "MCP server: " + org.instanceUrl() + "/services/apexrest/mcp");
      for (Path file : written()) {
        assertThat(Files.readString(file)).as(file.toString()).doesNotContain(org.token())
            .doesNotContain(FakeOrgApps.secretFor(APP)).doesNotContain("consumerKey");
      }
      assertThat(Files.readString(folder.resolve("README.md")).strip().lines().reduce((a, b) -> b).orElseThrow())
          .contains("provision --target-org acme --app " + APP + " --callback-url");
      assertThat(org.rest().queries()).containsExactly("SELECT IsSandbox, OrganizationType FROM Organization");
    }

    @Test
    void a_sandbox_org_gets_the_sandbox_form_of_a_hosted_server_and_test_salesforce_com() throws Exception {
      startOrg(true);
      Run run = run("connector", "-o", "acme", "--app", APP, "--server", "hosted:sobject-reads", "--variant",
          "actions", "--out", "out");
      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
      JsonNode swagger = JSON.readTree(dir.resolve("out/apiDefinition.swagger.json").toFile());
      assertThat(swagger.path("info").path("description").asText())
          .contains("https://api.salesforce.com/platform/mcp/v1/sandbox/platform/sobject-reads");
      assertThat(swagger.at("/securityDefinitions/oauth2_auth/authorizationUrl").asText())
          .isEqualTo("https://test.salesforce.com/services/oauth2/authorize");
      assertThat(dir.resolve("out/script.csx")).exists();
    }
  }

  @Nested
  class Disagreements {
    @Test
    void a_provider_that_refreshes_without_the_secret_the_app_requires_is_a_finding_and_nothing_is_written()
        throws Exception {
      startOrg(false);
      Run run = run("connector", "-o", "acme", "--app", "Seed_App", "--server", "apex", "--identity-provider",
          "oauth2");
      assertThat(run.exitCode()).isEqualTo(ExitCode.FINDINGS);
      assertThat(run.out()).contains("Validated org:acme against connector", "connector/refresh-secret",
          "ExtlClntAppGlobalOauthSettings.isSecretRequiredForRefreshToken");
      assertThat(run.err().lines()).singleElement().asString().contains("nothing was written");
      assertThat(written()).isEmpty();
    }

    @Test
    void force_writes_the_connector_all_the_same_and_its_readme_names_the_disagreement() throws Exception {
      startOrg(false);
      Run run = run("connector", "-o", "acme", "--app", "Seed_App", "--server", "apex", "--identity-provider",
          "oauth2", "--force");
      assertThat(run.exitCode()).isEqualTo(ExitCode.FINDINGS);
      assertThat(Files.readString(dir.resolve("connector/Seed_App/README.md"))).contains("connector/refresh-secret");
    }
  }

  @Nested
  class Bad_input {
    @Test
    void an_unknown_hosted_server_is_one_line_exit_2_and_no_org_is_asked() throws Exception {
      startOrg(false);
      Run run = run("connector", "-o", "acme", "--app", APP, "--server", "hosted:sobject-everything");
      assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run.err().lines()).singleElement().asString().contains("sobject-everything", "custom:NAME");
      assertThat(sf.calls()).isEmpty();
      assertThat(written()).isEmpty();
    }

    @Test
    void an_app_without_the_scope_mcp_needs_is_one_line_exit_2_and_nothing_is_written() throws Exception {
      startOrg(false);
      Run run = run("connector", "-o", "acme", "--app", "Api_Only", "--server", "hosted:sobject-all");
      assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run.err().lines()).singleElement().asString().contains("mcp_api");
      assertThat(written()).isEmpty();
    }

    @Test
    void an_out_folder_that_is_not_empty_is_refused_without_force_and_left_as_it_was() throws Exception {
      startOrg(false);
      Path out = Files.createDirectories(dir.resolve("connector").resolve(APP));
      Files.writeString(out.resolve("apiProperties.json"), "mine");
      Run run = run("connector", "-o", "acme", "--app", APP, "--server", "apex");
      assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run.err().lines()).singleElement().asString().contains("not empty", "--force");
      assertThat(written()).containsExactly(out.resolve("apiProperties.json"));
      assertThat(Files.readString(out.resolve("apiProperties.json"))).isEqualTo("mine");
      assertThat(run("connector", "-o", "acme", "--app", APP, "--server", "apex", "--force").exitCode())
          .isEqualTo(ExitCode.OK);
      assertThat(Files.readString(out.resolve("apiProperties.json"))).contains("oauth2pkce");
    }

    @Test
    void an_app_the_org_does_not_have_is_exit_2() throws Exception {
      startOrg(false);
      Run run = run("connector", "-o", "acme", "--app", "Nope", "--server", "apex");
      assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run.err().lines()).singleElement().asString().contains("Nope");
    }
  }

  @Test
  void an_org_that_will_not_say_whether_it_is_a_sandbox_is_exit_3_unless_the_admin_says_it() throws Exception {
    startOrg(false);
    org.rest().deny("Organization", 403, "INSUFFICIENT_ACCESS", "insufficient access rights on object id");
    Run run = run("connector", "-o", "acme", "--app", APP, "--server", "apex");
    assertThat(run.exitCode()).isEqualTo(ExitCode.ORG_FAILURE);
    assertThat(run.err().lines()).singleElement().asString().contains("--sandbox");
    assertThat(written()).isEmpty();
    assertThat(run("connector", "-o", "acme", "--app", APP, "--server", "hosted:sobject-all", "--sandbox")
        .exitCode()).isEqualTo(ExitCode.OK);
  }
}
