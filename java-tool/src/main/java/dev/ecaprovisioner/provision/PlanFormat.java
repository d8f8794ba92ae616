package dev.ecaprovisioner.provision;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a plan and what became of it are printed. Text and Markdown show the plan as soon as it is known (so an admin
 * reads it before confirming) and what was done afterwards; JSON is one document, printed at the end.
 */
public enum PlanFormat {
  TEXT("text", new PlanText()),
  JSON("json", new PlanJson()),
  MARKDOWN("markdown", new PlanMarkdown());

  private final String label;
  private final Renderer renderer;

  PlanFormat(String label, Renderer renderer) {
    this.label = label;
    this.renderer = renderer;
  }

  public String label() {
    return label;
  }

  public static Optional<PlanFormat> byLabel(String label) {
    return Arrays.stream(values()).filter(f -> f.label.equals(label.toLowerCase(Locale.ROOT))).findFirst();
  }

  /** What is printed once the plan is known, before anything is sent. */
  public String plan(ProvisionPlan plan) {
    return renderer.plan(plan);
  }

  /** What is printed at the end. */
  public String outcome(ProvisionPlan plan, ProvisionOutcome outcome) {
    return renderer.outcome(plan, outcome);
  }

  /** One format's way of printing. */
  interface Renderer {
    String plan(ProvisionPlan plan);

    String outcome(ProvisionPlan plan, ProvisionOutcome outcome);
  }
}
