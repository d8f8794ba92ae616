package dev.ecaprovisioner.report;

import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.Finding;
import dev.ecaprovisioner.validate.TargetFacts;
import dev.ecaprovisioner.validate.ValidationReport;
import java.util.List;

/** A pull-request comment: a summary line, per app a table, and the messages in a collapsed section. */
final class MarkdownRenderer implements ReportRenderer {
  @Override
  public String render(List<ValidationReport> reports) {
    StringBuilder out = new StringBuilder();
    out.append("## eca-provisioner validate: ").append(Summary.of(reports).sentence()).append("\n");
    ChangeSummary.of(reports).ifPresent(c -> out.append("\n**Changes:** ").append(cell(c.sentence())).append("\n"));
    byRule(RuleSummary.of(reports), out);
    for (ValidationReport report : reports) {
      out.append("\nTarget `").append(report.target()).append("`, profiles ")
          .append(String.join(", ", report.profiles().stream().map(p -> "`" + p + "`").toList())).append(".\n");
      TargetFacts facts = report.facts();
      if (facts != null && facts.usage() != null && facts.usage().unavailable() != null) {
        out.append("\nUsage not read: ").append(cell(facts.usage().unavailable())).append('\n');
      }
      TargetFacts.Changes changes = ChangeSummary.changes(report);
      if (changes != null && !changes.appeared().isEmpty()) {
        out.append("\nApps new since ").append(ChangeSummary.DAY.format(changes.since())).append(": ")
            .append(cell(String.join(", ", changes.appeared()))).append(".\n");
      }
      if (changes != null && !changes.disappeared().isEmpty()) {
        out.append("\nApps gone since ").append(ChangeSummary.DAY.format(changes.since())).append(": ")
            .append(cell(String.join(", ", changes.disappeared()))).append(".\n");
      }
      for (AppResult app : report.apps()) {
        TargetFacts.AppUsage usage = facts == null || facts.usage() == null ? null : facts.usage().of(app.name());
        out.append("\n### ").append(cell(app.name())).append(": ").append(Summary.of(app).counts())
            .append(usage == null ? "" : "; " + TextRenderer.usageInWords(usage)).append('\n');
        if (changes != null && !changes.fixedIn(app.name()).isEmpty()) {
          out.append("\nFixed since ").append(ChangeSummary.DAY.format(changes.since())).append(": ")
              .append(cell(String.join(", ", changes.fixedIn(app.name()).stream()
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
          out.append("| ").append(f.severity().label())
              .append(changes == null ? "" : changes.isNew(app.name(), f) ? " | new" : " | unchanged")
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

  /** The rules found, most severe and most widespread first; every value goes through {@link #cell}. */
  private static void byRule(List<RuleSummary> rules, StringBuilder out) {
    out.append("\n### Findings by rule\n\n");
    if (rules.isEmpty()) {
      out.append("No findings.\n");
      return;
    }
    out.append("| Severity | Rule | Setting | Apps | Which |\n|---|---|---|---|---|\n");
    for (RuleSummary r : rules) {
      out.append("| ").append(cell(r.severity().label())).append(" | ").append(cell(r.rule())).append(" | ")
          .append(cell(r.settingInWords())).append(" | ").append(cell(String.valueOf(r.apps().size())))
          .append(" | ").append(cell(r.appsInWords())).append(" |\n");
    }
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
