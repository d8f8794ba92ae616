package dev.ecaprovisioner.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.ExitCode;
import dev.ecaprovisioner.connector.FakeOrgAccess;
import dev.ecaprovisioner.org.FakeOrgApps;
import dev.ecaprovisioner.org.FakeSfCli;
import dev.ecaprovisioner.testing.ShadedJar;
import io.swagger.parser.SwaggerParser;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the shaded jar as an admin would to write a connector, against one fake org and a fake {@code sf}. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ConnectorJarIT {
  static Path jar;

  @TempDir
  Path dir;
  FakeOrgAccess org;
  FakeSfCli sf;

  @BeforeAll
  static void findJar() {
    jar = ShadedJar.path();
  }

  @BeforeEach
  void start() throws Exception {
    org = FakeOrgAccess.start(false);
    FakeOrgApps.addCopilotReadyApp(org.metadata(), "Copilot_Studio_MCP");
    Files.createDirectories(dir.resolve("bin"));
    sf = FakeSfCli.installIn(dir.resolve("bin")).signedIn("acme", org.instanceUrl().toString(), "65.0", org.token());
  }

  @AfterEach
  void stop() {
    org.close();
  }

  record Result(int exitCode, String out, String err) {}

  Result run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
    command.addAll(List.of(args));
    File out = dir.resolve("out-" + UUID.randomUUID()).toFile();
    File err = dir.resolve("err-" + UUID.randomUUID()).toFile();
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out).redirectError(err);
    builder.environment().remove("SF_ACCESS_TOKEN");
    builder.environment().put("ECA_PROVISIONER_SF", sf.executable().toString());
    Process process = builder.start();
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the jar finishes").isTrue();
    Result result = new Result(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
        Files.readString(err.toPath(), StandardCharsets.UTF_8));
    assertThat(result.out() + result.err()).doesNotContain(org.token());
    return result;
  }

  @Test
  void the_jar_writes_a_connector_the_swagger_parser_reads_without_a_message() throws Exception {
    Result result = run("connector", "--target-org", "acme", "--app", "Copilot_Studio_MCP", "--server", "apex");
    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.OK);
    assertThat(result.err()).isEmpty();
    Path definition = dir.resolve("connector/Copilot_Studio_MCP/apiDefinition.swagger.json");
    assertThat(new SwaggerParser().readWithInfo(Files.readString(definition)).getMessages()).isEmpty();
    assertThat(Files.readString(dir.resolve("connector/Copilot_Studio_MCP/apiProperties.json")))
        .doesNotContain(org.token()).contains("\"identityProvider\" : \"oauth2pkce\"");
  }

  @Test
  void an_unknown_server_is_one_line_on_stderr_and_exit_2() throws Exception {
    Result result = run("connector", "--target-org", "acme", "--app", "Copilot_Studio_MCP", "--server",
        "hosted:nope");
    assertThat(result.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().lines()).singleElement().asString().startsWith("--server hosted:nope:");
    assertThat(dir.resolve("connector")).doesNotExist();
  }
}
