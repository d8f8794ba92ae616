package dev.ecaprovisioner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReportOutputTest {
  static final Path SEED = Path.of("src/test/resources/fixtures/seed-scenario").toAbsolutePath();

  @TempDir
  Path dir;
  final StringWriter stdout = new StringWriter();

  void write(String report, Path file, Path... inputs) {
    ReportOutput.write(report, file, new PrintWriter(stdout, true), List.of(inputs));
  }

  @Nested
  class To_stdout {
    @Test
    void without_a_file() {
      write("report", null);
      assertThat(stdout).hasToString("report");
    }

    @Test
    void for_a_dash() {
      write("report", Path.of("-"));
      assertThat(stdout).hasToString("report");
    }

    @Test
    void for_a_dash_on_the_command_line() {
      CliRun run = CliRun.in(SEED, "validate", "--format", "json", "--output", "-");
      assertThat(run.out()).contains("\"target\" : \"source\"");
      assertThat(SEED.resolve("-")).doesNotExist();
    }
  }

  @Nested
  class To_a_regular_file {
    @Test
    void replaces_it_whole_and_leaves_no_temporary_file() throws IOException {
      Path file = Files.writeString(dir.resolve("report.txt"), "an older and much longer report");
      write("new", file);
      assertThat(file).hasContent("new");
      try (var files = Files.list(dir)) {
        assertThat(files).containsExactly(file);
      }
    }

    @Test
    void creates_it_with_the_permissions_the_umask_gives_not_owner_only() throws IOException {
      Path probe = Files.createFile(dir.resolve("probe"));
      Set<PosixFilePermission> umaskGives = Files.getPosixFilePermissions(probe);
      Path file = dir.resolve("report.txt");
      write("new", file);
      assertThat(Files.getPosixFilePermissions(file)).isEqualTo(umaskGives);
    }

    @Test
    void keeps_the_permissions_of_the_file_it_replaces() throws IOException {
      Path file = Files.writeString(dir.resolve("report.txt"), "old");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
      write("new", file);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
    }

    @Test
    void through_a_link_replaces_what_the_link_points_at_and_keeps_the_link() throws IOException {
      Path real = Files.writeString(Files.createDirectories(dir.resolve("reports")).resolve("latest.txt"), "old");
      Path link = Files.createSymbolicLink(dir.resolve("report.txt"), real);
      write("new", link);
      assertThat(Files.isSymbolicLink(link)).isTrue();
      assertThat(real).hasContent("new");
    }

    @Test
    void through_a_dangling_link_creates_what_it_points_at() throws IOException {
      Path real = dir.resolve("latest.txt");
      Path link = Files.createSymbolicLink(dir.resolve("report.txt"), real.getFileName());
      write("new", link);
      assertThat(Files.isSymbolicLink(link)).isTrue();
      assertThat(real).hasContent("new");
    }
  }

  @Nested
  class To_what_is_not_a_regular_file {
    @Test
    void writes_through_dev_null_and_leaves_it_a_device() {
      write("report", Path.of("/dev/null"));
      assertThat(Files.isRegularFile(Path.of("/dev/null"))).isFalse();
      assertThat(stdout).hasToString("");
    }

    @Test
    void writes_through_a_fifo_to_its_reader() throws Exception {
      Path fifo = dir.resolve("report.fifo");
      Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
      assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
        try {
          return Files.readString(fifo, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      write("through the pipe", fifo);
      assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("through the pipe");
      assertThat(Files.isRegularFile(fifo)).isFalse();
    }
  }

  @Nested
  class Refusing {
    @Test
    void a_file_that_is_an_input_and_leaves_it_unchanged() throws IOException {
      Path input = Files.writeString(dir.resolve("A.eca-meta.xml"), "<x/>");
      assertThatThrownBy(() -> write("report", input, input))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("--output names an input of this run");
      assertThat(input).hasContent("<x/>");
    }

    @Test
    void a_link_to_an_input() throws IOException {
      Path input = Files.writeString(dir.resolve("profile.yaml"), "name: p");
      Path link = Files.createSymbolicLink(dir.resolve("report.txt"), input);
      assertThatThrownBy(() -> write("report", link, input)).isInstanceOf(BadInputException.class);
      assertThat(input).hasContent("name: p");
    }

    @Test
    void an_eca_file_sfdx_project_json_or_a_profile_on_the_command_line() throws IOException {
      Path project = dir.resolve("project");
      copy(SEED, project);
      Path profile = Files.writeString(project.resolve("p.yaml"), "name: p\ndescription: d\nextends: [claude]\n");
      String eca = "force-app/main/default/externalClientApps/Sales_MCP.eca-meta.xml";
      for (String output : List.of(eca, "sfdx-project.json", "p.yaml")) {
        byte[] before = Files.readAllBytes(project.resolve(output));
        CliRun run = CliRun.in(project, "validate", "--profile", profile.toString(), "--output", output);
        assertThat(run.exitCode()).as(output + ": " + run.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains(output + ": --output names an input of this run");
        assertThat(Files.readAllBytes(project.resolve(output))).isEqualTo(before);
      }
    }

    @Test
    void a_directory_that_does_not_exist_in_one_line() {
      CliRun run = CliRun.in(SEED, "validate", "--output", dir.resolve("no/such/report.txt").toString());
      assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run.err()).endsWith("no/such/report.txt: cannot write the report: its directory does not exist"
          + System.lineSeparator());
    }
  }

  static void copy(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
