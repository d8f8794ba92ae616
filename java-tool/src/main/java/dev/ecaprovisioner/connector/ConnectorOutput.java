package dev.ecaprovisioner.connector;

import dev.ecaprovisioner.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The folder a connector is written to: refused when it holds anything, unless the admin forces it. */
public final class ConnectorOutput {
  private ConnectorOutput() {}

  /**
   * Checks, before anything is read or written, that the folder can take the connector.
   *
   * @throws BadInputException when it is a file, or a folder that is not empty and {@code force} is off
   */
  public static void checkWritable(Path directory, String shownAs, boolean force) {
    if (!Files.exists(directory)) {
      return;
    }
    if (!Files.isDirectory(directory)) {
      throw new BadInputException("--out " + shownAs + ": is a file, not a folder");
    }
    try (Stream<Path> entries = Files.list(directory)) {
      if (entries.findAny().isPresent() && !force) {
        throw new BadInputException("--out " + shownAs + ": the folder is not empty; give another or add --force to "
            + "replace the connector's files in it");
      }
    } catch (IOException e) {
      throw new BadInputException("--out " + shownAs + ": cannot be read: " + e.getMessage());
    }
  }

  /** Writes every file, each replaced whole, and returns the paths written. */
  public static List<Path> write(Path directory, Map<String, String> files, String shownAs) {
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(directory);
      for (Map.Entry<String, String> file : files.entrySet()) {
        Path target = directory.resolve(file.getKey());
        Path temporary = Files.createTempFile(directory, ".connector", ".tmp");
        try {
          Files.writeString(temporary, file.getValue(), StandardCharsets.UTF_8);
          Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
          Files.deleteIfExists(temporary);
        }
        written.add(target);
      }
    } catch (IOException e) {
      throw new BadInputException("--out " + shownAs + ": cannot write the connector: " + e.getMessage());
    }
    return written;
  }
}
