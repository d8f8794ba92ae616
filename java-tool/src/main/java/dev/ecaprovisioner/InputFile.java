package dev.ecaprovisioner;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one way the tool reads a file it is given: ECA metadata, profiles, {@code sfdx-project.json}. Links are
 * followed, and what they end at must be a regular file: a FIFO would block the run, and {@code /dev/zero} reports a
 * size of 0 and never ends. The bytes actually read are capped, so a file that grows while it is read, or a device,
 * still cannot exhaust memory.
 */
public final class InputFile {
  private InputFile() {}

  /**
   * The file's bytes.
   *
   * @param what how a message names such a file, e.g. "External Client App metadata file"
   * @throws BadInputException naming the file when it is missing, not a regular file, unreadable or over the cap
   */
  public static byte[] read(Path file, long maxBytes, String what) {
    BasicFileAttributes attributes = attributes(file);
    if (!attributes.isRegularFile()) {
      throw BadInputException.at(file, 0, "is not a regular file (" + kind(attributes) + "), so it is not read");
    }
    if (attributes.size() > maxBytes) {
      throw tooLarge(file, maxBytes, what);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(Math.toIntExact(maxBytes + 1));
      if (bytes.length > maxBytes) {
        throw tooLarge(file, maxBytes, what);
      }
      return bytes;
    } catch (IOException e) {
      throw cannotBeRead(file, e);
    }
  }

  /**
   * The one-line message for an {@link IOException} met while reading {@code file}, in an admin's words: no exception
   * class names.
   */
  public static BadInputException cannotBeRead(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return BadInputException.at(file, 0, "cannot be read: no such file (a broken link?)");
    }
    if (e instanceof AccessDeniedException) {
      return BadInputException.at(file, 0, "cannot be read: permission denied");
    }
    if (e instanceof CharConversionException) {
      return BadInputException.at(file, 0, "is not text in UTF-8, UTF-16 or UTF-32");
    }
    String reason = e.getMessage() == null || e.getMessage().isBlank() ? "an input/output error" : e.getMessage();
    return BadInputException.at(file, 0, "cannot be read: " + reason);
  }

  private static BasicFileAttributes attributes(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      throw cannotBeRead(file, e);
    }
  }

  private static BadInputException tooLarge(Path file, long maxBytes, String what) {
    return BadInputException.at(file, 0, "larger than " + size(maxBytes) + ", which no " + what + " is");
  }

  private static String size(long bytes) {
    return bytes >= 1_000_000 ? bytes / 1_000_000 + " MB" : bytes / 1_000 + " kB";
  }

  private static String kind(BasicFileAttributes attributes) {
    if (attributes.isDirectory()) {
      return "a directory";
    }
    return attributes.isOther() ? "a device, FIFO or socket" : "not a file";
  }
}
