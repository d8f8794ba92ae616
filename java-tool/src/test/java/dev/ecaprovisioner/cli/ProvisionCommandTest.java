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
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code provision} and {@code rollback} against one loopback org: the Metadata API fake (which deploys, all or
 * nothing) and the REST fake on the same host, signed in through a fake {@code sf}.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProvisionCommandTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SEED = "Seed_App";

  @TempDir
  Path dir;
  FakeMetadataApi metadata;
  FakeRestApi rest;
  FakeSfCli sf;
  String token;
  String freshToken;
  final Map<String, String> environment = new HashMap<>();
  final List<String> printed = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    metadata = FakeMetadataApi.start();
    rest = FakeRestApi.start();
    rest.handle("/services/Soap/m/", metadata.soapHandler());
    token = "00D" + UUID.randomUUID().toString().replace("-", "") + "!PROVISION";
    freshToken = "00D" + UUID.randomUUID().toString().replace("-", "") + "!RENEWED";
    metadata.acceptToken(token).acceptToken(freshToken).pollsUntilDone(2);
    rest.acceptToken(token).acceptToken(freshToken);
    rest.answer("PermissionSet", soql -> Stream.of("MCP_Users", "Sales_Ops")
        .filter(name -> soql.contains("'" + name + "'"))
        .map(name -> FakeRestApi.record("PermissionSet", name.equals("MCP_Users") ? "0PS000000000001AAA"
            : "0PS000000000002AAA", Map.of("Name", name))).toList());
    sf = FakeSfCli.installIn(dir);
    sf.signedIn("dev", rest.instanceUrl().toString(), "65.0", token, freshToken);
    environment.put("ECA_PROVISIONER_SF", sf.executable().toString());
    FakeOrgApps.addSeedScenarioApp(metadata, SEED);
  }

  @AfterEach
  void stop() throws IOException {
    metadata.close();
    rest.close();
    assertNoSecretIn(String.join("\n", printed));
    for (Path file : files(dir.resolve(".eca-provisioner"))) {
      assertNoSecretIn(Files.readString(file));
    }
    for (Map<String, String> zip : metadata.deployedZips()) {
      assertNoSecretIn(String.join("\n", zip.values()));
      assertThat(String.join("\n", zip.values())).doesNotContain("consumerKey", "consumerSecret");
    }
  }

  void assertNoSecretIn(String text) {
    assertThat(text).doesNotContain(token, freshToken, "PROVISION", "RENEWED",
        FakeOrgApps.secretFor(SEED), FakeOrgApps.secretFor("New_App"), "KEY-");
  }

  record Run(int exit, String out, String err) {}

  Run run(String... args) {
    CommandLine commandLine = Cli.newCommandLine(dir, environment);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exit = commandLine.execute(args);
    printed.add(out.toString());
    printed.add(err.toString());
    return new Run(exit, out.toString(), err.toString());
  }

  static List<Path> files(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }

  List<Path> backups() throws IOException {
    Path apps = dir.resolve(".eca-provisioner/backups/dev/" + SEED);
    if (!Files.isDirectory(apps)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(apps)) {
      return list.sorted().toList();
    }
  }

  String global() {
    return metadata.stored(EcaType.GLOBAL_OAUTH_SETTINGS, SEED + "_glbloauth");
  }

  String policies() {
    return metadata.stored(EcaType.OAUTH_POLICIES, SEED + "_oauthPlcy");
  }

  @Nested
  class Planning {
    @Test
    void shows_each_field_from_what_to_what_with_its_rule_and_accepted_risk_and_changes_nothing() throws Exception {
      String before = global();

      Run run = run("provision", "--target-org", "dev", "--app", SEED);

      assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.OK);
      assertThat(run.out()).contains("Plan for Seed_App in org:dev")
          .contains("ExtlClntAppGlobalOauthSettings (Seed_App_glbloauth)")
          .contains("isSecretRequiredForRefreshToken  true (default) -> false")
          .contains("copilot-studio/refresh-without-secret")
          .contains("accepted risk: a stolen refresh token can be redeemed without the client secret.")
          .contains("ipRelaxationPolicyType  Enforce_RelaxRefresh -> Bypass")
          .contains("Nothing was changed. Run again with --apply");
      assertThat(run.err()).isEmpty();
      assertThat(metadata.calls(FakeMetadataApi.DEPLOY)).isZero();
      assertThat(global()).isEqualTo(before);
      assertThat(backups()).isEmpty();
    }

    @Test
    void prints_one_json_document_whose_status_is_the_exit_code() throws Exception {
      Run run = run("provision", "--target-org", "dev", "--app", SEED, "--format", "json");

      JsonNode json = JSON.readTree(run.out());
      assertThat(json.path("status").asInt()).isEqualTo(run.exit()).isZero();
      JsonNode changes = json.path("result").path("changes");
      assertThat(changes).anySatisfy(c -> {
        assertThat(c.path("field").asText()).isEqualTo("isSecretRequiredForRefreshToken");
        assertThat(c.path("before").asText()).isEqualTo("true (default)");
        assertThat(c.path("after").asText()).isEqualTo("false");
        assertThat(c.path("acceptedRisk").asText()).contains("without the client secret");
      });
      assertThat(json.path("result").path("outcome").path("mode").asText()).isEqualTo("plan");
    }

    @Test
    void names_what_it_cannot_fix_by_itself_and_what_to_give() {
      metadata.put(EcaType.GLOBAL_OAUTH_SETTINGS, SEED + "_glbloauth", """
          <callbackUrl>https://example.com/callback</callbackUrl>\
          <externalClientApplication>Seed_App</externalClientApplication>\
          <isPkceRequired>false</isPkceRequired>\
          <label>Seed_App_glbloauth</label>""");

      Run run = run("provision", "--target-org", "dev", "--app", SEED);

      assertThat(run.out()).contains("Still reported after this plan:")
          .contains("error copilot-studio/callback-url (ExtlClntAppGlobalOauthSettings.callbackUrl): needs a value "
              + "only you know (https://global.consent.azure-apim.net/redirect/<connector id>): give it with "
              + "--callback-url URL");
    }
  }

  @Nested
  class Applying {
    @Test
    void backs_up_deploys_reads_back_and_a_second_run_has_nothing_to_change() throws Exception {
      Run run = run("provision", "--target-org", "dev", "--app", SEED, "--apply", "--yes");

      assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
      assertThat(global()).contains("<isSecretRequiredForRefreshToken>false</isSecretRequiredForRefreshToken>");
      assertThat(policies()).contains("<ipRelaxationPolicyType>Bypass</ipRelaxationPolicyType>");
      assertThat(metadata.calls(FakeMetadataApi.DEPLOY)).isEqualTo(1);
      assertThat(metadata.deployOptions().get(0)).containsEntry("rollbackOnError", "true")
          .containsEntry("singlePackage", "true").containsEntry("checkOnly", "false");
      assertThat(metadata.deployedZips().get(0).keySet()).containsExactly("extlClntAppGlobalOauthSets/"
          + "Seed_App_glbloauth.ecaGlblOauth", "extlClntAppOauthPolicies/Seed_App_oauthPlcy.ecaOauthPlcy",
          "package.xml");
      assertThat(backups()).hasSize(1);
      Path backup = backups().get(0);
      assertThat(run.out()).contains("Backup: " + backup).contains("succeeded: 2 of 2 components deployed.")
          .contains("Read back: the ").contains("findings the plan cleared are gone; 0 errors");
      assertThat(files(backup).stream().map(p -> backup.relativize(p).toString())).containsExactly(
          "externalClientApps/Seed_App.eca-meta.xml",
          "extlClntAppGlobalOauthSets/Seed_App_glbloauth.ecaGlblOauth-meta.xml",
          "extlClntAppOauthPolicies/Seed_App_oauthPlcy.ecaOauthPlcy-meta.xml",
          "extlClntAppOauthSettings/Seed_App_oauth.ecaOauth-meta.xml",
          "extlClntAppPolicies/Seed_App_plcy.ecaPlcy-meta.xml",
          "package.xml");
      assertThat(Files.readString(backup.resolve("extlClntAppOauthPolicies/Seed_App_oauthPlcy.ecaOauthPlcy-meta.xml")))
          .contains("<ipRelaxationPolicyType>Enforce_RelaxRefresh</ipRelaxationPolicyType>");

      Run again = run("provision", "--target-org", "dev", "--app", SEED, "--apply", "--yes");

      assertThat(again.exit()).isEqualTo(ExitCode.OK);
      assertThat(again.out()).contains("Nothing to change").contains("0 changes").contains("Nothing was deployed.");
      assertThat(metadata.calls(FakeMetadataApi.DEPLOY)).isEqualTo(1);
      assertThat(backups()).hasSize(1);
    }

    @Test
    void the_seed_scenario_provisioned_for_copilot_studio_then_validates_clean() {
      assertThat(run("validate", "--target-org", "dev", "--app", SEED).exit()).isEqualTo(ExitCode.FINDINGS);

      Run run = run("provision", "--target-org", "dev", "--app", SEED, "--profile", "copilot-studio",
          "--permission-set", "MCP_Users", "--apply", "--yes");

      assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
      assertThat(policies()).contains("<commaSeparatedPermissionSet>0PS000000000001AAA</commaSeparatedPermissionSet>")
          .contains("<permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>");
      assertThat(metadata.stored(EcaType.OAUTH_SETTINGS, SEED + "_oauth"))
          .contains("Api, RefreshToken, OpenID, SFApiPlatform, MCP");
      Run validated = run("validate", "--target-org", "dev", "--app", SEED, "--format", "json");
      assertThat(validated.exit()).as(validated.out()).isEqualTo(ExitCode.OK);
      assertThat(validated.out()).doesNotContain("\"severity\" : \"error\"");
    }

    @Test
    void a_deploy_that_fails_on_one_component_changes_nothing_and_shows_the_failure_in_full() throws Exception {
      String global = global();
      String policies = policies();
      metadata.failComponent(EcaType.OAUTH_POLICIES, SEED + "_oauthPlcy",
          "Bypass is not a valid value for the IP relaxation of this org");

      Run run = run("provision", "--target-org", "dev", "--app", SEED, "--apply", "--yes");

      assertThat(run.exit()).isEqualTo(ExitCode.FINDINGS);
      assertThat(run.out()).contains("Failed: nothing was changed (the deploy is rolled back whole on any failure).")
          .contains("ExtlClntAppOauthConfigurablePolicies Seed_App_oauthPlcy (extlClntAppOauthPolicies/"
              + "Seed_App_oauthPlcy.ecaOauthPlcy, line 2, column 5): Bypass is not a valid value for the IP "
              + "relaxation of this org");
      assertThat(global()).isEqualTo(global);
      assertThat(policies()).isEqualTo(policies);
      assertThat(backups()).hasSize(1);
    }

    @Test
    void a_timeout_while_polling_polls_the_same_deploy_again_and_never_deploys_twice() {
      metadata.failNext(FakeMetadataApi.CHECK_DEPLOY, 1, Failure.hang(Duration.ofMillis(2500)));

      Run run = run("provision", "--target-org", "dev", "--app", SEED, "--apply", "--yes", "--timeout", "1");

      assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
      assertThat(metadata.calls(FakeMetadataApi.DEPLOY)).isEqualTo(1);
      assertThat(metadata.calls(FakeMetadataApi.CHECK_DEPLOY)).isGreaterThanOrEqualTo(3);
      assertThat(global()).contains("<isSecretRequiredForRefreshToken>false</isSecretRequiredForRefreshToken>");
    }

    @Test
    void an_expired_session_mid_deploy_renews_the_token_once_and_polls_the_same_deploy() {
      metadata.expireTokenOnDeploy(token);

      Run run = run("provision", "--target-org", "dev", "--app", SEED, "--apply", "--yes");

      assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
      assertThat(metadata.calls(FakeMetadataApi.DEPLOY)).isEqualTo(1);
      assertThat(sf.calls().stream().filter(c -> c.startsWith("org auth show-access-token"))).hasSize(2);
      assertThat(global()).contains("<isSecretRequiredForRefreshToken>false</isSecretRequiredForRefreshToken>");
    }

    @Test
    void check_only_has_salesforce_judge_the_plan_and_commits_nothing() throws Exception {
      String before = global();

      Run run = run("provision", "--target-org", "dev", "--app", SEED, "--check-only");

      assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
      assertThat(run.out()).contains("Validation 0Af").contains("would deploy; nothing was committed.");
      assertThat(metadata.deployOptions().get(0)).containsEntry("checkOnly", "true");
      assertThat(global()).isEqualTo(before);
      assertThat(backups()).isEmpty();
    }

    @Test
    void check_only_reports_what_salesforce_refused_and_exits_1() throws Exception {
      metadata.failComponent(EcaType.GLOBAL_OAUTH_SETTINGS, SEED + "_glbloauth", "Insufficient access rights");

      Run run = run("provision", "--target-org", "dev", "--app", SEED, "--check-only", "--format", "json");

      assertThat(run.exit()).isEqualTo(ExitCode.FINDINGS);
      JsonNode deploy = JSON.readTree(run.out()).path("result").path("outcome").path("deploy");
      assertThat(deploy.path("checkOnly").asBoolean()).isTrue();
      assertThat(deploy.path("success").asBoolean()).isFalse();
      assertThat(deploy.path("failures").get(0).path("problem").asText()).isEqualTo("Insufficient access rights");
      assertThat(deploy.path("failures").get(0).path("fullName").asText()).isEqualTo(SEED + "_glbloauth");
      assertThat(backups()).isEmpty();
    }

    @Test
    void creates_a_new_app_shaped_for_the_profile_and_says_where_the_consumer_key_is() {
      Run run = run("provision", "--target-org", "dev", "--create", "--app", "New_App", "--callback-url",
          "https://global.consent.azure-apim.net/redirect/new-connector", "--apply", "--yes");

      assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
      assertThat(run.out()).contains("Plan to create New_App")
          .contains("Consumer Key and Secret").contains("invalid_client_id");
      assertThat(metadata.stored(EcaType.EXTERNAL_CLIENT_APPLICATION, "New_App"))
          .contains("<distributionState>Local</distributionState>");
      for (EcaType type : EcaType.values()) {
        String name = switch (type) {
          case EXTERNAL_CLIENT_APPLICATION -> "New_App";
          case OAUTH_SETTINGS -> "New_App_oauth";
          case GLOBAL_OAUTH_SETTINGS -> "New_App_glbloauth";
          case OAUTH_POLICIES -> "New_App_oauthPlcy";
          case PLUGIN_POLICIES -> "New_App_plcy";
        };
        assertThat(metadata.stored(type, name)).as(type.apiName()).isNotNull();
      }
      assertThat(metadata.stored(EcaType.GLOBAL_OAUTH_SETTINGS, "New_App_glbloauth"))
          .contains("<isSecretRequiredForRefreshToken>false</isSecretRequiredForRefreshToken>")
          .contains("https://global.consent.azure-apim.net/redirect/new-connector");
      assertThat(run("validate", "--target-org", "dev", "--app", "New_App").exit()).isEqualTo(ExitCode.OK);
      Run again = run("provision", "--target-org", "dev", "--app", "New_App", "--callback-url",
          "https://global.consent.azure-apim.net/redirect/new-connector");
      assertThat(again.out()).contains("Nothing to change");
      Run twice = run("provision", "--target-org", "dev", "--create", "--app", "New_App", "--callback-url",
          "https://global.consent.azure-apim.net/redirect/new-connector");
      assertThat(twice.exit()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(twice.err()).isEqualTo("--create New_App: the org dev already has an External Client App of that "
          + "name; drop --create to fix it in place\n");
    }

    @Test
    void says_so_and_exits_1_when_the_org_issued_a_new_consumer_key() {
      metadata.put(EcaType.GLOBAL_OAUTH_SETTINGS, SEED + "_glbloauth", global() + "<consumerKey>KEY-before-"
          + UUID.randomUUID() + "</consumerKey>");
      metadata.rotateConsumerKeyOnDeploy();

      Run run = run("provision", "--target-org", "dev", "--app", SEED, "--apply", "--yes");

      assertThat(run.exit()).isEqualTo(ExitCode.FINDINGS);
      assertThat(run.out()).contains("The org issued a new consumer key for the app: every client must be given the "
          + "new one");
    }

    @Test
    void leaves_the_global_settings_alone_when_the_org_will_not_show_them() {
      metadata.deny(EcaType.GLOBAL_OAUTH_SETTINGS, "INSUFFICIENT_ACCESS");

      Run run = run("provision", "--target-org", "dev", "--app", SEED, "--apply", "--yes");

      assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
      assertThat(run.out()).doesNotContain("isSecretRequiredForRefreshToken  ")
          .contains("warning eca/missing-component (ExtlClntAppGlobalOauthSettings)");
      assertThat(metadata.deployedZips().get(0).keySet()).containsExactly(
          "extlClntAppOauthPolicies/Seed_App_oauthPlcy.ecaOauthPlcy", "package.xml");
      assertThat(global()).doesNotContain("isSecretRequiredForRefreshToken");
    }

    @Test
    void a_deploy_fault_that_quotes_the_token_is_one_line_without_it_even_with_verbose() {
      metadata.failNext(FakeMetadataApi.DEPLOY, 1, new Failure.Fault("INVALID_CROSS_REFERENCE_KEY",
          "INVALID_CROSS_REFERENCE_KEY: session " + token + " cannot deploy"));

      Run run = run("provision", "--target-org", "dev", "--app", SEED, "--apply", "--yes", "--verbose");

      assertThat(run.exit()).isEqualTo(ExitCode.ORG_FAILURE);
      assertThat(run.err().lines().findFirst().orElse("")).isEqualTo("the org refused the deploy: "
          + "INVALID_CROSS_REFERENCE_KEY: session [redacted] cannot deploy; nothing was changed");
      assertThat(global()).doesNotContain("isSecretRequiredForRefreshToken");
    }

    @Test
    void refuses_to_apply_without_a_terminal_and_without_yes() throws Exception {
      Run run = run("provision", "--target-org", "dev", "--app", SEED, "--apply");

      assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run.err()).isEqualTo("--apply needs a confirmation and there is no terminal to ask on: add --yes "
          + "(run without --apply first to see the plan)\n");
      assertThat(metadata.calls(FakeMetadataApi.DEPLOY)).isZero();
      assertThat(backups()).isEmpty();
    }
  }

  @Nested
  class Rolling_back {
    @Test
    void puts_the_exact_earlier_settings_back_from_a_backup() throws Exception {
      Map<EcaType, String> before = new HashMap<>();
      before.put(EcaType.GLOBAL_OAUTH_SETTINGS, global());
      before.put(EcaType.OAUTH_POLICIES, policies());
      assertThat(run("provision", "--target-org", "dev", "--app", SEED, "--apply", "--yes").exit())
          .isEqualTo(ExitCode.OK);
      Path backup = backups().get(0);

      Run plan = run("rollback", "--target-org", "dev", "--backup", dir.relativize(backup).toString());
      assertThat(plan.exit()).isEqualTo(ExitCode.OK);
      assertThat(plan.out()).contains("Rollback plan for Seed_App")
          .contains("ipRelaxationPolicyType  Bypass -> Enforce_RelaxRefresh")
          .contains("isSecretRequiredForRefreshToken  false -> (removed)");
      assertThat(metadata.calls(FakeMetadataApi.DEPLOY)).isEqualTo(1);

      Run run = run("rollback", "--target-org", "dev", "--backup", backup.toString(), "--apply", "--yes");

      assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
      assertThat(run.out()).contains("Read back: the app has the backup's settings again");
      assertThat(fields(global())).isEqualTo(fields(before.get(EcaType.GLOBAL_OAUTH_SETTINGS)));
      assertThat(fields(policies())).isEqualTo(fields(before.get(EcaType.OAUTH_POLICIES)));
      assertThat(backups()).as("the state before the rollback is backed up too").hasSize(2);
      assertThat(run("rollback", "--target-org", "dev", "--backup", backup.toString()).out())
          .contains("Nothing to change");
    }

    /** The component's elements, whitespace and the credentials the org keeps aside, in a stable order. */
    List<String> fields(String xml) {
      return Stream.of(xml.replaceAll(">\\s+<", "><").split("(?=<[a-zA-Z])"))
          .filter(e -> !e.isBlank() && !e.startsWith("<consumer"))
          .map(String::strip).sorted().toList();
    }
  }

  @Nested
  class Bad_input {
    void assertNothingDone(Run run, String line) throws IOException {
      assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run.err()).isEqualTo(line + "\n");
      assertThat(metadata.calls(FakeMetadataApi.DEPLOY)).isZero();
      assertThat(files(dir.resolve(".eca-provisioner"))).isEmpty();
    }

    @Test
    void an_unknown_app() throws IOException {
      assertNothingDone(run("provision", "--target-org", "dev", "--app", "Nope", "--apply", "--yes"),
          "the org dev has no External Client App named Nope");
    }

    @Test
    void an_unknown_profile() throws IOException {
      Run run = run("provision", "--target-org", "dev", "--app", SEED, "--profile", "no-such-client", "--apply",
          "--yes");
      assertThat(run.err().lines()).hasSize(1);
      assertThat(run.err()).contains("no-such-client");
      assertNothingDone(run, run.err().strip());
    }

    @Test
    void an_unknown_permission_set() throws IOException {
      assertNothingDone(run("provision", "--target-org", "dev", "--app", SEED, "--permission-set", "Nobody",
          "--apply", "--yes"), "--permission-set Nobody: the org dev has no permission set of that API name "
          + "(Setup > Permission Sets shows the API Name)");
    }

    @Test
    void a_callback_url_that_is_not_https() throws IOException {
      assertNothingDone(run("provision", "--target-org", "dev", "--app", SEED, "--callback-url",
          "http://global.consent.azure-apim.net/redirect/x", "--apply", "--yes"),
          "--callback-url http://global.consent.azure-apim.net/redirect/x: must be an https:// URL");
    }

    @Test
    void a_backup_folder_that_is_not_one() throws IOException {
      Files.createDirectories(dir.resolve("not-a-backup"));
      assertNothingDone(run("rollback", "--target-org", "dev", "--backup", "not-a-backup", "--apply", "--yes"),
          "not-a-backup: not a backup folder: it has no package.xml".replace("not-a-backup:",
              dir.resolve("not-a-backup") + ":"));
    }
  }
}
