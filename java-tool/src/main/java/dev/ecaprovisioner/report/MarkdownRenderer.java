package dev.ecaprovisioner.report;

import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.Finding;
import dev.ecaprovisioner.validate.ValidationReport;
import java.util.List;

/** A pull-request comment: a summary line, per app a table, and the messages in a collapsed section. */
final class MarkdownRenderer implements ReportRenderer {
  @Override
  public String render(List<ValidationReport> reports) {
    StringBuilder out = new StringBuilder();
    out.append("## eca-provisioner validate: ").append(Summary.of(reports).sentence()).append("\n");
    for (ValidationReport report : reports) {
      out.append("\nTarget `").append(report.target()).append("`, profiles ")
          .append(String.join(", ", report.profiles().stream().map(p -> "`" + p + "`").toList())).append(".\n");
      for (AppResult app : report.apps()) {
        out.append("\n### ").append(cell(app.name())).append(": ").append(Summary.of(app).counts()).append('\n');
        if (app.findings().isEmpty()) {
          out.append("\nAll ").append(Summary.plural(app.passedRules().size(), "rule")).append(" met.\n");
          continue;
        }
        out.append("\n| Severity | Rule | Field | Expected | Actual | Fix |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (Finding f : app.findings()) {
          out.append("| ").append(f.severity().label())
              .append(" | `").append(f.rule()).append('`')
              .append(" | ").append(f.setting() == null ? "" : "`" + f.setting() + "`")
              .append(" | ").append(cell(f.expected()))
              .append(" | ").append(cell(f.actual()))
              .append(" | ").append(f.fix() == null ? "" : cell(f.fix().setupLabel())
                  + (f.fix().metadataValue() == null ? "" : " (" + code(f.fix().metadataValue()) + ")"))
              .append(" |\n");
        }
        out.append("\n<details><summary>Why, and where</summary>\n\n");
        for (Finding f : app.findings()) {
          out.append("- **").append(f.rule()).append("**");
          if (f.location() != null && f.location().origin() != null) {
            out.append(" (`").append(f.location().origin())
                .append(f.location().line() > 0 ? ":" + f.location().line() : "").append("`)");
          }
          out.append(": ").append(f.message().replace("\n", " ")).append('\n');
        }
        out.append("\n</details>\n");
      }
    }
    return out.toString();
  }

  /** A code span in a table cell: raw text (entities would show as typed), only pipes and newlines escaped. */
  private static String code(String text) {
    return "`" + text.replace("|", "\\|").replace("`", "'").replace("\n", " ") + "`";
  }

  private static String cell(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;");
  }
}
