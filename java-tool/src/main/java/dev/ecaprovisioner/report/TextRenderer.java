package dev.ecaprovisioner.report;

import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.Finding;
import dev.ecaprovisioner.validate.Location;
import dev.ecaprovisioner.validate.ValidationReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The default output: per app an aligned table of findings, then each finding's message, fix and location under its
 * number. Colour marks severities only when asked (the command asks only on a terminal).
 */
final class TextRenderer implements ReportRenderer {
  private static final String RESET = "\u001b[0m";
  private static final int WRAP = 100;

  private final boolean colour;

  TextRenderer(boolean colour) {
    this.colour = colour;
  }

  @Override
  public String render(List<ValidationReport> reports) {
    StringBuilder out = new StringBuilder();
    for (ValidationReport report : reports) {
      out.append("Validated ").append(report.target()).append(" against ")
          .append(String.join(", ", report.profiles())).append('\n');
      for (AppResult app : report.apps()) {
        out.append('\n');
        renderApp(app, out);
      }
      out.append('\n');
    }
    if (reports.size() > 1) {
      // Several targets (an audit of several orgs): one summary line each before the total.
      for (ValidationReport report : reports) {
        out.append(report.target()).append(": ").append(Summary.of(report).sentence()).append('\n');
      }
    }
    out.append(Summary.of(reports).sentence()).append('\n');
    return out.toString();
  }

  private void renderApp(AppResult app, StringBuilder out) {
    out.append(app.name()).append(" (").append(Summary.of(app).counts()).append("; ")
        .append(Summary.plural(app.passedRules().size(), "rule")).append(" met)\n");
    if (app.findings().isEmpty()) {
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"#", "SEVERITY", "RULE", "FIELD", "EXPECTED", "ACTUAL"});
    int n = 1;
    for (Finding f : app.findings()) {
      rows.add(new String[] {String.valueOf(n++), f.severity().label(), f.rule(), dash(f.setting()), dash(f.expected()),
          dash(f.actual())});
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      StringBuilder line = new StringBuilder("  ");
      for (int i = 0; i < row.length; i++) {
        String cell = i == row.length - 1 ? row[i] : pad(row[i], widths[i]);
        if (i == 1 && r > 0) {
          cell = paint(app.findings().get(r - 1).severity(), cell);
        }
        line.append(cell);
        if (i < row.length - 1) {
          line.append("  ");
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    n = 1;
    for (Finding f : app.findings()) {
      out.append('\n');
      String label = "  " + n++ + ". ";
      wrap(f.message(), label, out);
      String indent = " ".repeat(label.length());
      if (f.fix() != null && f.fix().setupLabel() != null) {
        wrap("Setup: " + f.fix().setupLabel(), indent, out);
      }
      if (f.fix() != null && f.fix().metadataValue() != null) {
        wrap("Metadata: " + f.metadataFix(), indent, out);
      }
      Location at = f.location();
      if (at != null && at.origin() != null) {
        out.append(indent).append("At ").append(at.origin()).append(at.line() > 0 ? ":" + at.line() : "")
            .append('\n');
      }
    }
  }

  private static String dash(String s) {
    return s == null ? "-" : s;
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }

  private String paint(Severity severity, String text) {
    if (!colour) {
      return text;
    }
    String code = switch (severity) {
      case ERROR -> "\u001b[31m";
      case WARNING -> "\u001b[33m";
      case INFO -> "\u001b[36m";
    };
    return code + text + RESET;
  }

  /** Writes {@code text} wrapped at {@link #WRAP} columns, the first line after {@code first}, the rest indented. */
  private static void wrap(String text, String first, StringBuilder out) {
    int indent = first.length();
    out.append(first);
    int column = indent;
    boolean lineEmpty = true;
    int i = 0;
    int n = text.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (start == i) {
        break;
      }
      int length = i - start;
      if (!lineEmpty && column + 1 + length > WRAP) {
        out.append('\n');
        out.append(" ".repeat(indent));
        column = indent;
        lineEmpty = true;
      }
      if (!lineEmpty) {
        out.append(' ');
        column++;
      }
      out.append(text, start, i);
      column += length;
      lineEmpty = false;
    }
    out.append('\n');
  }
}
