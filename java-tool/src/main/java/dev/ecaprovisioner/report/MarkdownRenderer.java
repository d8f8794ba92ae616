package dev.ecaprovisioner.report;

import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.Finding;
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
    for (ValidationReport report : reports) {
      out.append("\nTarget ").append(code(report.target())).append(", profiles ")
          .append(String.join(", ", report.profiles().stream().map(MarkdownRenderer::code).toList())).append(".\n");
      for (AppResult app : report.apps()) {
        out.append("\n### ").append(escape(app.name())).append(": ").append(escape(Summary.of(app).counts()))
            .append('\n');
        if (app.findings().isEmpty()) {
          out.append("\nAll ").append(Summary.plural(app.passedRules().size(), "rule")).append(" met.\n");
          continue;
        }
        out.append("\n| Severity | Rule | Field | Expected | Actual | Fix |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (Finding f : app.findings()) {
          out.append("| ").append(escape(f.severity().label()))
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
