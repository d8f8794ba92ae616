package dev.ecaprovisioner.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.ExitCode;
import dev.ecaprovisioner.org.FakeMetadataApi;
import dev.ecaprovisioner.org.FakeOrgApps;
import dev.ecaprovisioner.org.FakeRestApi;
import dev.ecaprovisioner.org.FakeSfCli;
import dev.ecaprovisioner.testing.ShadedJar;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the shaded jar as a user would, against the fake Metadata API and a fake {@code sf}: exit codes, the one
 * line on stderr, and no token anywhere in what the process prints.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AuditJarIT {
  static Path jar;

  @TempDir
  Path dir;
  FakeMetadataApi fake;
  FakeRestApi rest;
  FakeSfCli sf;
  String token;

  @BeforeAll
  static void findJar() {
    jar = ShadedJar.path();
  }

  @BeforeEach
  void start() throws Exception {
    fake = FakeMetadataApi.start();
    token = "00D" + UUID.randomUUID().toString().replace("-", "") + "!JARTOKEN";
    fake.acceptToken(token);
    rest = FakeRestApi.beside(fake, token);
    FakeOrgApps.addSeedScenarioApp(fake, "Seed_App");
    FakeOrgApps.addCopilotReadyApp(fake, "Ready_App");
    Files.createDirectories(dir.resolve("bin"));
    sf = FakeSfCli.installIn(dir.resolve("bin")).signedIn("dev", fake.instanceUrl(), "65.0", token);
  }

  @AfterEach
  void stop() {
    fake.close();
    rest.close();
  }

  record Result(int exitCode, String out, String err) {}

  Result run(Map<String, String> environment, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
    command.addAll(List.of(args));
    File out = dir.resolve("out-" + UUID.randomUUID()).toFile();
    File err = dir.resolve("err-" + UUID.randomUUID()).toFile();
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out).redirectError(err);
    builder.environment().remove("SF_ACCESS_TOKEN");
    builder.environment().put("ECA_PROVISIONER_SF", sf.executable().toString());
    builder.environment().putAll(environment);
    Process process = builder.start();
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the jar finishes").isTrue();
    Result result = new Result(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
        Files.readString(err.toPath(), StandardCharsets.UTF_8));
    assertThat(result.out() + result.err()).doesNotContain(token).doesNotContain("JARTOKEN");
    return result;
  }

  @Test
  void audits_an_org_signed_in_through_sf_and_exits_1_for_the_seed_scenario() throws Exception {
    Result result = run(Map.of(), "audit", "--target-org", "dev", "--format", "json");

    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.FINDINGS);
    assertThat(result.err()).isEmpty();
    assertThat(result.out()).startsWith("{").contains("\"target\" : \"org:dev\"")
        .contains("copilot-studio/refresh-without-secret").contains("\"apps\" : 2");
  }

  @Test
  void reads_with_instance_url_and_the_token_from_the_environment() throws Exception {
    Result result = run(Map.of("SF_ACCESS_TOKEN", token), "validate", "--instance-url", fake.instanceUrl(),
        "--app", "Ready_App");

    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.OK);
    assertThat(result.out()).contains("Ready_App (0 errors");
  }

  @Test
  void exits_3_with_one_line_saying_what_to_run_for_an_unknown_alias() throws Exception {
    Result result = run(Map.of(), "audit", "--target-org", "nope");

    assertThat(result.exitCode()).isEqualTo(ExitCode.ORG_FAILURE);
    assertThat(result.err()).isEqualTo("the Salesforce CLI knows no org called nope: run `sf org login web -o nope`\n");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void exits_3_when_the_org_refuses_the_token_from_the_environment() throws Exception {
    String refused = "00D" + UUID.randomUUID().toString().replace("-", "") + "!JARTOKEN";

    Result result = run(Map.of("SF_ACCESS_TOKEN", refused), "audit", "--instance-url", fake.instanceUrl());

    assertThat(result.exitCode()).isEqualTo(ExitCode.ORG_FAILURE);
    assertThat(result.err()).contains("refused the token in SF_ACCESS_TOKEN").doesNotContain(refused);
  }
}
