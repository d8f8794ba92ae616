package dev.ecaprovisioner.gates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.testing.RepositoryPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator.ReplaceUnderscores;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the gates of {@code mvn verify} exactly as the pom wires them, through a nested Maven,
 * on small sfdx trees under {@code src/test/resources/gates}: each gate must pass the clean tree
 * and refuse the tree made to break it, showing the tool's own message.
 */
@DisplayNameGeneration(ReplaceUnderscores.class)
class OfflineGatesIT {
  private static final Path ROOT = RepositoryPaths.repositoryRoot();
  private static final Path TREES = ROOT.resolve("java-tool/src/test/resources/gates");
  private static final String APEX_LS = "exec:exec@apex-ls";
  private static final String PMD = "pmd:check@pmd-apex";
  private static final String SF_CONVERT = "exec:exec@sf-project-convert-source";

  @Test
  void all_gates_accept_a_clean_tree() throws Exception {
    Run run = maven("clean", List.of(APEX_LS, PMD, SF_CONVERT));

    assertThat(run.exitCode).as(run.output).isZero();
    assertThat(run.output).contains("sf project convert source: " + TREES.resolve("clean/force-app") + " converted");
  }

  @Nested
  class Apex_ls {
    @Test
    void fails_the_build_on_a_type_error_and_shows_it() throws Exception {
      Run run = maven("apex-ls-error", List.of(APEX_LS));

      assertThat(run.exitCode).isNotZero();
      assertThat(run.output)
          .contains("classes/Greeting.cls")
          .contains("Error: line 11 at 16-38: Incompatible types in assignment, from 'System.String' to 'System.Integer'")
          .contains("No matching method found for 'noSuchMethod'")
          .contains("Exit value: 4");
    }
  }

  @Nested
  class Pmd {
    @Test
    void fails_the_build_on_an_Apex_security_violation_and_names_the_rule() throws Exception {
      Run run = maven("pmd-violation", List.of(PMD));

      assertThat(run.exitCode).isNotZero();
      assertThat(run.output)
          .contains("PMD Failure: Greeting.cls:11 Rule:ApexSOQLInjection")
          .contains("Rule:ApexSharingViolations")
          .contains("has found 2 violations");
    }
  }

  @Nested
  class Sf_project_convert_source {
    @Test
    void fails_the_build_on_a_file_sf_cannot_place_with_sfs_own_message() throws Exception {
      Run run = maven("sf-unconvertible", List.of(SF_CONVERT));

      assertThat(run.exitCode).isNotZero();
      assertThat(run.output).contains("TypeInferenceError: ")
          .contains("mysteries/Thing.mystery-meta.xml: Could not infer a metadata type");
    }

    @Test
    void fails_the_build_on_Apex_without_its_meta_file_which_sf_would_silently_drop() throws Exception {
      Run run = maven("apex-without-meta", List.of(SF_CONVERT));

      assertThat(run.exitCode).isNotZero();
      assertThat(run.output).contains("classes/Greeting.cls: no Greeting.cls-meta.xml beside it");
    }

    @Test
    void without_the_CLI_installed_says_how_to_install_it(@TempDir Path noTools) throws Exception {
      Run run = maven("clean", List.of(SF_CONVERT, "-Dtools.dir=" + noTools));

      assertThat(run.exitCode).isNotZero();
      assertThat(run.output).contains("is not installed in " + noTools + ": run scripts/install-tools.sh");
    }
  }

  private record Run(int exitCode, String output) {}

  private static Run maven(String tree, List<String> goalsAndOptions) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("maven.cmd", "mvn"));
    command.addAll(List.of("-B", "-f", ROOT.resolve("java-tool/pom.xml").toString(), "-Dsfdx.root=" + TREES.resolve(tree)));
    // The same local repository as the build that runs this test.
    String localRepository = System.getProperty("maven.repo.local", "");
    if (!localRepository.isBlank()) {
      command.add("-Dmaven.repo.local=" + localRepository);
    }
    command.addAll(goalsAndOptions);
    Path log = Files.createTempFile("gate-", ".log");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("the nested Maven run " + command + " took more than 5 minutes");
      }
      return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
