package dev.ecaprovisioner.gates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.testing.RepositoryPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator.ReplaceUnderscores;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(ReplaceUnderscores.class)
class RepositoryBoundaryTest {

  @Test
  void no_test_script_or_build_file_of_the_repository_names_a_path_outside_it() {
    assertThat(RepositoryBoundary.findEscapes(RepositoryPaths.repositoryRoot())).isEmpty();
  }

  @Test
  void the_test_data_folders_are_inside_the_repository() {
    Path root = RepositoryPaths.repositoryRoot();

    assertThat(RepositoryPaths.mcpSchemaDir(root)).startsWith(root);
    assertThat(RepositoryPaths.powerPlatformSchemaDir(root)).startsWith(root);
  }

  @Nested
  class A_line_that_is_refused {
    @TempDir Path tree;

    @ParameterizedTest
    @ValueSource(strings = {
        "Path schemas = root.resolve(\"../shared/mcp-schema\");",
        "Path candidate = dir.resolve(\"shared/powerplatform-schema\");",
        "Path candidate = dir.resolve(\"shared\").resolve(\"powerplatform-schema\");",
        "private static final Path SCHEMA_DIR = Path.of(\"shared\", \"mcp-schema\");",
        "schemas=/work/shared/mcp-schema",
        "Path cache = Path.of(System.getProperty(\"user.home\"), \".cache\");",
        "cp \"$HOME/.cache/sf/thing\" .",
        "ls ${HOME}/.npm",
        "node ~/.tools/server.js"})
    void in_a_test_source_is_named_with_file_and_line(String line) throws IOException {
      Path test = tree.resolve("java-tool/src/test/java/x/SomeTest.java");
      Files.createDirectories(test.getParent());
      Files.writeString(test, "class SomeTest {\n  // reads data\n  " + line + "\n}\n");

      assertThat(RepositoryBoundary.findEscapes(tree)).singleElement().asString()
          .startsWith(Path.of("java-tool/src/test/java/x/SomeTest.java") + ":3: ");
    }

    @Test
    void in_a_script_or_ci_file_is_found_too() throws IOException {
      Files.createDirectories(tree.resolve("scripts"));
      Files.createDirectories(tree.resolve(".ci"));
      Files.writeString(tree.resolve("scripts/gate.sh"), "#!/bin/sh\ncat ../shared/REFERENCE-mcp.md\n");
      Files.writeString(tree.resolve(".ci/run"), "#!/bin/sh\ncd /work/main && mvn verify\n");

      assertThat(RepositoryBoundary.findEscapes(tree)).extracting(e -> e.file().toString())
          .containsExactlyInAnyOrder(".ci/run", "scripts/gate.sh");
    }
  }

  @Nested
  class A_line_that_is_accepted {
    @TempDir Path tree;

    @ParameterizedTest
    @ValueSource(strings = {
        "Path schemas = root.resolve(\"java-tool/src/test/resources/third-party/mcp-schema\");",
        "// a lineage id shared by a session and its renewals",
        "dir=\"$(dirname \"$0\")/../answers\"",
        "String env = \"HOMEPAGE\";"})
    void inside_the_repository_or_not_a_path(String line) throws IOException {
      Path script = tree.resolve("scripts/ok.sh");
      Files.createDirectories(script.getParent());
      Files.writeString(script, line + "\n");

      assertThat(RepositoryBoundary.findEscapes(tree)).isEmpty();
    }
  }
}
