package dev.ecaprovisioner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecaprovisioner.ExitCode;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.org.FakeMetadataApi;
import dev.ecaprovisioner.org.FakeMetadataApi.Failure;
import dev.ecaprovisioner.org.FakeOrgApps;
import dev.ecaprovisioner.org.FakeRestApi;
import dev.ecaprovisioner.org.FakeSfCli;
import dev.ecaprovisioner.org.OrgValidation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AuditCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;
  FakeMetadataApi fake;
  FakeRestApi rest;
  FakeSfCli sf;
  String token;
  final Map<String, String> environment = new HashMap<>();

  @BeforeEach
  void start() throws Exception {
    fake = FakeMetadataApi.start();
    token = newToken("AUDIT");
    fake.acceptToken(token);
    rest = FakeRestApi.beside(fake, token);
    sf = FakeSfCli.installIn(dir);
    sf.signedIn("dev", fake.instanceUrl(), "65.0", token);
    environment.put("ECA_PROVISIONER_SF", sf.executable().toString());
  }

  @AfterEach
  void stop() {
    fake.close();
    rest.close();
  }

  static String newToken(String mark) {
    return "00D" + UUID.randomUUID().toString().replace("-", "") + "!" + mark;
  }

  record Run(int exit, String out, String err) {}

  Run run(String... args) {
    CommandLine commandLine = Cli.newCommandLine(dir, environment);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exit = commandLine.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static List<String> rules(JsonNode app) {
    List<String> rules = new ArrayList<>();
    app.path("findings").forEach(f -> rules.add(f.path("rule").asText()));
    return rules;
  }

  static JsonNode app(JsonNode target, String name) {
    for (JsonNode app : target.path("apps")) {
      if (app.path("name").asText().equals(name)) {
        return app;
      }
    }
    throw new AssertionError("no app " + name + " in " + target);
  }

  @Nested
  class Org_answers_that_break_the_rules {
    @Test
    void a_consumer_key_from_the_org_never_reaches_a_report_even_when_a_profile_overrides_the_baseline_rule()
        throws Exception {
      String key = "3MVG9" + UUID.randomUUID().toString().replace("-", "");
      fake.put(EcaType.EXTERNAL_CLIENT_APPLICATION, "Keyed", "<label>Keyed</label>");
      fake.put(EcaType.GLOBAL_OAUTH_SETTINGS, "Keyed_glbloauth", "<callbackUrl>https://example.com/cb</callbackUrl>"
          + "<consumerKey>" + key + "</consumerKey><externalClientApplication>Keyed</externalClientApplication>"
          + "<label>Keyed_glbloauth</label>");
      Path profile = Files.writeString(dir.resolve("keeps-key.yaml"), String.join("\n",
          "name: keeps-key",
          "description: wants the consumer key",
          "extends: [security-baseline]",
          "rules:",
          "  - id: keeps-key/key-set",
          "    severity: error",
          "    type: ExtlClntAppGlobalOauthSettings",
          "    field: consumerKey",
          "    expect: {present: true}",
          "    message: The key must be set.",
          "    overrides:",
          "      rule: security-baseline/no-consumer-key-in-source",
          "      acceptedRisk: the key is public.",
          ""));

      for (String format : List.of("text", "json", "html", "markdown", "sarif", "junit")) {
        Run run = run("audit", "--target-org", "dev", "--profile", profile.toString(), "--format", format);
        assertThat(run.out()).as(format).contains("keeps-key/key-set");
        assertThat(run.out() + run.err()).as(format).doesNotContain(key);
      }
    }

    @Test
    void a_fault_whose_detail_cannot_be_bound_is_an_org_failure_with_its_code_and_message() {
      FakeOrgApps.addCopilotReadyApp(fake, "Ready_App");
      fake.failNext(FakeMetadataApi.LIST, 10, Failure.faultWithUnbindableDetail("INVALID_TYPE",
          "INVALID_TYPE: scripted with a detail of another type"));

      Run run = run("audit", "--target-org", "dev", "--max-retries", "0");

      assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.ORG_FAILURE);
      assertThat(run.err()).contains("INVALID_TYPE: scripted with a detail of another type")
          .doesNotContain("unexpected error", "ClassCastException", "Exception");
    }

    @Test
    void a_fault_that_echoes_the_token_url_encoded_or_xml_escaped_never_shows_it() {
      FakeOrgApps.addCopilotReadyApp(fake, "Ready_App");
      String encoded = java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8);
      fake.failNext(FakeMetadataApi.LIST, 10, new Failure.Fault("INVALID_TYPE", "bad session " + encoded));
      fake.failNext(FakeMetadataApi.READ, 10, new Failure.Fault("INVALID_TYPE", "bad session &#" + (int) token.charAt(0)
          + ";" + token.substring(1)));

      for (String format : List.of("text", "json", "html", "markdown", "sarif", "junit")) {
        Run run = run("audit", "--target-org", "dev", "--max-retries", "0", "--format", format);
        assertThat(run.err()).contains("bad session [redacted]");
        assertThat(run.out() + run.err()).doesNotContain(encoded).doesNotContain(token.substring(1))
            .doesNotContain("AUDIT");
      }
    }
  }

  @Nested
  class Auditing {
    @Test
    void checks_every_app_of_the_org_and_summarises_it() throws Exception {
      FakeOrgApps.addCopilotReadyApp(fake, "Ready_App");
      FakeOrgApps.addSeedScenarioApp(fake, "Seed_App");

      Run run = run("audit", "--target-org", "dev", "--format", "json");

      assertThat(run.exit()).isEqualTo(ExitCode.FINDINGS);
      JsonNode result = JSON.readTree(run.out()).path("result");
      assertThat(result.path("target").asText()).isEqualTo("org:dev");
      assertThat(result.path("summary").path("apps").asInt()).isEqualTo(2);
      assertThat(result.path("summary").path("errors").asInt()).isEqualTo(1);
      assertThat(rules(app(result, "Seed_App"))).contains("copilot-studio/refresh-without-secret");
      assertThat(app(result, "Ready_App").path("findings")).allSatisfy(f ->
          assertThat(f.path("severity").asText()).isNotEqualTo("error"));
      assertThat(run.err()).isEmpty();
    }

    @Test
    void audits_several_orgs_with_a_summary_for_each() throws Exception {
      FakeOrgApps.addSeedScenarioApp(fake, "Seed_App");
      try (FakeMetadataApi prod = FakeMetadataApi.start()) {
        String prodToken = newToken("PROD");
        prod.acceptToken(prodToken);
        FakeOrgApps.addCopilotReadyApp(prod, "Prod_App");
        FakeOrgApps.addCopilotReadyApp(prod, "Prod_Other");
        sf.signedIn("prod", prod.instanceUrl(), "64.0", prodToken);

        Run text = run("audit", "-o", "dev", "-o", "prod");
        assertThat(text.exit()).isEqualTo(ExitCode.FINDINGS);
        assertThat(text.out()).contains("org:dev: 1 app: 1 error").contains("org:prod: 2 apps: 0 errors")
            .contains("3 apps: 1 error");

        Run json = run("audit", "-o", "dev", "-o", "prod", "--format", "json");
        JsonNode targets = JSON.readTree(json.out()).path("result").path("targets");
        assertThat(targets).hasSize(2);
        assertThat(targets.get(1).path("target").asText()).isEqualTo("org:prod");
        assertThat(targets.get(1).path("summary").path("apps").asInt()).isEqualTo(2);
        assertThat(prod.versionsSeen()).containsExactly("64.0");
      }
    }

    @Test
    void finds_in_the_org_what_validate_finds_in_the_same_source() throws Exception {
      Path seed = Path.of("src/test/resources/fixtures/seed-scenario");
      FakeOrgApps.addSourceTree(fake, seed.resolve("force-app"));

      Run fromOrg = run("validate", "--target-org", "dev", "--format", "json");
      Run fromSource = run("validate", "--source", seed.toAbsolutePath().resolve("force-app").toString(),
          "--format", "json");

      assertThat(fromOrg.exit()).isEqualTo(fromSource.exit()).isEqualTo(ExitCode.FINDINGS);
      JsonNode orgApp = JSON.readTree(fromOrg.out()).path("result").path("apps").get(0);
      JsonNode sourceApp = JSON.readTree(fromSource.out()).path("result").path("apps").get(0);
      assertThat(orgApp.path("name").asText()).isEqualTo(sourceApp.path("name").asText());
      assertThat(rules(orgApp)).isEqualTo(rules(sourceApp)).contains("copilot-studio/refresh-without-secret");
      for (int i = 0; i < orgApp.path("findings").size(); i++) {
        JsonNode o = orgApp.path("findings").get(i);
        JsonNode s = sourceApp.path("findings").get(i);
        for (String key : List.of("severity", "type", "field", "expected", "actual", "message", "fix")) {
          assertThat(o.path(key)).as(key + " of " + o.path("rule")).isEqualTo(s.path(key));
        }
      }
    }

    @Test
    void validates_only_the_app_asked_for() throws Exception {
      FakeOrgApps.addCopilotReadyApp(fake, "Ready_App");
      FakeOrgApps.addSeedScenarioApp(fake, "Seed_App");

      Run run = run("validate", "-o", "dev", "--app", "Ready_App", "--format", "json");

      assertThat(run.exit()).isEqualTo(ExitCode.OK);
      JsonNode apps = JSON.readTree(run.out()).path("result").path("apps");
      assertThat(apps).hasSize(1);
      assertThat(apps.get(0).path("name").asText()).isEqualTo("Ready_App");

      Run unknown = run("validate", "-o", "dev", "--app", "No_Such_App");
      assertThat(unknown.exit()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(unknown.err().strip()).isEqualTo("the org dev has no External Client App named No_Such_App");
    }

    @Test
    void writes_an_html_report_to_a_file() throws Exception {
      FakeOrgApps.addSeedScenarioApp(fake, "Seed_App");

      Run run = run("audit", "-o", "dev", "--format", "html", "--output", "audit.html");

      assertThat(run.exit()).isEqualTo(ExitCode.FINDINGS);
      assertThat(run.out()).isEmpty();
      String html = Files.readString(dir.resolve("audit.html"));
      assertThat(html).startsWith("<!DOCTYPE html>").contains("org:dev").contains("Seed_App")
          .contains("copilot-studio/refresh-without-secret").doesNotContain("<script").doesNotContain("http-equiv")
          .doesNotContain("<link").doesNotContain("src=");
    }

    @Test
    void does_not_judge_a_field_the_orgs_api_version_lacks() throws Exception {
      FakeOrgApps.addCopilotReadyApp(fake, "Ready_App");
      sf.signedIn("old", fake.instanceUrl(), "64.0", token);

      JsonNode at65 = app(JSON.readTree(run("audit", "-o", "dev", "--format", "json").out()).path("result"),
          "Ready_App");
      JsonNode at64 = app(JSON.readTree(run("audit", "-o", "old", "--format", "json").out()).path("result"),
          "Ready_App");

      assertThat(rules(at65)).doesNotContain(OrgValidation.RULE_FIELD_NOT_IN_API_VERSION);
      assertThat(rules(at64)).contains(OrgValidation.RULE_FIELD_NOT_IN_API_VERSION);
      JsonNode note = at64.path("findings").get(rules(at64).indexOf(OrgValidation.RULE_FIELD_NOT_IN_API_VERSION));
      assertThat(note.path("severity").asText()).isEqualTo("info");
      assertThat(note.path("field").asText()).isEqualTo("namedUserJwtSessionTimeoutType");
      assertThat(note.path("message").asText()).contains("API 64.0");
      assertThat(fake.versionsSeen()).contains("64.0", "65.0");
    }

    @Test
    void reports_an_org_without_apps_as_empty_and_passing() throws Exception {
      Run run = run("audit", "-o", "dev", "--format", "json");

      assertThat(run.exit()).isEqualTo(ExitCode.OK);
      assertThat(JSON.readTree(run.out()).path("result").path("summary").path("apps").asInt()).isZero();
    }
  }

  @Nested
  class Signing_in {
    @Test
    void exits_3_with_what_to_run_for_an_unknown_alias() {
      Run run = run("audit", "-o", "nope");

      assertThat(run.exit()).isEqualTo(ExitCode.ORG_FAILURE);
      assertThat(run.err()).isEqualTo("the Salesforce CLI knows no org called nope: run `sf org login web -o nope`\n");
      assertThat(run.out()).isEmpty();
    }

    @Test
    void exits_3_with_what_to_run_when_the_login_expired() {
      sf.loginExpired("stale", fake.instanceUrl());

      Run run = run("audit", "-o", "dev", "-o", "stale");

      assertThat(run.exit()).isEqualTo(ExitCode.ORG_FAILURE);
      assertThat(run.err().strip())
          .isEqualTo("the Salesforce CLI's login to stale has expired: run `sf org login web -o stale`");
      // No org is read before every sign-in worked.
      assertThat(fake.calls(FakeMetadataApi.LIST)).isZero();
    }

    @Test
    void exits_3_when_the_cli_is_missing() {
      environment.put("ECA_PROVISIONER_SF", dir.resolve("missing/sf").toString());

      Run run = run("audit", "-o", "dev");

      assertThat(run.exit()).isEqualTo(ExitCode.ORG_FAILURE);
      assertThat(run.err()).contains("cannot be started: install it with `npm install --global @salesforce/cli`");
    }

    @Test
    void reads_an_org_with_instance_url_and_the_token_from_the_environment() throws Exception {
      FakeOrgApps.addCopilotReadyApp(fake, "Ready_App");
      environment.put("SF_ACCESS_TOKEN", token);

      Run run = run("audit", "--instance-url", fake.instanceUrl(), "--format", "json");

      assertThat(run.exit()).isEqualTo(ExitCode.OK);
      assertThat(JSON.readTree(run.out()).path("result").path("target").asText()).isEqualTo("org:127.0.0.1");
      assertThat(sf.calls()).isEmpty();
    }

    @Test
    void refuses_instance_url_without_the_token_or_over_plain_http() {
      Run missing = run("audit", "--instance-url", fake.instanceUrl());
      assertThat(missing.exit()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(missing.err()).contains("SF_ACCESS_TOKEN");

      environment.put("SF_ACCESS_TOKEN", token);
      Run plain = run("audit", "--instance-url", "http://acme.my.salesforce.com");
      assertThat(plain.exit()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(plain.err()).contains("plain http:// is allowed only for loopback");
    }

    @Test
    void refuses_an_audit_without_an_org() {
      Run run = run("audit");

      assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run.err()).contains("audit needs --target-org ALIAS (repeatable) or --instance-url URL");
    }

    @Test
    void gets_a_fresh_token_from_sf_when_the_session_expires() throws Exception {
      FakeOrgApps.addCopilotReadyApp(fake, "Ready_App");
      String fresh = newToken("FRESH");
      sf.signedIn("dev", fake.instanceUrl(), "65.0", token, fresh);
      fake.acceptToken(fresh);
      fake.expireToken(token);

      Run run = run("audit", "-o", "dev", "--format", "json");

      assertThat(run.exit()).isEqualTo(ExitCode.OK);
      assertThat(sf.calls()).filteredOn(c -> c.startsWith("org auth show-access-token")).hasSize(2);
    }
  }

  @Nested
  class Faults {
    @Test
    void reports_denied_consumer_secret_settings_as_unknown_with_a_warning() throws Exception {
      FakeOrgApps.addSeedScenarioApp(fake, "Seed_App");
      fake.deny(EcaType.GLOBAL_OAUTH_SETTINGS, "INSUFFICIENT_ACCESS");

      Run run = run("audit", "-o", "dev", "--format", "json");

      JsonNode app = app(JSON.readTree(run.out()).path("result"), "Seed_App");
      assertThat(rules(app)).contains(OrgValidation.RULE_SETTINGS_UNKNOWN)
          .doesNotContain("copilot-studio/refresh-without-secret", "eca/missing-component");
      List<String> globalRules = new ArrayList<>();
      app.path("findings").forEach(f -> {
        if (f.path("type").asText().equals("ExtlClntAppGlobalOauthSettings")) {
          globalRules.add(f.path("rule").asText());
        }
      });
      assertThat(globalRules).containsExactly(OrgValidation.RULE_SETTINGS_UNKNOWN);
      assertThat(run.err()).startsWith("warning: org dev: the settings of 1 app(s) could not be read")
          .contains("INSUFFICIENT_ACCESS");
      assertThat(run.exit()).isNotEqualTo(ExitCode.ORG_FAILURE);
    }

    @Test
    void reports_apps_it_could_not_read_as_errors_with_an_error_line() throws Exception {
      for (int i = 0; i < 12; i++) {
        FakeOrgApps.addCopilotReadyApp(fake, String.format("App%02d", i));
      }
      // The first header batch (App00..App09) fails for good; App10 and App11 are read.
      fake.failNext(FakeMetadataApi.READ, 1, Failure.fault("INVALID_CROSS_REFERENCE_KEY"));

      Run run = run("audit", "-o", "dev", "--concurrency", "1", "--format", "json");

      assertThat(run.exit()).isEqualTo(ExitCode.FINDINGS);
      JsonNode result = JSON.readTree(run.out()).path("result");
      assertThat(rules(app(result, "App03"))).containsExactly("eca/read-failed");
      assertThat(app(result, "App03").path("findings").get(0).path("severity").asText()).isEqualTo("error");
      assertThat(rules(app(result, "App11"))).doesNotContain("eca/read-failed");
      assertThat(run.err()).startsWith("error: org dev: 10 apps could not be read and were not checked");
    }

    @Test
    void exits_3_when_nothing_could_be_read() {
      FakeOrgApps.addCopilotReadyApp(fake, "Ready_App");
      fake.failNext(FakeMetadataApi.LIST, 10, Failure.http(503));

      Run run = run("audit", "-o", "dev", "--max-retries", "1");

      assertThat(run.exit()).isEqualTo(ExitCode.ORG_FAILURE);
      assertThat(run.err()).startsWith("error: org dev could not be read: listMetadata failed")
          .contains("HTTP 503").contains("tried 2 times");
      assertThat(fake.calls(FakeMetadataApi.LIST)).isEqualTo(4);
    }

    @Test
    void writes_the_report_of_the_orgs_it_could_read_and_exits_3_for_the_one_it_could_not() throws Exception {
      FakeOrgApps.addSeedScenarioApp(fake, "Seed_App");
      try (FakeMetadataApi down = FakeMetadataApi.start()) {
        String downToken = newToken("DOWN");
        down.acceptToken(downToken);
        FakeOrgApps.addCopilotReadyApp(down, "Down_App");
        down.failNext(FakeMetadataApi.LIST, 10, Failure.http(502));
        sf.signedIn("down", down.instanceUrl(), "65.0", downToken);

        Run run = run("audit", "-o", "dev", "-o", "down", "--max-retries", "0", "--format", "json");

        assertThat(run.exit()).isEqualTo(ExitCode.ORG_FAILURE);
        assertThat(JSON.readTree(run.out()).path("status").asInt()).as("the envelope's status is the exit code")
            .isEqualTo(ExitCode.ORG_FAILURE);
        JsonNode targets = JSON.readTree(run.out()).path("result").path("targets");
        assertThat(rules(app(targets.get(0), "Seed_App"))).contains("copilot-studio/refresh-without-secret");
        assertThat(rules(targets.get(1).path("apps").get(0))).containsExactly("eca/read-failed");
        assertThat(run.err()).isEqualTo("error: org down could not be read: listMetadata failed: HTTP 502 with an "
            + "answer that is not a SOAP message\n");
      }
    }

    @Test
    void refuses_bad_concurrency_and_retry_options() {
      assertThat(run("audit", "-o", "dev", "--concurrency", "0").exit()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run("audit", "-o", "dev", "--concurrency", "101").exit()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run("audit", "-o", "dev", "--max-retries", "-1").exit()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run("audit", "-o", "dev", "--timeout", "0").exit()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run("validate", "-o", "dev", "-o", "prod").err()).contains("use `audit` to check several");
      assertThat(run("validate", "-o", "dev", "--source", "x").err()).contains("give one of them");
    }
  }
}
