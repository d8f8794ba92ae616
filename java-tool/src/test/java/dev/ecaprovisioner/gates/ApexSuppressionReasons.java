package dev.ecaprovisioner.gates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds PMD suppressions in Apex that give no reason. The house rule (docs/gates.md): a
 * {@code // NOPMD} comment says why after the marker, and a {@code @SuppressWarnings('PMD...')}
 * has a {@code //} comment saying why on its own line or on the line just above it.
 */
final class ApexSuppressionReasons {
  private static final Pattern NOPMD = Pattern.compile("//\\s*NOPMD\\b(.*)$");
  private static final Pattern SUPPRESS = Pattern.compile("@SuppressWarnings\\s*\\(\\s*'([^']*)'", Pattern.CASE_INSENSITIVE);
  private static final Pattern REASON_TEXT = Pattern.compile(".*\\p{L}{3,}.*");

  private ApexSuppressionReasons() {}

  /** One line per unexplained suppression, {@code file:line: problem}, in file order. */
  static List<String> findUnexplained(Path tree) {
    List<String> problems = new ArrayList<>();
    if (!Files.isDirectory(tree)) {
      return problems;
    }
    try (Stream<Path> files = Files.walk(tree)) {
      for (Path file : files.filter(ApexSuppressionReasons::isApex).sorted().toList()) {
        check(file, Files.readAllLines(file, StandardCharsets.UTF_8), problems);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Apex under " + tree, e);
    }
    return problems;
  }

  private static boolean isApex(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file) && (name.endsWith(".cls") || name.endsWith(".trigger"));
  }

  private static void check(Path file, List<String> lines, List<String> problems) {
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher nopmd = NOPMD.matcher(line);
      if (nopmd.find() && !REASON_TEXT.matcher(nopmd.group(1)).matches()) {
        problems.add(file + ":" + (i + 1) + ": NOPMD without a reason: write why after it (// NOPMD - reason)");
      }
      Matcher suppress = SUPPRESS.matcher(line);
      if (suppress.find() && suppress.group(1).toUpperCase().contains("PMD")) {
        boolean sameLine = hasReasonComment(line.substring(suppress.end()));
        boolean lineAbove = i > 0 && lines.get(i - 1).trim().startsWith("//")
            && REASON_TEXT.matcher(lines.get(i - 1)).matches();
        if (!sameLine && !lineAbove) {
          problems.add(file + ":" + (i + 1) + ": @SuppressWarnings('" + suppress.group(1)
              + "') without a reason: put a // comment saying why on the line above");
        }
      }
    }
  }

  private static boolean hasReasonComment(String rest) {
    int comment = rest.indexOf("//");
    return comment >= 0 && REASON_TEXT.matcher(rest.substring(comment + 2)).matches();
  }
}
