package dev.ecaprovisioner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecaprovisioner.ExitCode;
import dev.ecaprovisioner.audit.AppUsage;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.org.FakeMetadataApi;
import dev.ecaprovisioner.org.FakeOrgApps;
import dev.ecaprovisioner.org.FakeRestApi;
import dev.ecaprovisioner.org.FakeSfCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code audit}'s answers to a reviewer's other questions: who uses each app (OauthToken through the REST API, on the
 * same loopback host as the fake Metadata API), and what changed since an earlier audit ({@code --baseline}), with
 * {@code --fail-on}.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AuditUsageAndBaselineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter SALESFORCE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
      .withZone(ZoneOffset.UTC);

  @TempDir
  Path dir;
  FakeSfCli sf;
  final Map<String, String> environment = new HashMap<>();
  final List<AutoCloseable> open = new ArrayList<>();
  /** A refresh token value the fake's rows carry in AccessToken, as the object holds it: it must never be shown. */
  final String refreshToken = "5Aep" + UUID.randomUUID().toString().replace("-", "") + "REFRESH";

  @BeforeEach
  void start() {
    sf = FakeSfCli.installIn(dir);
    environment.put("ECA_PROVISIONER_SF", sf.executable().toString());
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  /** An org on one host: the Metadata API and the REST query resource, with OauthToken rows. */
  final class Org {
    final FakeMetadataApi metadata;
    final FakeRestApi rest;
    final String token = "00D" + UUID.randomUUID().toString().replace("-", "") + "!USAGE";
    final List<Map<String, Object>> tokens = new CopyOnWriteArrayList<>();

    Org(String alias) throws IOException {
      metadata = FakeMetadataApi.start();
      rest = FakeRestApi.start();
      open.add(metadata);
      open.add(rest);
      metadata.acceptToken(token);
      rest.acceptToken(token);
      metadata.handle("/services/data/", rest.queryResource());
      // Only the rows of the labels the query names, as Salesforce filters AppName IN (...).
      rest.answer("OauthToken", soql -> tokens.stream()
          .filter(row -> soql.contains("'" + row.get("AppName") + "'")).toList());
      sf.signedIn(alias, metadata.instanceUrl(), "65.0", token);
    }

    /** A token of {@code user} for the app labelled {@code label}, last used {@code daysAgo} days ago. */
    Org token(String label, String user, int daysAgo) {
      Instant used = Instant.now().minus(Duration.ofDays(daysAgo));
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("AppName", label);
      fields.put("UserId", user);
      fields.put("CreatedDate", SALESFORCE.format(used.minus(Duration.ofDays(30))));
      fields.put("LastUsedDate", SALESFORCE.format(used));
      fields.put("UseCount", 12);
      fields.put("AccessToken", refreshToken);
      tokens.add(FakeRestApi.record("OauthToken", "0CR" + tokens.size(), fields));
      return this;
    }
  }

  record Run(int exit, String out, String err) {
    JsonNode json() throws IOException {
      return JSON.readTree(out);
    }
  }

  Run run(String... args) {
    CommandLine commandLine = Cli.newCommandLine(dir, environment);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exit = commandLine.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static JsonNode app(JsonNode target, String name) {
    for (JsonNode app : target.path("apps")) {
      if (app.path("name").asText().equals(name)) {
        return app;
      }
    }
    throw new AssertionError("no app " + name + " in " + target);
  }

  static List<String> rules(JsonNode app) {
    List<String> rules = new ArrayList<>();
    app.path("findings").forEach(f -> rules.add(f.path("rule").asText()));
    return rules;
  }

  static JsonNode finding(JsonNode app, String rule) {
    for (JsonNode f : app.path("findings")) {
      if (f.path("rule").asText().equals(rule)) {
        return f;
      }
    }
    throw new AssertionError("no finding " + rule + " in " + app);
  }

  @Nested
  class Usage {
    @Test
    void counts_users_and_the_last_use_per_app_matched_by_its_label() throws Exception {
      Org org = new Org("dev");
      FakeOrgApps.addCopilotReadyApp(org.metadata, "Sales_MCP");
      org.metadata.put(EcaType.EXTERNAL_CLIENT_APPLICATION, "Sales_MCP",
          "<distributionState>Local</distributionState><label>Sales MCP</label>");
      org.token("Sales MCP", "005A", 2).token("Sales MCP", "005B", 5).token("Sales MCP", "005A", 40)
          .token("Some Connected App", "005C", 1);

      Run run = run("audit", "-o", "dev", "--format", "json");

      assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.OK);
      JsonNode usage = app(run.json().path("result"), "Sales_MCP").path("usage");
      assertThat(usage.path("users").asInt()).isEqualTo(2);
      assertThat(usage.path("tokens").asInt()).isEqualTo(3);
      assertThat(Instant.parse(usage.path("lastUsed").asText()))
          .isBetween(Instant.now().minus(Duration.ofDays(3)), Instant.now().minus(Duration.ofDays(1)));
      assertThat(rules(app(run.json().path("result"), "Sales_MCP"))).doesNotContain(AppUsage.RULE_APP_UNUSED);
      assertThat(org.rest.queries()).singleElement().satisfies(q -> assertThat(q)
          .contains("FROM OauthToken", "AppName IN ('Sales MCP')").doesNotContain("AccessToken"));
      assertThat(run.err()).isEmpty();
    }

    @Test
    void an_app_no_one_used_for_the_unused_days_gets_an_info_finding() throws Exception {
      Org org = new Org("dev");
      FakeOrgApps.addCopilotReadyApp(org.metadata, "Used_App");
      FakeOrgApps.addCopilotReadyApp(org.metadata, "Stale_App");
      FakeOrgApps.addCopilotReadyApp(org.metadata, "Never_App");
      org.token("Used_App", "005A", 3).token("Stale_App", "005A", 120).token("Stale_App", "005B", 95);

      JsonNode result = run("audit", "-o", "dev", "--format", "json").json().path("result");

      assertThat(rules(app(result, "Used_App"))).doesNotContain(AppUsage.RULE_APP_UNUSED);
      JsonNode stale = finding(app(result, "Stale_App"), AppUsage.RULE_APP_UNUSED);
      assertThat(stale.path("severity").asText()).isEqualTo("info");
      assertThat(stale.path("message").asText()).contains("in the last 90 days", "2 users hold tokens");
      assertThat(finding(app(result, "Never_App"), AppUsage.RULE_APP_UNUSED).path("actual").asText())
          .isEqualTo("no user holds a token");
      assertThat(app(result, "Never_App").path("usage").path("users").asInt()).isZero();

      JsonNode shorter = run("audit", "-o", "dev", "--format", "json", "--unused-days", "2").json().path("result");
      assertThat(rules(app(shorter, "Used_App"))).contains(AppUsage.RULE_APP_UNUSED);
      assertThat(shorter.path("usage").path("unusedDays").asInt()).isEqualTo(2);
    }

    @Test
    void shows_usage_in_text_beside_each_app_and_never_the_token_values() throws Exception {
      Org org = new Org("dev");
      FakeOrgApps.addCopilotReadyApp(org.metadata, "Used_App");
      org.token("Used_App", "005A", 3);

      for (String format : List.of("text", "json", "markdown", "html", "sarif", "junit")) {
        Run run = run("audit", "-o", "dev", "--format", format);
        assertThat(run.out() + run.err()).as(format).doesNotContain(refreshToken).doesNotContain(org.token);
        if (List.of("text", "markdown", "html").contains(format)) {
          assertThat(run.out()).as(format).contains("1 user holds tokens, last used ");
        }
      }
    }

    @Test
    void a_user_who_cannot_read_oauth_tokens_gets_one_note_per_org_and_the_audit_still_passes() throws Exception {
      Org org = new Org("dev");
      FakeOrgApps.addCopilotReadyApp(org.metadata, "App_One");
      FakeOrgApps.addCopilotReadyApp(org.metadata, "App_Two");
      org.rest.deny("OauthToken", 400, "INVALID_TYPE", "sObject type 'OauthToken' is not supported.");

      Run run = run("audit", "-o", "dev", "--format", "json");

      assertThat(run.exit()).isEqualTo(ExitCode.OK);
      assertThat(run.err().lines().toList()).singleElement().satisfies(line -> assertThat(line)
          .startsWith("warning: org dev: ").contains("cannot read OauthToken (INVALID_TYPE)"));
      JsonNode result = run.json().path("result");
      assertThat(result.path("usage").path("read").asBoolean()).isFalse();
      assertThat(result.path("usage").path("unavailable").asText()).contains("Customize Application");
      assertThat(rules(app(result, "App_One"))).doesNotContain(AppUsage.RULE_APP_UNUSED);
      assertThat(app(result, "App_One").path("usage").isNull()).isTrue();

      Run text = run("audit", "-o", "dev");
      assertThat(text.out()).contains("Usage not read: admin@dev.example.com cannot read OauthToken");
    }

    @Test
    void rejects_an_unused_days_out_of_range() throws Exception {
      new Org("dev");
      Run run = run("audit", "-o", "dev", "--unused-days", "0");
      assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run.err().strip()).isEqualTo("--unused-days must be 1 to 3650, not 0");
      assertThat(run.out()).isEmpty();
    }
  }

  @Nested
  class Baseline {
    /**
     * The first audit: Seed_App (one error, warnings), Ready_App (no error), Gone_App. The second, of the same org
     * under another alias: Seed_App's IP relaxation fixed and its error still there, Ready_App with a new error,
     * Gone_App removed, New_App added.
     */
    Path firstAudit() throws Exception {
      Org before = new Org("before");
      FakeOrgApps.addSeedScenarioApp(before.metadata, "Seed_App");
      FakeOrgApps.addCopilotReadyApp(before.metadata, "Ready_App");
      FakeOrgApps.addSeedScenarioApp(before.metadata, "Gone_App");
      before.token("Seed_App", "005A", 1).token("Ready_App", "005A", 1).token("Gone_App", "005A", 1);
      Run first = run("audit", "-o", "before", "--format", "json", "--output", "baseline.json");
      assertThat(first.exit()).as(first.err()).isEqualTo(ExitCode.FINDINGS);
      return dir.resolve("baseline.json");
    }

    Org secondOrg() throws Exception {
      Org after = new Org("after");
      FakeOrgApps.addSeedScenarioApp(after.metadata, "Seed_App");
      after.metadata.put(EcaType.OAUTH_POLICIES, "Seed_App_oauthPlcy", """
          <externalClientApplication>Seed_App</externalClientApplication>\
          <ipRelaxationPolicyType>Bypass</ipRelaxationPolicyType>\
          <permittedUsersPolicyType>AllSelfAuthorized</permittedUsersPolicyType>\
          <refreshTokenPolicyType>Infinite</refreshTokenPolicyType>""");
      FakeOrgApps.addCopilotReadyApp(after.metadata, "Ready_App");
      after.metadata.put(EcaType.OAUTH_SETTINGS, "Ready_App_oauth", """
          <commaSeparatedOauthScopes>Api, MCP</commaSeparatedOauthScopes>\
          <externalClientApplication>Ready_App</externalClientApplication>""");
      FakeOrgApps.addCopilotReadyApp(after.metadata, "New_App");
      after.token("Seed_App", "005A", 1).token("Ready_App", "005A", 1).token("New_App", "005A", 1);
      return after;
    }

    @Test
    void marks_findings_new_unchanged_or_fixed_and_names_apps_that_appeared_or_disappeared() throws Exception {
      Path baseline = firstAudit();
      JsonNode before = JSON.readTree(Files.readString(baseline)).path("result");
      secondOrg();

      Run run = run("audit", "-o", "after", "--format", "json", "--baseline", "baseline.json");

      assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.FINDINGS);
      JsonNode result = run.json().path("result");
      JsonNode seed = app(result, "Seed_App");
      assertThat(finding(seed, "copilot-studio/refresh-without-secret").path("change").asText())
          .isEqualTo("unchanged");
      assertThat(finding(seed, "copilot-studio/pkce-off").path("change").asText()).isEqualTo("unchanged");
      assertThat(rules(seed)).doesNotContain("copilot-studio/ip-relaxation");
      JsonNode ready = app(result, "Ready_App");
      assertThat(finding(ready, "mcp-client-base/refresh-scope").path("change").asText()).isEqualTo("new");
      assertThat(app(result, "New_App").path("findings")).allSatisfy(f ->
          assertThat(f.path("change").asText()).isEqualTo("new"));

      JsonNode changes = result.path("changes");
      assertThat(changes.path("since").asText()).isEqualTo(before.path("report").path("generatedAt").asText());
      assertThat(changes.path("appsAppeared")).extracting(JsonNode::asText).containsExactly("New_App");
      assertThat(changes.path("appsDisappeared")).extracting(JsonNode::asText).containsExactly("Gone_App");
      List<String> fixed = new ArrayList<>();
      changes.path("fixed").forEach(f -> fixed.add(f.path("app").asText() + " " + f.path("rule").asText()));
      assertThat(fixed).contains("Seed_App copilot-studio/ip-relaxation")
          .noneMatch(f -> f.startsWith("Gone_App") || f.contains("refresh-without-secret"));
      assertThat(changes.path("new").path("errors").asInt()).isEqualTo(1);
      String day = before.path("report").path("generatedAt").asText().substring(0, 10);
      assertThat(changes.path("sentence").asText()).startsWith("1 new error, ")
          .contains(fixed.size() + " fixed since " + day, "1 app appeared, 1 disappeared");

      Run text = run("audit", "-o", "after", "--baseline", "baseline.json");
      assertThat(text.out().lines().findFirst().orElseThrow()).startsWith("Changes: 1 new error, ")
          .contains(" fixed since " + day);
      assertThat(text.out()).contains("Apps new since " + day + ": New_App", "Apps gone since " + day + ": Gone_App",
          "Fixed since " + day + ": warning copilot-studio/ip-relaxation");
    }

    @Test
    void fail_on_new_error_fails_only_on_what_got_worse() throws Exception {
      Path baseline = firstAudit();
      Org same = new Org("same");
      FakeOrgApps.addSeedScenarioApp(same.metadata, "Seed_App");
      FakeOrgApps.addCopilotReadyApp(same.metadata, "Ready_App");
      FakeOrgApps.addSeedScenarioApp(same.metadata, "Gone_App");
      same.token("Seed_App", "005A", 1).token("Ready_App", "005A", 1).token("Gone_App", "005A", 1);

      assertThat(run("audit", "-o", "same", "--baseline", baseline.toString()).exit()).isEqualTo(ExitCode.FINDINGS);
      Run unchanged = run("audit", "-o", "same", "--baseline", baseline.toString(), "--fail-on", "new-error",
          "--format", "json");
      assertThat(unchanged.exit()).as(unchanged.err()).isEqualTo(ExitCode.OK);
      assertThat(unchanged.json().path("status").asInt()).isEqualTo(ExitCode.OK);
      assertThat(unchanged.json().path("result").path("changes").path("sentence").asText())
          .startsWith("0 new errors, 0 fixed since ");

      secondOrg();
      Run worse = run("audit", "-o", "after", "--baseline", baseline.toString(), "--fail-on", "new-error",
          "--format", "json");
      assertThat(worse.exit()).isEqualTo(ExitCode.FINDINGS);
      assertThat(worse.json().path("status").asInt()).isEqualTo(ExitCode.FINDINGS);
    }

    @Test
    void a_baseline_of_another_org_is_bad_input_and_nothing_is_written() throws Exception {
      Path baseline = firstAudit();
      Files.writeString(baseline, Files.readString(baseline).replace("00D5g000004ABCDEA2", "00D000000000OTHERX"));
      Org after = secondOrg();

      Run run = run("audit", "-o", "after", "--baseline", "baseline.json", "--output", "report.json");

      assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run.err().lines().toList()).singleElement().satisfies(line -> assertThat(line)
          .contains("baseline.json", "00D000000000OTHERX", "not of org:after (00D5g000004ABCDEA2)"));
      assertThat(dir.resolve("report.json")).doesNotExist();
      assertThat(after.metadata.callsByOperation()).as("refused once signed in, before any call").isEmpty();
    }

    @Test
    void a_malformed_baseline_is_bad_input_naming_the_file_and_line() throws Exception {
      Files.writeString(dir.resolve("broken.json"), "{\n  \"status\": 1,\n  \"result\": {\n    oops\n");
      new Org("dev");

      Run run = run("audit", "-o", "dev", "--baseline", "broken.json");

      assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run.err().lines().toList()).singleElement().satisfies(line -> assertThat(line)
          .contains("broken.json:4", "the baseline is not valid JSON").doesNotContain("Source:", "Exception"));
      assertThat(sf.calls()).isEmpty();
    }

    @Test
    void a_baseline_from_a_tool_version_that_cannot_be_compared_is_bad_input() throws Exception {
      Path baseline = firstAudit();
      String json = Files.readString(baseline);
      Files.writeString(dir.resolve("old.json"), json.replaceFirst("\"report\" : \\{[^}]*},", ""));
      Files.writeString(dir.resolve("newer.json"), json.replace("\"format\" : 1,", "\"format\" : 99,"));
      Files.writeString(dir.resolve("source.json"), run("validate", "--source",
          Path.of("src/test/resources/fixtures/seed-scenario/force-app").toAbsolutePath().toString(),
          "--format", "json").out());
      new Org("dev");

      Run old = run("audit", "-o", "dev", "--baseline", "old.json");
      assertThat(old.exit()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(old.err().strip()).contains("old.json", "cannot be compared").doesNotContain("\n");
      Run newer = run("audit", "-o", "dev", "--baseline", "newer.json");
      assertThat(newer.exit()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(newer.err().strip()).contains("newer.json", "of format 99", "compares format 1 only");
      Run source = run("audit", "-o", "dev", "--baseline", "source.json");
      assertThat(source.exit()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(source.err().strip()).contains("source.json", "target source is not an org");
      Files.writeString(dir.resolve("empty.json"), json.replaceFirst("\"target\" : \"org:before\"[\\s\\S]*\\z",
          "\"targets\" : 7 } }"));
      Run empty = run("audit", "-o", "dev", "--baseline", "empty.json");
      assertThat(empty.exit()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(empty.err().strip()).contains("empty.json", "names no org");
      Run missing = run("audit", "-o", "dev", "--baseline", "missing.json");
      assertThat(missing.exit()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(missing.err().strip()).contains("missing.json", "no such baseline file");
    }
  }

  @Nested
  class Fail_on {
    @Test
    void warning_fails_validate_on_the_templates_warnings_where_error_passes() {
      Path template = Path.of("../force-app").toAbsolutePath().normalize();
      Run byDefault = run("validate", "--source", template.toString());
      Run onWarning = run("validate", "--source", template.toString(), "--fail-on", "warning", "--format", "json");

      assertThat(byDefault.exit()).as(byDefault.err()).isEqualTo(ExitCode.OK);
      assertThat(onWarning.exit()).isEqualTo(ExitCode.FINDINGS);
      assertThat(onWarning.out()).contains("\"status\" : 1", "\"failOn\" : \"warning\"");
    }

    @Test
    void new_error_without_a_baseline_and_an_unknown_level_are_bad_usage() throws Exception {
      new Org("dev");
      Run validate = run("validate", "--fail-on", "new-error");
      assertThat(validate.exit()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(validate.err().strip()).isEqualTo("--fail-on new-error fails only on errors a baseline did not "
          + "have: use it with audit --baseline FILE");
      Run audit = run("audit", "-o", "dev", "--fail-on", "new-error");
      assertThat(audit.exit()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(sf.calls()).isEmpty();
      Run unknown = run("audit", "-o", "dev", "--fail-on", "notice");
      assertThat(unknown.exit()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(unknown.err()).contains("'notice' is not a --fail-on level: use error, warning or new-error");
    }
  }
}
