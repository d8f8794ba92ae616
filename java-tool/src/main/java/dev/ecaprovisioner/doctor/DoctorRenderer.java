package dev.ecaprovisioner.doctor;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ecaprovisioner.report.SfJsonEnvelope;
import java.util.List;

/**
 * A {@link DoctorReport} as text, JSON (the Salesforce CLI's {@code {"status","result","warnings"}} envelope, like
 * {@code validate}) or Markdown. Every format shows the same: each step's status, time, summary, evidence and what to
 * do, then the verdict.
 */
public enum DoctorRenderer {
  TEXT {
    @Override
    public String render(DoctorReport report) {
      StringBuilder out = new StringBuilder();
      out.append("doctor: ").append(heading(report)).append("\n\n");
      List<StepResult> steps = report.steps();
      for (int i = 0; i < steps.size(); i++) {
        StepResult step = steps.get(i);
        out.append(i + 1).append(". ").append(step.title()).append(": ").append(step.status().label())
            .append(" (").append(step.elapsed().toMillis()).append(" ms)\n");
        out.append("   ").append(step.summary()).append('\n');
        step.details().forEach(d -> out.append("   - ").append(d).append('\n'));
        if (!step.todo().isEmpty()) {
          out.append("   To do: ").append(step.todo()).append('\n');
        }
        out.append('\n');
      }
      Cause verdict = report.verdict();
      if (verdict == null) {
        out.append("Verdict: every step that ran passed; nothing here breaks the connection.\n");
      } else {
        out.append("Verdict: ").append(verdict.what()).append('\n');
        out.append("Fix: ").append(verdict.fix()).append('\n');
        if (verdict.noSettingFixes() != null) {
          out.append("No setting fixes: ").append(verdict.noSettingFixes()).append('\n');
        }
      }
      return out.toString();
    }
  },

  JSON {
    @Override
    public String render(DoctorReport report) {
      return SfJsonEnvelope.render(report.exitCode(), g -> {
        g.writeStartObject();
        g.writeStringField("target", report.target());
        g.writeStringField("app", report.app());
        g.writeStringField("client", report.client());
        g.writeArrayFieldStart("steps");
        for (int i = 0; i < report.steps().size(); i++) {
          StepResult step = report.steps().get(i);
          g.writeStartObject();
          g.writeNumberField("step", i + 1);
          g.writeStringField("title", step.title());
          g.writeStringField("status", step.status().label());
          g.writeNumberField("elapsedMs", step.elapsed().toMillis());
          g.writeStringField("summary", step.summary());
          g.writeArrayFieldStart("details");
          for (String detail : step.details()) {
            g.writeString(detail);
          }
          g.writeEndArray();
          g.writeStringField("todo", step.todo().isEmpty() ? null : step.todo());
          g.writeEndObject();
        }
        g.writeEndArray();
        Cause verdict = report.verdict();
        if (verdict == null) {
          g.writeNullField("verdict");
        } else {
          g.writeObjectFieldStart("verdict");
          g.writeStringField("cause", verdict.what());
          g.writeStringField("fix", verdict.fix());
          g.writeStringField("noSettingFixes", verdict.noSettingFixes());
          g.writeEndObject();
        }
        g.writeEndObject();
      });
    }
  },

  MARKDOWN {
    @Override
    public String render(DoctorReport report) {
      StringBuilder out = new StringBuilder();
      out.append("# doctor: ").append(escape(heading(report))).append("\n\n");
      out.append("| # | step | status | time |\n|---|---|---|---|\n");
      for (int i = 0; i < report.steps().size(); i++) {
        StepResult step = report.steps().get(i);
        out.append("| ").append(i + 1).append(" | ").append(escape(step.title())).append(" | ")
            .append(step.status().label()).append(" | ").append(step.elapsed().toMillis()).append(" ms |\n");
      }
      for (int i = 0; i < report.steps().size(); i++) {
        StepResult step = report.steps().get(i);
        out.append("\n## ").append(i + 1).append(". ").append(escape(step.title())).append(": ")
            .append(step.status().label()).append("\n\n").append(escape(step.summary())).append('\n');
        if (!step.details().isEmpty()) {
          out.append('\n');
          step.details().forEach(d -> out.append("- ").append(escape(d)).append('\n'));
        }
        if (!step.todo().isEmpty()) {
          out.append("\n**To do:** ").append(escape(step.todo())).append('\n');
        }
      }
      out.append("\n## Verdict\n\n");
      Cause verdict = report.verdict();
      if (verdict == null) {
        out.append("Every step that ran passed; nothing here breaks the connection.\n");
      } else {
        out.append(escape(verdict.what())).append("\n\n**Fix:** ").append(escape(verdict.fix())).append('\n');
        if (verdict.noSettingFixes() != null) {
          out.append("\n**No setting fixes:** ").append(escape(verdict.noSettingFixes())).append('\n');
        }
      }
      return out.toString();
    }
  };

  /** The report in this format. */
  public abstract String render(DoctorReport report);

  private static String heading(DoctorReport report) {
    return (report.app() == null ? "endpoint " + report.target() : "org " + report.target() + ", app " + report.app())
        + ", client " + report.client();
  }

  /** Markdown's inline specials, and the table's pipe, escaped so a message cannot change the layout. */
  private static String escape(String text) {
    return text.replaceAll("([\\\\`*_\\[\\]<>|#])", "\\\\$1").replace("\n", " ");
  }
}
