package dev.ecaprovisioner.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root and the shared MCP schemas beside it, wherever the build starts. */
public final class RepositoryPaths {
  public static final String TRANSCRIPTS = "force-app/main/default/staticresources/McpTranscripts.json";
  public static final String TRANSCRIPTS_META =
      "force-app/main/default/staticresources/McpTranscripts.resource-meta.xml";
  private static final Path SCHEMA_DIR = Path.of("shared", "mcp-schema");

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

  /**
   * The folder of official MCP schemas: {@code shared/mcp-schema} in the repository root or in
   * the nearest folder above it (CI and developers keep {@code shared/} beside the clone).
   */
  public static Path mcpSchemaDir(Path repositoryRoot) {
    for (Path dir = repositoryRoot; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(SCHEMA_DIR);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "the MCP schemas are missing: no shared/mcp-schema folder in "
            + repositoryRoot
            + " or any folder above it (keep the shared folder beside the repository as ../shared)");
  }
}
