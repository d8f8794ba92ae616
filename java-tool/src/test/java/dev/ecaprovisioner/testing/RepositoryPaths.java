package dev.ecaprovisioner.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the repository root and the third-party data the tests read, wherever the build starts. Everything a test
 * reads lives inside the repository: a user's clone has nothing beside it.
 */
public final class RepositoryPaths {
  public static final String TRANSCRIPTS = "force-app/main/default/staticresources/McpTranscripts.json";
  public static final String TRANSCRIPTS_META =
      "force-app/main/default/staticresources/McpTranscripts.resource-meta.xml";
  /** The third-party files the gates read (official schemas), each folder with its licence and origin. */
  public static final String THIRD_PARTY = "java-tool/src/test/resources/third-party";
  private static final Path MCP_SCHEMAS = Path.of(THIRD_PARTY, "mcp-schema");
  private static final Path POWER_PLATFORM_SCHEMAS = Path.of(THIRD_PARTY, "powerplatform-schema");

  private RepositoryPaths() {}

  /** The directory holding sfdx-project.json, searched upwards from the module directory. */
  public static Path repositoryRoot() {
    Path start = Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("sfdx-project.json"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no sfdx-project.json in " + start + " or any folder above it: not inside the repository");
  }

  /** The official MCP JSON schemas, one file per protocol version, inside the repository. */
  public static Path mcpSchemaDir(Path repositoryRoot) {
    return thirdPartyDir(repositoryRoot, MCP_SCHEMAS);
  }

  /** Microsoft's published JSON schemas for custom connector files, inside the repository. */
  public static Path powerPlatformSchemaDir(Path repositoryRoot) {
    return thirdPartyDir(repositoryRoot, POWER_PLATFORM_SCHEMAS);
  }

  private static Path thirdPartyDir(Path repositoryRoot, Path relative) {
    Path dir = repositoryRoot.resolve(relative);
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "the third-party test data is missing: no " + relative + " in " + repositoryRoot
              + " (it is part of the repository: restore it with git checkout)");
    }
    return dir;
  }
}
