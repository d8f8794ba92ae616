package dev.ecaprovisioner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ecaprovisioner.ExitCode;
import dev.ecaprovisioner.org.FakeSfCli;
import dev.ecaprovisioner.org.ProcessSfCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ValidateCommandTest {
  static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
  static final Path SEED = Path.of("src/test/resources/fixtures/seed-scenario").toAbsolutePath();
  static final Path BAD_INPUTS = Path.of("src/test/resources/bad-inputs").toAbsolutePath();

  @TempDir
  Path dir;

  @Nested
  class Checking_source {
    @Test
    void the_shipped_template_passes_the_default_profile() {
      CliRun run = CliRun.in(PROJECT, "validate");
      assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
      assertThat(run.err()).isEmpty();
      assertThat(run.out()).contains("Validated source against security-baseline, mcp-client-base, copilot-studio",
          "Copilot_Studio_MCP (0 errors");
    }

    @Test
    void the_seed_scenario_fails_with_the_refresh_finding() {
      CliRun run = CliRun.in(SEED, "validate");
      assertThat(run.exitCode()).isEqualTo(ExitCode.FINDINGS);
      assertThat(run.out()).contains("copilot-studio/refresh-without-secret", "true (default)",
          "Copilot Studio cannot refresh its token");
    }

    @Test
    void several_profiles_combine() {
      CliRun run = CliRun.in(PROJECT, "validate", "--profile", "copilot-studio", "--profile", "hosted-mcp",
          "--format", "json");
      assertThat(run.out()).contains("\"profiles\" : [ \"security-baseline\", \"mcp-client-base\", "
          + "\"copilot-studio\", \"hosted-mcp\" ]");
    }

    @Test
    void app_selects_one_app() throws IOException {
      CliRun run = CliRun.in(SEED, "validate", "--app", "Sales_MCP", "--format", "json");
      assertThat(run.out()).contains("\"name\" : \"Sales_MCP\"");
    }

    @Test
    void output_writes_the_report_to_a_file_and_nothing_to_stdout() throws IOException {
      Path report = dir.resolve("report.sarif");
      CliRun run = CliRun.in(SEED, "validate", "--format", "sarif", "--output", report.toString());
      assertThat(run.exitCode()).isEqualTo(ExitCode.FINDINGS);
      assertThat(run.out()).isEmpty();
      assertThat(Files.readString(report)).contains("\"version\" : \"2.1.0\"");
    }

    @Test
    void format_names_ignore_case() {
      assertThat(CliRun.in(SEED, "validate", "--format", "JUnit").out()).startsWith("<?xml");
    }
  }

  @Nested
  class Help_and_version {
    @Test
    void help_lists_the_options_and_exit_codes() {
      CliRun run = CliRun.in(PROJECT, "validate", "--help");
      assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
      assertThat(run.out()).contains("--source=DIR", "--profile=NAME|FILE", "--app=NAME", "--format=FORMAT",
          "--output=FILE", "2  bad usage or bad input");
    }

    @Test
    void version_names_the_tool() {
      CliRun run = CliRun.in(PROJECT, "--version");
      assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
      assertThat(run.out()).startsWith("eca-provisioner ");
    }

    @Test
    void no_command_shows_usage_and_is_bad_usage() {
      CliRun run = CliRun.in(PROJECT);
      assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run.err()).contains("Usage: eca-provisioner");
    }

    @Test
    void an_unknown_option_is_bad_usage_in_one_line() {
      CliRun run = CliRun.in(PROJECT, "validate", "--sauce", "x");
      assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run.err().lines()).singleElement().asString().startsWith("Unknown options: '--sauce', 'x'");
    }
  }

  /**
   * The corpus of adversarial inputs under {@code src/test/resources/bad-inputs/}, one folder a case (see the README
   * there): each is copied to a temporary folder, given the special files its {@code setup} asks for, and run; the
   * exit code and the first line of stderr must be as the folder says, and nothing may reach stdout.
   */
  @Nested
  class Bad_input {
    @TempDir
    Path work;

    static Stream<String> cases() throws IOException {
      try (Stream<Path> dirs = Files.list(BAD_INPUTS)) {
        return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
      }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gives_one_line_naming_the_file_and_the_exit_code_the_case_expects(String name) throws Exception {
      Path caseDir = work.resolve(name);
      ReportOutputTest.copy(BAD_INPUTS.resolve(name), caseDir);
      Map<String, String> environment = new HashMap<>(System.getenv());
      Path setup = caseDir.resolve("setup");
      if (Files.exists(setup)) {
        for (String line : Files.readAllLines(setup)) {
          prepare(caseDir, line.strip().split("\\s+"), environment);
        }
      }
      String[] args = Files.readString(caseDir.resolve("args")).strip().split(" ");
      String expected = Files.readString(caseDir.resolve("expected-stderr")).strip();
      Path exitFile = caseDir.resolve("expected-exit");
      int exit = Files.exists(exitFile) ? Integer.parseInt(Files.readString(exitFile).strip()) : ExitCode.BAD_INPUT;

      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine commandLine = Cli.newCommandLine(caseDir, environment);
      commandLine.setOut(new PrintWriter(out, true));
      commandLine.setErr(new PrintWriter(err, true));
      int code = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> commandLine.execute(args));

      assertThat(code).as(err.toString()).isEqualTo(exit);
      assertThat(out.toString()).isEmpty();
      assertThat(err.toString().replace(caseDir + "/", "").lines().findFirst()).hasValue(expected);
    }

    /** One line of a case's {@code setup}: the files no repository can hold. */
    private void prepare(Path caseDir, String[] words, Map<String, String> environment) throws Exception {
      switch (words[0]) {
        case "" -> { }
        case "fifo" -> {
          Path fifo = caseDir.resolve(words[1]);
          Files.createDirectories(fifo.getParent());
          Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
          assertThat(mkfifo.waitFor()).isZero();
        }
        case "link" -> {
          Path link = caseDir.resolve(words[1]);
          Files.createDirectories(link.getParent());
          Files.createSymbolicLink(link, Path.of(words[2]));
        }
        case "fill" -> {
          Path file = caseDir.resolve(words[1]);
          byte[] bytes = new byte[Integer.parseInt(words[2])];
          java.util.Arrays.fill(bytes, (byte) 'a');
          bytes[0] = '#';
          Files.write(file, bytes, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        case "sf" -> {
          FakeSfCli sf = FakeSfCli.installIn(Files.createDirectories(work.resolve("sf-" + caseDir.getFileName())));
          sf.signedIn(words[1], words[2], "65.0", "00D" + UUID.randomUUID().toString().replace("-", "") + "!CORPUS");
          environment.put(ProcessSfCli.EXECUTABLE_VARIABLE, sf.executable().toString());
        }
        default -> throw new IllegalArgumentException("unknown setup step: " + String.join(" ", words));
      }
    }

    @Test
    void an_unreadable_file() throws IOException {
      Path src = Files.createDirectories(dir.resolve("src"));
      Files.createSymbolicLink(src.resolve("A.eca-meta.xml"), dir.resolve("gone.xml"));
      CliRun run = CliRun.in(dir, "validate", "--source", "src");
      assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run.err().replace(dir + "/", ""))
          .isEqualTo("src/A.eca-meta.xml: cannot be read: no such file (a broken link?)" + System.lineSeparator());
    }

    @Test
    void writes_no_report_when_the_input_is_bad() {
      Path report = dir.resolve("report.json");
      CliRun run = CliRun.in(BAD_INPUTS.resolve("malformed-xml"), "validate", "--source", "src", "--format", "json",
          "--output", report.toString());
      assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(report).doesNotExist();
    }

    @Test
    void shows_the_stack_trace_only_with_verbose() {
      Path caseDir = BAD_INPUTS.resolve("malformed-xml");
      assertThat(CliRun.in(caseDir, "validate", "--source", "src").err()).doesNotContain("\tat ");
      assertThat(CliRun.in(caseDir, "validate", "--source", "src", "--verbose").err())
          .contains("BadInputException", "\tat ");
    }
  }
}
