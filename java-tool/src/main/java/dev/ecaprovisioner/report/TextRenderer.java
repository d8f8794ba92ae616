package dev.ecaprovisioner.report;

import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.Finding;
import dev.ecaprovisioner.validate.Location;
import dev.ecaprovisioner.validate.TargetFacts;
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
    ChangeSummary.of(reports).ifPresent(c -> out.append("Changes: ").append(c.sentence()).append("\n\n"));
    renderByRule(RuleSummary.of(reports), out);
    for (ValidationReport report : reports) {
      out.append("Validated ").append(report.target()).append(" against ")
          .append(String.join(", ", report.profiles())).append('\n');
      TargetFacts facts = report.facts();
      if (facts != null && facts.usage() != null && facts.usage().unavailable() != null) {
        wrap("Usage not read: " + facts.usage().unavailable(), "", out);
      }
      TargetFacts.Changes changes = ChangeSummary.changes(report);
      for (AppResult app : report.apps()) {
        out.append('\n');
        renderApp(app, facts, out);
      }
      if (changes != null && !changes.appeared().isEmpty()) {
        out.append("\nApps new since ").append(ChangeSummary.DAY.format(changes.since())).append(": ")
            .append(String.join(", ", changes.appeared())).append('\n');
      }
      if (changes != null && !changes.disappeared().isEmpty()) {
        out.append("\nApps gone since ").append(ChangeSummary.DAY.format(changes.since())).append(": ")
            .append(String.join(", ", changes.disappeared())).append('\n');
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

  /** The rules found, most severe and most widespread first, before any app's detail. */
  private void renderByRule(List<RuleSummary> rules, StringBuilder out) {
    if (rules.isEmpty()) {
      out.append("Findings by rule: none\n\n");
      return;
    }
    out.append("Findings by rule:\n");
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"SEVERITY", "RULE", "APPS", "SETTING"});
    for (RuleSummary r : rules) {
      rows.add(new String[] {r.severity().label(), r.rule(), String.valueOf(r.apps().size()),
          dash(r.settingInWords())});
    }
    int[] widths = widths(rows);
    for (int i = 0; i < rows.size(); i++) {
      String[] row = rows.get(i);
      String severity = pad(row[0], widths[0]);
      out.append(("  " + (i == 0 ? severity : paint(rules.get(i - 1).severity(), severity)) + "  "
          + pad(row[1], widths[1]) + "  " + " ".repeat(widths[2] - row[2].length()) + row[2] + "  " + row[3])
          .stripTrailing()).append('\n');
      if (i > 0) {
        wrap(rules.get(i - 1).appsInWords(), "  " + " ".repeat(widths[0] + 2), out);
      }
    }
    out.append('\n');
  }

  private static int[] widths(List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    return widths;
  }

  private void renderApp(AppResult app, TargetFacts facts, StringBuilder out) {
    out.append(app.name()).append(" (").append(Summary.of(app).counts()).append("; ")
        .append(Summary.plural(app.passedRules().size(), "rule")).append(" met");
    TargetFacts.AppUsage usage = facts == null || facts.usage() == null ? null : facts.usage().of(app.name());
    if (usage != null) {
      out.append("; ").append(usageInWords(usage));
    }
    out.append(")\n");
    TargetFacts.Changes changes = facts == null ? null : facts.changes();
    if (changes != null && !changes.fixedIn(app.name()).isEmpty()) {
      List<String> fixed = changes.fixedIn(app.name()).stream()
          .map(f -> f.severity().label() + " " + f.rule() + (f.setting() == null ? "" : " (" + f.setting() + ")"))
          .toList();
      wrap("Fixed since " + ChangeSummary.DAY.format(changes.since()) + ": " + String.join(", ", fixed), "  ", out);
    }
    if (app.findings().isEmpty()) {
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(changes == null ? new String[] {"#", "SEVERITY", "RULE", "FIELD", "EXPECTED", "ACTUAL"}
        : new String[] {"#", "SEVERITY", "CHANGE", "RULE", "FIELD", "EXPECTED", "ACTUAL"});
    int n = 1;
    for (Finding f : app.findings()) {
      String number = String.valueOf(n++);
      rows.add(changes == null
          ? new String[] {number, f.severity().label(), f.rule(), dash(f.setting()), dash(f.expected()),
              dash(f.actual())}
          : new String[] {number, f.severity().label(), changes.isNew(app.name(), f) ? "new" : "unchanged", f.rule(),
              dash(f.setting()), dash(f.expected()), dash(f.actual())});
    }
    int[] widths = widths(rows);
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

  /** {@code 3 users hold tokens, last used 2026-11-20}, or {@code no user holds a token}. */
  static String usageInWords(TargetFacts.AppUsage usage) {
    if (usage.tokens() == 0) {
      return "no user holds a token";
    }
    return (usage.users() == 1 ? "1 user holds" : usage.users() + " users hold") + " tokens, "
        + (usage.lastUsed() == null ? "never used" : "last used " + ChangeSummary.DAY.format(usage.lastUsed()));
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
