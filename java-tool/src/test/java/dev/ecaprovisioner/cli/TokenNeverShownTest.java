package dev.ecaprovisioner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.org.FakeMetadataApi;
import dev.ecaprovisioner.org.FakeMetadataApi.Failure;
import dev.ecaprovisioner.org.FakeOrgApps;
import dev.ecaprovisioner.org.FakeSfCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs the org commands through success and every failure path with recognisable tokens and consumer secrets, and
 * searches everything they produced (stdout, stderr with stack traces, every report file) for them.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TokenNeverShownTest {
  @TempDir
  Path dir;
  FakeMetadataApi fake;
  FakeSfCli sf;
  String token;
  String fresh;
  String envToken;
  final StringBuilder everything = new StringBuilder();
  final List<Integer> exits = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    fake = FakeMetadataApi.start();
    token = "00D" + UUID.randomUUID().toString().replace("-", "") + "!LEAKCHECKFIRST";
    fresh = "00D" + UUID.randomUUID().toString().replace("-", "") + "!LEAKCHECKFRESH";
    envToken = "00D" + UUID.randomUUID().toString().replace("-", "") + "!LEAKCHECKENV";
    fake.acceptToken(token).acceptToken(fresh);
    FakeOrgApps.addSeedScenarioApp(fake, "Seed_App");
    FakeOrgApps.addCopilotReadyApp(fake, "Ready_App");
    Files.createDirectories(dir.resolve("bin"));
    sf = FakeSfCli.installIn(dir.resolve("bin"));
    sf.signedIn("dev", fake.instanceUrl(), "65.0", token, fresh);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private void run(Map<String, String> extraEnvironment, String... args) {
    Map<String, String> environment = new HashMap<>(extraEnvironment);
    environment.put("ECA_PROVISIONER_SF", sf.executable().toString());
    CommandLine commandLine = Cli.newCommandLine(dir, environment);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    exits.add(commandLine.execute(args));
    everything.append(out).append('\n').append(err).append('\n');
  }

  @Test
  void no_token_or_secret_reaches_any_output_report_or_stack_trace() throws IOException {
    for (String format : List.of("text", "json", "markdown", "html", "sarif", "junit")) {
      run(Map.of(), "audit", "-o", "dev", "--format", format, "--verbose");
      run(Map.of(), "audit", "-o", "dev", "--format", format, "--output", "report-" + format);
      run(Map.of(), "validate", "-o", "dev", "--format", format, "--output", "validate-" + format);
    }
    // The session expires, and then the fresh one from sf too.
    fake.expireToken(token);
    run(Map.of(), "audit", "-o", "dev", "--verbose");
    fake.expireToken(fresh);
    run(Map.of(), "audit", "-o", "dev", "--verbose");
    fake.acceptToken(fresh);
    // A server that echoes the token in its fault message.
    fake.failNext(FakeMetadataApi.READ, 5, new Failure.Fault("UNKNOWN_EXCEPTION", "bad session " + fresh));
    run(Map.of(), "audit", "-o", "dev", "--verbose", "--max-retries", "0", "--format", "json");
    fake.failNext(FakeMetadataApi.LIST, 2, new Failure.Fault("INVALID_TYPE", "no such type for " + fresh));
    run(Map.of(), "audit", "-o", "dev", "--verbose", "--max-retries", "0");
    // Gateway errors and a denied type.
    fake.failNext(FakeMetadataApi.READ, 3, Failure.http(502));
    fake.deny(EcaType.GLOBAL_OAUTH_SETTINGS, "INSUFFICIENT_ACCESS");
    run(Map.of(), "audit", "-o", "dev", "--format", "html", "--output", "denied.html", "--verbose");
    // A token from the environment that the org refuses, and one it accepts.
    run(Map.of("SF_ACCESS_TOKEN", envToken), "audit", "--instance-url", fake.instanceUrl(), "--verbose");
    fake.acceptToken(envToken);
    run(Map.of("SF_ACCESS_TOKEN", envToken), "validate", "--instance-url", fake.instanceUrl(), "--format", "sarif");
    // Sign-in failures.
    sf.loginExpired("stale", fake.instanceUrl());
    run(Map.of(), "audit", "-o", "stale", "--verbose");
    run(Map.of(), "audit", "-o", "unknown", "--verbose");

    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.startsWith(dir.resolve("bin"))).toList()) {
        everything.append(Files.readString(file)).append('\n');
      }
    }
    String all = everything.toString();
    // The runs did produce reports and failures (so the search below searched something).
    assertThat(exits).contains(1, 3);
    assertThat(all).contains("Seed_App").contains("copilot-studio/refresh-without-secret")
        .contains("eca/settings-unknown").contains("[redacted]").contains("sf org login web -o stale");
    for (String secret : List.of(token, fresh, envToken, FakeOrgApps.secretFor("Seed_App"),
        FakeOrgApps.secretFor("Ready_App"))) {
      assertThat(all).doesNotContain(secret);
    }
    // Nor any tell-tale part of them.
    assertThat(all).doesNotContain("LEAKCHECK").doesNotContain("SECRET-");
  }
}
