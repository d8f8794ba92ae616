package dev.ecaprovisioner.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.ExitCode;
import dev.ecaprovisioner.cli.Cli;
import dev.ecaprovisioner.eca.EcaApp;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * The plan in every format, and a backup's files, against files under {@code src/test/resources/golden/provision}.
 * Run with {@code -Dgolden.update=true} to rewrite them after an intended change, then review the diff.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PlanGoldenFilesTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/provision");
  static final Path SEED = Path.of("src/test/resources/fixtures/seed-scenario").toAbsolutePath();
  static final boolean UPDATE = Boolean.getBoolean("golden.update");

  @ParameterizedTest(name = "as {0}")
  @EnumSource(PlanFormat.class)
  void the_seed_scenario_plan_renders_exactly_as_expected(PlanFormat format) throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Cli.newCommandLine(SEED);
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));

    int exit = commandLine.execute("provision", "--source", "force-app", "--app", "Sales_MCP", "--format",
        format.label());

    assertThat(exit).as(err.toString()).isEqualTo(ExitCode.OK);
    assertThat(err.toString()).isEmpty();
    compare(out.toString(), GOLDEN.resolve("seed-scenario-plan." + format.label() + ".expected"));
  }

  @Test
  void a_backup_holds_every_component_as_deployable_source_and_a_manifest(@TempDir Path dir) throws IOException {
    EcaApp app = dev.ecaprovisioner.source.SourceTreeReader.read(List.of(SEED.resolve("force-app"))).get(0);

    Path folder = Backup.write(dir, "dev", app, "65.0", Instant.parse("2026-01-05T10:00:00Z"));

    assertThat(dir.relativize(folder).toString()).isEqualTo(".eca-provisioner/backups/dev/Sales_MCP/20260105T100000Z");
    Path expected = GOLDEN.resolve("backup-seed-scenario");
    List<String> written = relative(folder);
    if (!UPDATE) {
      assertThat(written).isEqualTo(relative(expected));
    }
    for (String file : written) {
      compare(Files.readString(folder.resolve(file)), expected.resolve(file));
    }
    assertThat(Backup.read(folder).components().keySet()).isEqualTo(app.components().keySet());
  }

  static List<String> relative(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  static void compare(String actual, Path expected) throws IOException {
    if (UPDATE) {
      Files.createDirectories(expected.getParent());
      Files.writeString(expected, actual, StandardCharsets.UTF_8);
      return;
    }
    assertThat(actual).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
  }
}
