package dev.ecaprovisioner.gates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the places where a test, script or build file names a path outside the repository: the folder of shared
 * documents kept beside the clone on the team's machines, an absolute path of one machine, or a cache in the home
 * directory that an earlier run may have left. A user's clone has none of them, so a test that reads one passes only
 * where it was written.
 */
final class RepositoryBoundary {
  /** What the gate reads, relative to the repository root: every test source, script and build file. */
  static final List<String> SCANNED = List.of("java-tool/src/test/java", "scripts", ".ci", "pom.xml", "java-tool/pom.xml");

  /** The checker and its test spell the patterns out; they are the only files allowed to. */
  private static final List<String> SELF = List.of("RepositoryBoundary.java", "RepositoryBoundaryTest.java");

  record Escape(Path file, int line, String what) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + what;
    }
  }

  private record Rule(Pattern pattern, String what) {}

  private static final List<Rule> RULES = List.of(
      new Rule(Pattern.compile("\\.\\./shared\\b|\\bshared/(mcp-schema|powerplatform-schema|REFERENCE)|\"shared\""),
          "names the shared folder beside the clone, which a user's clone does not have"),
      new Rule(Pattern.compile("(?<![\\w.])/work/"), "names an absolute path of one machine"),
      new Rule(Pattern.compile("user\\.home|\\$\\{?HOME\\b|(?<![\\w.$])~/"),
          "reads the home directory, where an earlier run may have left what a fresh machine lacks"));

  private RepositoryBoundary() {}

  static List<Escape> findEscapes(Path root) {
    List<Escape> escapes = new ArrayList<>();
    for (String scanned : SCANNED) {
      Path start = root.resolve(scanned);
      if (!Files.exists(start)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(start)) {
        files.filter(Files::isRegularFile)
            .filter(f -> !SELF.contains(f.getFileName().toString()))
            .sorted()
            .forEach(f -> scan(root, f, escapes));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return escapes;
  }

  private static void scan(Path root, Path file, List<Escape> escapes) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.MalformedInputException binary) {
      return;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (int i = 0; i < lines.size(); i++) {
      for (Rule rule : RULES) {
        if (rule.pattern().matcher(lines.get(i)).find()) {
          escapes.add(new Escape(root.relativize(file), i + 1, rule.what()));
          break;
        }
      }
    }
  }
}
