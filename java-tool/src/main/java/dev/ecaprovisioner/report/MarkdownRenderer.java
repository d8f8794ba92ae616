package dev.ecaprovisioner.report;

import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.Finding;
import dev.ecaprovisioner.validate.TargetFacts;
import dev.ecaprovisioner.validate.ValidationReport;
import java.util.List;

/**
 * A pull-request comment: a summary line, per app a table, and the messages in a collapsed section. Every value is
 * put into the page through {@link #escape}, so that nothing an app, a profile or an org holds can become HTML or
 * Markdown structure, as every value is HTML-escaped in the HTML report.
 */
final class MarkdownRenderer implements ReportRenderer {
  @Override
  public String render(List<ValidationReport> reports) {
    StringBuilder out = new StringBuilder();
    out.append("## eca-provisioner validate: ").append(escape(Summary.of(reports).sentence())).append("\n");
    ChangeSummary.of(reports).ifPresent(c -> out.append("\n**Changes:** ").append(escape(c.sentence())).append("\n"));
    byRule(RuleSummary.of(reports), out);
    for (ValidationReport report : reports) {
      out.append("\nTarget ").append(code(report.target())).append(", profiles ")
          .append(String.join(", ", report.profiles().stream().map(MarkdownRenderer::code).toList())).append(".\n");
      TargetFacts facts = report.facts();
      if (facts != null && facts.usage() != null && facts.usage().unavailable() != null) {
        out.append("\nUsage not read: ").append(escape(facts.usage().unavailable())).append('\n');
      }
      TargetFacts.Changes changes = ChangeSummary.changes(report);
      if (changes != null && !changes.appeared().isEmpty()) {
        out.append("\nApps new since ").append(ChangeSummary.DAY.format(changes.since())).append(": ")
            .append(escape(String.join(", ", changes.appeared()))).append(".\n");
      }
      if (changes != null && !changes.disappeared().isEmpty()) {
        out.append("\nApps gone since ").append(ChangeSummary.DAY.format(changes.since())).append(": ")
            .append(escape(String.join(", ", changes.disappeared()))).append(".\n");
      }
      for (AppResult app : report.apps()) {
        TargetFacts.AppUsage usage = facts == null || facts.usage() == null ? null : facts.usage().of(app.name());
        out.append("\n### ").append(escape(app.name())).append(": ").append(escape(Summary.of(app).counts()))
            .append(usage == null ? "" : "; " + TextRenderer.usageInWords(usage)).append('\n');
        if (changes != null && !changes.fixedIn(app.name()).isEmpty()) {
          out.append("\nFixed since ").append(ChangeSummary.DAY.format(changes.since())).append(": ")
              .append(escape(String.join(", ", changes.fixedIn(app.name()).stream()
                  .map(f -> f.rule() + (f.setting() == null ? "" : " (" + f.setting() + ")")).toList())))
              .append(".\n");
        }
        if (app.findings().isEmpty()) {
          out.append("\nAll ").append(Summary.plural(app.passedRules().size(), "rule")).append(" met.\n");
          continue;
        }
        out.append(changes == null ? "\n| Severity | Rule | Field | Expected | Actual | Fix |\n"
            : "\n| Severity | Change | Rule | Field | Expected | Actual | Fix |\n");
        out.append(changes == null ? "|---|---|---|---|---|---|\n" : "|---|---|---|---|---|---|---|\n");
        for (Finding f : app.findings()) {
          out.append("| ").append(escape(f.severity().label()))
              .append(changes == null ? "" : changes.isNew(app.name(), f) ? " | new" : " | unchanged")
              .append(" | ").append(code(f.rule()))
              .append(" | ").append(f.setting() == null ? "" : code(f.setting()))
              .append(" | ").append(escape(f.expected()))
              .append(" | ").append(escape(f.actual()))
              .append(" | ").append(f.fix() == null ? "" : escape(f.fix().setupLabel())
                  + (f.fix().metadataValue() == null ? "" : " (" + code(f.fix().metadataValue()) + ")"))
              .append(" |\n");
        }
        out.append("\n<details><summary>Why, and where</summary>\n\n");
        for (Finding f : app.findings()) {
          out.append("- **").append(escape(f.rule())).append("**");
          if (f.location() != null && f.location().origin() != null) {
            out.append(" (").append(code(f.location().origin()
                + (f.location().line() > 0 ? ":" + f.location().line() : ""))).append(")");
          }
          out.append(": ").append(escape(f.message())).append('\n');
        }
        out.append("\n</details>\n");
      }
    }
    return out.toString();
  }

  /** The rules found, most severe and most widespread first; every value goes through {@link #cell}. */
  private static void byRule(List<RuleSummary> rules, StringBuilder out) {
    out.append("\n### Findings by rule\n\n");
    if (rules.isEmpty()) {
      out.append("No findings.\n");
      return;
    }
    out.append("| Severity | Rule | Setting | Apps | Which |\n|---|---|---|---|---|\n");
    for (RuleSummary r : rules) {
      out.append("| ").append(escape(r.severity().label())).append(" | ").append(code(r.rule())).append(" | ")
          .append(escape(r.settingInWords())).append(" | ").append(escape(String.valueOf(r.apps().size())))
          .append(" | ").append(escape(r.appsInWords())).append(" |\n");
    }
  }

  /**
   * Text made safe for any place in the page, a table cell included: {@code & < >} become entities, so no value can
   * open an HTML tag; the characters that make Markdown structure ({@code \ ` * _ [ ] | ~}) are backslash-escaped,
   * so no value can open a link, an emphasis, a code span or a table column; a line break becomes a space, so no value
   * can start a block. The one escaping function of this renderer: every value goes through it.
   */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '\\', '`', '*', '_', '[', ']', '|', '~' -> out.append('\\').append(c);
        case '\n', '\r' -> out.append(' ');
        default -> {
          if (c >= 0x20 || c == '\t') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /**
   * Text set as code. An HTML {@code <code>} element rather than a backtick span, since escapes do not work inside
   * a span, and this way the text goes through {@link #escape} like every other value.
   */
  static String code(String text) {
    return "<code>" + escape(text) + "</code>";
  }
}
