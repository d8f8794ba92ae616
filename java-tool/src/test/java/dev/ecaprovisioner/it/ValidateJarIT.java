package dev.ecaprovisioner.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.ExitCode;
import dev.ecaprovisioner.testing.ShadedJar;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the shaded jar as a user would and checks exit codes, stdout and stderr. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ValidateJarIT {
  static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
  static final Path SEED = Path.of("src/test/resources/fixtures/seed-scenario").toAbsolutePath();
  static final Path BAD = Path.of("src/test/resources/bad-inputs").toAbsolutePath();
  static Path jar;

  @BeforeAll
  static void findJar() {
    jar = ShadedJar.path();
  }

  record Result(int exitCode, String out, String err) {}

  static Result run(Path directory, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
    command.addAll(List.of(args));
    File out = Files.createTempFile("eca-out", ".txt").toFile();
    File err = Files.createTempFile("eca-err", ".txt").toFile();
    Process process = new ProcessBuilder(command).directory(directory.toFile())
        .redirectOutput(out).redirectError(err).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the jar finishes").isTrue();
    Result result = new Result(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
        Files.readString(err.toPath(), StandardCharsets.UTF_8));
    out.delete();
    err.delete();
    return result;
  }

  @Nested
  class From_a_project_directory {
    @Test
    void the_shipped_template_exits_0_with_nothing_on_stderr() throws Exception {
      Result result = run(PROJECT, "validate");
      assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.OK);
      assertThat(result.err()).isEmpty();
      assertThat(result.out()).contains("Copilot_Studio_MCP (0 errors").doesNotContain("\u001b[");
    }

    @Test
    void the_seed_scenario_exits_1_and_says_why_copilot_studio_cannot_refresh() throws Exception {
      Result result = run(SEED, "validate", "--format", "json");
      assertThat(result.exitCode()).isEqualTo(ExitCode.FINDINGS);
      assertThat(result.out()).startsWith("{").contains("\"status\" : 1", "copilot-studio/refresh-without-secret");
      assertThat(result.err()).isEmpty();
    }

    @Test
    void output_dev_stdout_writes_the_report_to_stdout_and_leaves_the_link_alone() throws Exception {
      Result result = run(SEED, "validate", "--format", "json", "--output", "/dev/stdout");
      assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.FINDINGS);
      assertThat(result.out()).startsWith("{").contains("copilot-studio/refresh-without-secret");
      assertThat(Files.isSymbolicLink(Path.of("/dev/stdout"))).isTrue();
    }

    @Test
    void the_bundled_profiles_work_from_a_directory_without_config(@TempDir Path elsewhere) throws Exception {
      Result result = run(elsewhere, "validate", "--source", SEED.resolve("force-app").toString(),
          "--profile", "claude");
      assertThat(result.exitCode()).isEqualTo(ExitCode.FINDINGS);
      assertThat(result.out()).contains("claude/callback-url");
    }
  }

  @Nested
  class Bad_input {
    @Test
    void malformed_xml_is_one_line_naming_file_and_line_and_exit_2() throws Exception {
      Result result = run(BAD.resolve("malformed-xml"), "validate", "--source", "src");
      assertThat(result.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(result.out()).isEmpty();
      assertThat(result.err().lines()).singleElement().asString()
          .startsWith("src/A.eca-meta.xml:5: malformed XML:");
    }

    @Test
    void a_profile_naming_an_unknown_field_is_exit_2() throws Exception {
      Result result = run(BAD.resolve("profile-unknown-field"), "validate", "--source", "src",
          "--profile", "profile.yaml");
      assertThat(result.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(result.err().lines()).singleElement().asString()
          .startsWith("profile.yaml:7: the field 'isJwtEnabled' does not exist");
    }

    @Test
    void verbose_adds_the_stack_trace() throws Exception {
      Result result = run(BAD.resolve("malformed-xml"), "validate", "--source", "src", "--verbose");
      assertThat(result.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(result.err()).contains("dev.ecaprovisioner.BadInputException");
    }

    @Test
    void bad_usage_is_exit_2() throws Exception {
      Result result = run(PROJECT, "validate", "--format");
      assertThat(result.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(result.err().lines()).hasSize(1);
    }
  }

  @Test
  void version_and_help_exit_0() throws Exception {
    Result version = run(PROJECT, "--version");
    assertThat(version.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(version.out()).startsWith("eca-provisioner 0.");
    Result help = run(PROJECT, "validate", "--help");
    assertThat(help.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(help.out()).contains("Usage: eca-provisioner validate");
  }
}
