package dev.ecaprovisioner.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.ExitCode;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.org.FakeMetadataApi;
import dev.ecaprovisioner.org.FakeOrgApps;
import dev.ecaprovisioner.org.FakeSfCli;
import dev.ecaprovisioner.testing.ShadedJar;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the shaded jar to provision the seed scenario in the fake org, as an admin would from a pipeline. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProvisionJarIT {
  @TempDir
  Path dir;
  FakeMetadataApi fake;
  FakeSfCli sf;
  String token;

  @BeforeEach
  void start() throws Exception {
    fake = FakeMetadataApi.start();
    token = "00D" + UUID.randomUUID().toString().replace("-", "") + "!JARTOKEN";
    fake.acceptToken(token);
    FakeOrgApps.addSeedScenarioApp(fake, "Seed_App");
    Files.createDirectories(dir.resolve("bin"));
    sf = FakeSfCli.installIn(dir.resolve("bin")).signedIn("dev", fake.instanceUrl(), "65.0", token);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void applies_the_plan_with_a_backup_and_exits_0_once_the_app_reads_back_clean() throws Exception {
    Path jar = ShadedJar.path();
    File out = dir.resolve("out").toFile();
    File err = dir.resolve("err").toFile();
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString(), "provision", "--target-org", "dev", "--app", "Seed_App", "--apply", "--yes")
        .directory(dir.toFile()).redirectOutput(out).redirectError(err);
    builder.environment().remove("SF_ACCESS_TOKEN");
    builder.environment().put("ECA_PROVISIONER_SF", sf.executable().toString());
    Process process = builder.start();
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the jar finishes").isTrue();
    String stdout = Files.readString(out.toPath(), StandardCharsets.UTF_8);
    String stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);

    assertThat(process.exitValue()).as(stdout + stderr).isEqualTo(ExitCode.OK);
    assertThat(stderr).isEmpty();
    assertThat(stdout).contains("isSecretRequiredForRefreshToken  true (default) -> false")
        .contains("Backup: .eca-provisioner/backups/dev/Seed_App/").contains("Read back:");
    assertThat(fake.stored(EcaType.GLOBAL_OAUTH_SETTINGS, "Seed_App_glbloauth"))
        .contains("<isSecretRequiredForRefreshToken>false</isSecretRequiredForRefreshToken>");
    String secret = FakeOrgApps.secretFor("Seed_App");
    assertThat(stdout + stderr).doesNotContain(token).doesNotContain("JARTOKEN").doesNotContain(secret);
    try (Stream<Path> files = Files.walk(dir.resolve(".eca-provisioner"))) {
      List<Path> written = files.filter(Files::isRegularFile).toList();
      assertThat(written).hasSize(6);
      for (Path file : written) {
        assertThat(Files.readString(file)).doesNotContain(secret).doesNotContain("consumerKey");
      }
    }
  }
}
