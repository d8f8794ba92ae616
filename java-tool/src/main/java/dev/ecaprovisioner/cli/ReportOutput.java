package dev.ecaprovisioner.cli;

import dev.ecaprovisioner.BadInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where a rendered report goes, for every command that writes one.
 *
 * <ul>
 *   <li>No file, or {@code -}: stdout.
 *   <li>A regular file, or a path where nothing is yet: a file written beside it and renamed over it, so a reader never
 *       sees half a report. A link is followed and what it points at is replaced, the link kept. A new file gets the
 *       permissions the user's umask gives; a replaced one keeps its own.
 *   <li>Anything else ({@code /dev/null}, {@code /dev/stdout}, a FIFO): written through, never replaced.
 * </ul>
 *
 * A report is never written over one of the run's inputs (an ECA file, a profile, {@code sfdx-project.json}).
 */
final class ReportOutput {
  /** Where devices and a process's own streams live: their links lead to what must be written through. */
  private static final List<Path> SPECIAL_ROOTS = List.of(Path.of("/dev"), Path.of("/proc"));

  private ReportOutput() {}

  /** Writes to stdout when {@code file} is null or {@code -}, else to the file. */
  static void write(String rendered, Path file, PrintWriter out) {
    write(rendered, file, out, List.of());
  }

  /**
   * Writes to stdout when {@code file} is null or {@code -}, else to the file, unless it is one of {@code inputs}.
   *
   * @throws BadInputException naming the file when it is one of the inputs or cannot be written; nothing is written
   */
  static void write(String rendered, Path file, PrintWriter out, Collection<Path> inputs) {
    if (isStdout(file)) {
      out.print(rendered);
      out.flush();
      return;
    }
    refuseInputs(file, inputs);
    byte[] bytes = rendered.getBytes(StandardCharsets.UTF_8);
    try {
      Path target = followLinks(file);
      if (writesThrough(file, target)) {
        try (OutputStream stream = Files.newOutputStream(target, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
          stream.write(bytes);
        }
      } else {
        replace(target, bytes);
      }
    } catch (IOException e) {
      throw BadInputException.at(file, 0, "cannot write the report: " + reason(e));
    }
  }

  /** Whether an {@code --output} value means stdout. */
  static boolean isStdout(Path file) {
    return file == null || file.toString().equals("-");
  }

  private static void refuseInputs(Path file, Collection<Path> inputs) {
    if (!Files.exists(file)) {
      return;
    }
    for (Path input : inputs) {
      try {
        if (Files.exists(input) && Files.isSameFile(file, input)) {
          throw BadInputException.at(file, 0, "--output names an input of this run (" + input
              + "); the report would overwrite it: choose another file");
        }
      } catch (IOException e) {
        // An input that cannot be compared was read already; it cannot be the file the report goes to.
      }
    }
  }

  /** What the path ends at after every link; a dangling link ends at the path it names. */
  private static Path followLinks(Path file) throws IOException {
    Path current = file.toAbsolutePath();
    for (int hops = 0; Files.isSymbolicLink(current); hops++) {
      if (hops > 40) {
        throw new IOException("too many levels of links");
      }
      current = current.resolveSibling(Files.readSymbolicLink(current)).normalize();
    }
    return current;
  }

  private static boolean writesThrough(Path file, Path target) throws IOException {
    Path given = file.toAbsolutePath().normalize();
    if (SPECIAL_ROOTS.stream().anyMatch(given::startsWith) || SPECIAL_ROOTS.stream().anyMatch(target::startsWith)) {
      // /dev/stdout leads to /proc/self/fd/1, which may lead on to a regular file the shell opened: replacing that
      // file would leave the shell writing to one nobody can see.
      return Files.exists(target);
    }
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    BasicFileAttributes attributes = Files.readAttributes(target, BasicFileAttributes.class);
    return !attributes.isRegularFile() && !attributes.isDirectory();
  }

  private static void replace(Path target, byte[] bytes) throws IOException {
    if (Files.isDirectory(target)) {
      throw new IOException("it is a directory");
    }
    Path directory = target.getParent();
    Path temporary = newTemporary(directory, target.getFileName().toString());
    try {
      Files.write(temporary, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
      keepPermissions(target, temporary);
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** A new empty file beside the target, created without explicit permissions so the user's umask applies. */
  private static Path newTemporary(Path directory, String name) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path candidate = directory.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
          + ".tmp");
      try {
        return Files.createFile(candidate);
      } catch (FileAlreadyExistsException e) {
        if (attempt > 10) {
          throw e;
        }
      }
    }
  }

  private static void keepPermissions(Path target, Path temporary) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
    if (view != null && Files.exists(target)) {
      Set<PosixFilePermission> permissions = view.readAttributes().permissions();
      Files.setPosixFilePermissions(temporary, permissions);
    }
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "its directory does not exist";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? "an input/output error" : e.getMessage();
  }
}
