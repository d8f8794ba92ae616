package dev.ecaprovisioner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.org.FakeMetadataApi;
import dev.ecaprovisioner.org.FakeOrgApps;
import dev.ecaprovisioner.org.FakeSfCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AuditCommandTest {
  @TempDir
  Path dir;
  FakeMetadataApi fake;
  FakeSfCli sf;
  String token;

  @BeforeEach
  void start() throws Exception {
    fake = FakeMetadataApi.start();
    token = "00D" + UUID.randomUUID().toString().replace("-", "") + "!AUDITTOKEN";
    fake.acceptToken(token);
    sf = FakeSfCli.installIn(dir);
    sf.signedIn("dev", fake.instanceUrl(), "65.0", token);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  record Run(int exit, String out, String err) {}

  Run run(String... args) {
    CommandLine commandLine = Cli.newCommandLine(dir, Map.of("ECA_PROVISIONER_SF", sf.executable().toString()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exit = commandLine.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void look() {
    FakeOrgApps.addCopilotReadyApp(fake, "Ready_App");
    FakeOrgApps.addSeedScenarioApp(fake, "Seed_App");
    Run r = run("audit", "--target-org", "dev");
    System.out.println(r.exit + "\n" + r.out + "\n---\n" + r.err);
    assertThat(r.exit).isEqualTo(1);
  }
}
