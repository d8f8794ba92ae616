package dev.ecaprovisioner.provision;

import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.org.MetadataApi.ComponentFailure;
import dev.ecaprovisioner.org.MetadataApi.DeployStatus;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The plan and its outcome for a terminal: per type, each field from what to what, the rule and any accepted risk. */
final class PlanText implements PlanFormat.Renderer {
  @Override
  public String plan(ProvisionPlan plan) {
    StringBuilder out = new StringBuilder();
    out.append(title(plan)).append(" in ").append(plan.target()).append(" (profiles: ")
        .append(String.join(", ", plan.profiles())).append(")\n");
    if (plan.isEmpty()) {
      out.append("\nNothing to change: ").append(plan.kind() == ProvisionPlan.Kind.ROLLBACK
          ? "the app already has the backup's settings." : "the app already meets the profiles as far as a plan can "
          + "make it.").append('\n');
    }
    for (Map.Entry<EcaType, List<FieldChange>> type : plan.byType().entrySet()) {
      EcaComponent component = plan.after().components().get(type.getKey());
      out.append('\n').append(type.getKey().apiName()).append(" (").append(component.fullName()).append(")\n");
      int width = type.getValue().stream().mapToInt(c -> c.field().length()).max().orElse(0);
      for (FieldChange change : type.getValue()) {
        out.append("  ").append(pad(change.field(), width)).append("  ").append(change.before()).append(" -> ")
            .append(change.afterShown()).append('\n');
        out.append("  ").append(" ".repeat(width)).append("  ").append(change.reason()).append('\n');
        if (change.acceptedRisk() != null) {
          out.append("  ").append(" ".repeat(width)).append("  accepted risk: ").append(change.acceptedRisk())
              .append('\n');
        }
      }
    }
    if (!plan.unplanned().isEmpty()) {
      out.append("\nStill reported after this plan:\n");
      for (Unplanned u : plan.unplanned()) {
        out.append("  ").append(u.severity().name().toLowerCase(Locale.ROOT)).append(' ').append(u.rule());
        if (u.type() != null) {
          out.append(" (").append(u.type()).append(u.field() == null ? "" : "." + u.field()).append(')');
        }
        out.append(": ").append(u.why()).append('\n');
      }
    }
    long types = plan.byType().size();
    out.append('\n').append(plan.changes().size()).append(plan.changes().size() == 1 ? " change" : " changes")
        .append(" in ").append(types).append(types == 1 ? " type" : " types").append("; clears ")
        .append(plan.promised().size()).append(plan.promised().size() == 1 ? " finding" : " findings").append(".\n");
    return out.toString();
  }

  private static String title(ProvisionPlan plan) {
    return switch (plan.kind()) {
      case UPDATE -> "Plan for " + plan.app();
      case CREATE -> "Plan to create " + plan.app();
      case ROLLBACK -> "Rollback plan for " + plan.app();
    };
  }

  @Override
  public String outcome(ProvisionPlan plan, ProvisionOutcome outcome) {
    StringBuilder out = new StringBuilder();
    switch (outcome.mode()) {
      case NOTHING_TO_DO -> out.append("Nothing was deployed.\n");
      case PLAN -> out.append(plan.target().startsWith("org:")
          ? "Nothing was changed. Run again with --apply to deploy this plan (a backup is written first), or "
              + "--check-only to have Salesforce validate it.\n"
          : "Nothing was changed. Run again with --apply to edit the files.\n");
      case WRITTEN -> out.append("The source files were changed as planned.\n");
      case CHECK_ONLY, APPLIED -> {
        if (outcome.backup() != null) {
          out.append("Backup: ").append(outcome.backup()).append('\n');
        }
        deploy(out, outcome.deploy());
      }
    }
    ProvisionOutcome.Verification verification = outcome.verification();
    if (verification != null) {
      if (verification.restore()) {
        out.append(verification.stillFound().isEmpty() ? "Read back: the app has the backup's settings again; "
            : "Read back: these fields still differ from the backup: " + String.join(", ", verification.stillFound())
                + "; ");
      } else if (verification.stillFound().isEmpty()) {
        out.append("Read back: the ").append(plan.promised().size()).append(" findings the plan cleared are gone; ");
      } else {
        out.append("Read back: the org still shows findings the plan was to clear: ")
            .append(String.join(", ", verification.stillFound())).append("; ");
      }
      out.append(verification.errors()).append(" errors, ").append(verification.warnings())
          .append(" warnings remain (validate --target-org shows them).\n");
      if (verification.consumerKeyChanged()) {
        out.append("The org issued a new consumer key for the app: every client must be given the new one (Setup >"
            + " External Client App Manager > the app > Settings > OAuth Settings > Consumer Key and Secret).\n");
      }
    }
    outcome.notes().forEach(n -> out.append(n).append('\n'));
    return out.toString();
  }

  private static void deploy(StringBuilder out, DeployStatus status) {
    if (status == null) {
      return;
    }
    String what = status.checkOnly() ? "Validation" : "Deploy";
    if (status.success()) {
      out.append(what).append(' ').append(status.id()).append(" succeeded: ").append(status.componentsDeployed())
          .append(" of ").append(status.componentsTotal()).append(" components")
          .append(status.checkOnly() ? " would deploy; nothing was committed.\n" : " deployed.\n");
      return;
    }
    out.append(what).append(' ').append(status.id()).append(' ').append(status.status().isEmpty() ? "failed"
        : status.status()).append(status.checkOnly() ? ": Salesforce refused the plan; nothing was committed.\n"
        : ": nothing was changed (the deploy is rolled back whole on any failure).\n");
    if (status.errorMessage() != null && !status.errorMessage().isBlank()) {
      out.append("  ").append(status.errorMessage()).append('\n');
    }
    for (ComponentFailure f : status.failures()) {
      out.append("  ").append(failure(f)).append('\n');
    }
  }

  static String failure(ComponentFailure f) {
    StringBuilder line = new StringBuilder().append(f.componentType()).append(' ').append(f.fullName());
    if (f.fileName() != null && !f.fileName().isEmpty()) {
      line.append(" (").append(f.fileName());
      if (f.line() > 0) {
        line.append(", line ").append(f.line()).append(f.column() > 0 ? ", column " + f.column() : "");
      }
      line.append(')');
    }
    return line.append(": ").append(f.problem()).toString();
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }
}
