package dev.ecaprovisioner.cli;

import dev.ecaprovisioner.BadInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Where a rendered report goes: stdout, or a file replaced whole so a reader never sees half a report. */
final class ReportOutput {
  private ReportOutput() {}

  static void write(String rendered, Path file, PrintWriter out) {
    if (file == null) {
      out.print(rendered);
      out.flush();
      return;
    }
    Path directory = file.toAbsolutePath().getParent();
    try {
      Path temporary = Files.createTempFile(directory, ".eca-report", ".tmp");
      try {
        Files.writeString(temporary, rendered, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw BadInputException.at(file, 0, "cannot write the report: " + e.getMessage());
    }
  }
}
