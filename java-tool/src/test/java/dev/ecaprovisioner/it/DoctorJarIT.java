package dev.ecaprovisioner.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.ExitCode;
import dev.ecaprovisioner.mcp.TranscriptMcpServer;
import dev.ecaprovisioner.testing.ShadedJar;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the shaded jar's {@code doctor} as an integrator would, against the Apex endpoint's transcripts. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DoctorJarIT {
  static Path jar;

  @BeforeAll
  static void findJar() {
    jar = ShadedJar.path();
  }

  @Test
  void checks_an_endpoint_alone_with_the_bearer_token_from_the_environment(@TempDir Path dir) throws Exception {
    String token = "00D" + UUID.randomUUID().toString().replace("-", "") + "!JAR";
    try (TranscriptMcpServer server = TranscriptMcpServer.start()) {
      server.requireToken(token);
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "-jar", jar.toString(), "doctor", "--endpoint", server.url().toString()));
      File out = dir.resolve("out.txt").toFile();
      File err = dir.resolve("err.txt").toFile();
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out)
          .redirectError(err);
      builder.environment().put("MCP_BEARER_TOKEN", token);
      Process process = builder.start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the jar finishes").isTrue();
      String stdout = Files.readString(out.toPath(), StandardCharsets.UTF_8);
      String stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);

      assertThat(process.exitValue()).as(stdout + stderr).isEqualTo(ExitCode.OK);
      assertThat(stderr).isEmpty();
      assertThat(stdout).startsWith("doctor: endpoint 127.0.0.1, client copilot-studio")
          .contains("5. The MCP session survives refresh: pass", "session id received in the body",
              "Verdict: every step that ran passed")
          .doesNotContain(token);
      assertThat(server.received()).allSatisfy(r -> assertThat(r.headers().get("authorization"))
          .isEqualTo("Bearer " + token));
    }
  }

  @Test
  void refuses_an_endpoint_on_plain_http_off_loopback_with_exit_2(@TempDir Path dir) throws Exception {
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        jar.toString(), "doctor", "--endpoint", "http://mcp.example.com/mcp").directory(dir.toFile())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(output.strip()).isEqualTo("--endpoint must use https:// (plain http:// only for a loopback address): "
        + "http://mcp.example.com/mcp");
  }
}
