package dev.ecaprovisioner.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.ExitCode;
import dev.ecaprovisioner.cli.Cli;
import dev.ecaprovisioner.eca.EcaType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code provision --source}: the plan applied to local files, checked against the before and after trees under
 * {@code src/test/resources/provision-source} (comments, a tab, CRLF line ends, two elements on one line).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SourceProvisioningTest {
  static final Path FIXTURES = Path.of("src/test/resources/provision-source");

  @TempDir
  Path dir;

  @BeforeEach
  void copyBefore() throws IOException {
    copy(FIXTURES.resolve("before"), dir.resolve("force-app"));
  }

  record Run(int exit, String out, String err) {}

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Cli.newCommandLine(dir);
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return new Run(commandLine.execute(args), out.toString(), err.toString());
  }

  @Test
  void without_apply_prints_the_plan_and_leaves_every_byte_as_it_was() throws IOException {
    Run run = run("provision", "--source", "force-app", "--app", "Sales_MCP");

    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).contains("isSecretRequiredForRefreshToken  true -> false")
        .contains("ipRelaxationPolicyType  Enforce -> Bypass")
        .contains("Nothing was changed. Run again with --apply to edit the files.");
    assertSameTree(FIXTURES.resolve("before"), dir.resolve("force-app"));
  }

  @Test
  void with_apply_changes_only_the_planned_elements_byte_for_byte() throws IOException {
    assumeTheRealEditor();

    Run run = run("provision", "--source", "force-app", "--app", "Sales_MCP", "--apply");

    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
    assertSameTree(FIXTURES.resolve("after"), dir.resolve("force-app"));
    assertThat(run("provision", "--source", "force-app", "--app", "Sales_MCP").out()).contains("Nothing to change");
  }

  @Test
  void an_unknown_app_is_bad_input_and_no_file_changes() throws IOException {
    Run run = run("provision", "--source", "force-app", "--app", "Nope", "--apply");

    assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err()).isEqualTo("--app Nope: no such app under " + dir.resolve("force-app")
        + " (found: Sales_MCP)\n");
    assertSameTree(FIXTURES.resolve("before"), dir.resolve("force-app"));
  }

  @Test
  void does_not_mix_with_an_org() {
    Run run = run("provision", "--source", "force-app", "--app", "Sales_MCP", "--target-org", "dev");

    assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err()).startsWith("--source edits local files: it does not go with --target-org");
  }

  /**
   * The edits come from {@link MetadataXml#edit}, which is written apart from provisioning; until it is in place the
   * byte-for-byte test cannot run and says so instead of passing.
   */
  static void assumeTheRealEditor() {
    try {
      MetadataXml.edit("<ExtlClntAppConfigurablePolicies xmlns=\"http://soap.sforce.com/2006/04/metadata\"/>", "probe",
          EcaType.PLUGIN_POLICIES, Map.of("isEnabled", Optional.of("true")));
    } catch (UnsupportedOperationException placeholder) {
      Assumptions.abort("MetadataXml.edit is not in this build yet");
    }
  }

  static void assertSameTree(Path expected, Path actual) throws IOException {
    List<String> want = relative(expected);
    assertThat(relative(actual)).isEqualTo(want);
    for (String file : want) {
      assertThat(Files.readAllBytes(actual.resolve(file))).as(file)
          .isEqualTo(Files.readAllBytes(expected.resolve(file)));
    }
  }

  static List<String> relative(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
          .filter(p -> !p.endsWith(".gitattributes")).sorted().toList();
    }
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
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
