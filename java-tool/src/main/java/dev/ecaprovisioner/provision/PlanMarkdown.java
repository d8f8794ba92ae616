package dev.ecaprovisioner.provision;

import dev.ecaprovisioner.eca.EcaType;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The plan as a pull-request comment or a change ticket: a table per type, then what the plan leaves. */
final class PlanMarkdown implements PlanFormat.Renderer {
  @Override
  public String plan(ProvisionPlan plan) {
    StringBuilder out = new StringBuilder();
    String verb = switch (plan.kind()) {
      case UPDATE -> "Plan for";
      case CREATE -> "Plan to create";
      case ROLLBACK -> "Rollback plan for";
    };
    out.append("## ").append(verb).append(" `").append(cell(plan.app())).append("` in ").append(cell(plan.target()))
        .append("\n\nProfiles: ").append(String.join(", ", plan.profiles())).append(". ")
        .append(plan.changes().size()).append(plan.changes().size() == 1 ? " change" : " changes").append(", clears ")
        .append(plan.promised().size()).append(plan.promised().size() == 1 ? " finding.\n" : " findings.\n");
    if (plan.isEmpty()) {
      out.append("\nNothing to change.\n");
    }
    for (Map.Entry<EcaType, List<FieldChange>> type : plan.byType().entrySet()) {
      out.append("\n### ").append(type.getKey().apiName()).append(" `")
          .append(cell(plan.after().components().get(type.getKey()).fullName())).append("`\n\n")
          .append("| field | now | after | rule | accepted risk |\n|---|---|---|---|---|\n");
      for (FieldChange c : type.getValue()) {
        out.append("| `").append(c.field()).append("` | ").append(cell(c.before())).append(" | ")
            .append(cell(c.afterShown())).append(" | `").append(cell(c.reason())).append("` | ")
            .append(c.acceptedRisk() == null ? "" : cell(c.acceptedRisk())).append(" |\n");
      }
    }
    if (!plan.unplanned().isEmpty()) {
      out.append("\n### Still reported after this plan\n\n");
      for (Unplanned u : plan.unplanned()) {
        out.append("- **").append(u.severity().name().toLowerCase(Locale.ROOT)).append("** `").append(u.rule())
            .append('`');
        if (u.type() != null) {
          out.append(" (`").append(u.type()).append(u.field() == null ? "" : "." + u.field()).append("`)");
        }
        out.append(": ").append(cell(u.why())).append('\n');
      }
    }
    return out.toString();
  }

  @Override
  public String outcome(ProvisionPlan plan, ProvisionOutcome outcome) {
    String text = new PlanText().outcome(plan, outcome);
    if (text.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("\n### Outcome\n\n");
    for (String line : text.split("\n")) {
      out.append(line.startsWith("  ") ? "  - " + cell(line.strip()) : cell(line)).append('\n');
    }
    return out.toString();
  }

  private static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }
}
