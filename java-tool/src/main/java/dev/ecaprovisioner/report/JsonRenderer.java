package dev.ecaprovisioner.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.Finding;
import dev.ecaprovisioner.validate.TargetFacts;
import dev.ecaprovisioner.validate.ValidationReport;
import java.io.IOException;
import java.util.List;

/**
 * The Salesforce CLI's {@code --json} envelope: {@code {"status": N, "result": {...}, "warnings": [...]}}, where the
 * status is the exit code. One target gives {@code result = {report, target, org, profiles, summary, usage, changes,
 * apps}}; several give {@code result = {report, summary, targets: [...]}} of the same objects, the summary then being
 * the total. {@code report} says which format, tool version and time made it, which a later {@code audit --baseline}
 * needs to compare with it. Every object has every key, null when it does not apply.
 */
public final class JsonRenderer implements ReportRenderer {
  /**
   * The version of this report's layout. A later audit compares with a baseline only of the same format: raise it
   * when a change would make findings of the two layouts match wrongly (a finding key renamed, say).
   */
  public static final int REPORT_FORMAT = 1;

  private final RenderOptions options;

  JsonRenderer(RenderOptions options) {
    this.options = options;
  }

  @Override
  public String render(List<ValidationReport> reports) {
    return SfJsonEnvelope.render(ValidationReport.exitCode(reports, options.failOn()), g -> {
      if (reports.size() == 1) {
        target(g, reports.get(0), this::reportFacts);
      } else {
        g.writeStartObject();
        reportFacts(g);
        summary(g, Summary.of(reports), RuleSummary.of(reports));
        g.writeArrayFieldStart("targets");
        for (ValidationReport report : reports) {
          target(g, report, x -> { });
        }
        g.writeEndArray();
        g.writeEndObject();
      }
    });
  }

  /** Writes fields into the object being written. */
  @FunctionalInterface
  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private void reportFacts(JsonGenerator g) throws IOException {
    g.writeObjectFieldStart("report");
    g.writeNumberField("format", REPORT_FORMAT);
    g.writeStringField("tool", "eca-provisioner");
    g.writeStringField("toolVersion", options.toolVersion());
    g.writeStringField("generatedAt", options.generatedAt().toString());
    g.writeStringField("failOn", options.failOn().label());
    g.writeEndObject();
  }

  private static void summary(JsonGenerator g, Summary summary, List<RuleSummary> rules) throws IOException {
    g.writeObjectFieldStart("summary");
    g.writeNumberField("apps", summary.apps());
    g.writeNumberField("errors", summary.errors());
    g.writeNumberField("warnings", summary.warnings());
    g.writeNumberField("info", summary.infos());
    g.writeArrayFieldStart("byRule");
    for (RuleSummary r : rules) {
      g.writeStartObject();
      g.writeStringField("rule", r.rule());
      g.writeStringField("severity", r.severity().label());
      g.writeStringField("type", r.type());
      g.writeStringField("field", r.field());
      g.writeStringField("setupLabel", r.setupLabel());
      g.writeNumberField("appCount", r.apps().size());
      g.writeArrayFieldStart("apps");
      for (RuleSummary.AppRef app : r.apps()) {
        g.writeString(app.shown());
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void target(JsonGenerator g, ValidationReport report, Fields first) throws IOException {
    g.writeStartObject();
    first.write(g);
    g.writeStringField("target", report.target());
    TargetFacts facts = report.facts();
    if (facts == null) {
      g.writeNullField("org");
    } else {
      g.writeObjectFieldStart("org");
      g.writeStringField("id", facts.orgId());
      g.writeStringField("instanceUrl", facts.instanceUrl());
      g.writeEndObject();
    }
    g.writeArrayFieldStart("profiles");
    for (String profile : report.profiles()) {
      g.writeString(profile);
    }
    g.writeEndArray();
    summary(g, Summary.of(report), RuleSummary.of(report));
    TargetFacts.Usage usage = facts == null ? null : facts.usage();
    if (usage == null) {
      g.writeNullField("usage");
    } else {
      g.writeObjectFieldStart("usage");
      g.writeBooleanField("read", usage.unavailable() == null);
      g.writeStringField("unavailable", usage.unavailable());
      g.writeNumberField("unusedDays", usage.unusedDays());
      g.writeBooleanField("truncated", usage.truncated());
      g.writeEndObject();
    }
    TargetFacts.Changes changes = facts == null ? null : facts.changes();
    changes(g, report, changes);
    g.writeArrayFieldStart("apps");
    for (AppResult app : report.apps()) {
      g.writeStartObject();
      g.writeStringField("name", app.name());
      TargetFacts.AppUsage used = usage == null ? null : usage.of(app.name());
      if (used == null) {
        g.writeNullField("usage");
      } else {
        g.writeObjectFieldStart("usage");
        g.writeNumberField("users", used.users());
        g.writeNumberField("tokens", used.tokens());
        g.writeStringField("lastUsed", used.lastUsed() == null ? null : used.lastUsed().toString());
        g.writeEndObject();
      }
      g.writeArrayFieldStart("findings");
      for (Finding f : app.findings()) {
        finding(g, f, changes == null ? null : changes.isNew(app.name(), f) ? "new" : "unchanged");
      }
      g.writeEndArray();
      g.writeArrayFieldStart("passedRules");
      for (String rule : app.passedRules()) {
        g.writeString(rule);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void changes(JsonGenerator g, ValidationReport report, TargetFacts.Changes changes)
      throws IOException {
    if (changes == null) {
      g.writeNullField("changes");
      return;
    }
    ChangeSummary counted = ChangeSummary.of(List.of(report)).orElseThrow();
    g.writeObjectFieldStart("changes");
    g.writeStringField("since", changes.since().toString());
    g.writeStringField("sentence", counted.sentence());
    g.writeObjectFieldStart("new");
    g.writeNumberField("errors", counted.newErrors());
    g.writeNumberField("warnings", counted.newWarnings());
    g.writeNumberField("info", counted.newInfos());
    g.writeEndObject();
    g.writeArrayFieldStart("fixed");
    for (var entry : changes.fixed().entrySet()) {
      for (Finding f : entry.getValue()) {
        g.writeStartObject();
        g.writeStringField("app", entry.getKey());
        g.writeStringField("rule", f.rule());
        g.writeStringField("severity", f.severity().label());
        g.writeStringField("type", f.type());
        g.writeStringField("field", f.field());
        g.writeStringField("message", f.message());
        g.writeEndObject();
      }
    }
    g.writeEndArray();
    g.writeArrayFieldStart("appsAppeared");
    for (String app : changes.appeared()) {
      g.writeString(app);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("appsDisappeared");
    for (String app : changes.disappeared()) {
      g.writeString(app);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void finding(JsonGenerator g, Finding f, String change) throws IOException {
    g.writeStartObject();
    g.writeStringField("rule", f.rule());
    g.writeStringField("severity", f.severity().label());
    g.writeStringField("type", f.type());
    g.writeStringField("field", f.field());
    g.writeStringField("expected", f.expected());
    g.writeStringField("actual", f.actual());
    g.writeStringField("message", f.message());
    g.writeStringField("change", change);
    if (f.fix() == null) {
      g.writeNullField("fix");
    } else {
      g.writeObjectFieldStart("fix");
      g.writeStringField("setupLabel", f.fix().setupLabel());
      g.writeStringField("metadataValue", f.fix().metadataValue());
      g.writeEndObject();
    }
    if (f.location() == null) {
      g.writeNullField("location");
    } else {
      g.writeObjectFieldStart("location");
      g.writeStringField("origin", f.location().origin());
      g.writeNumberField("line", f.location().line());
      g.writeEndObject();
    }
    if (f.conflict() == null) {
      g.writeNullField("conflict");
    } else {
      g.writeObjectFieldStart("conflict");
      g.writeStringField("baselineRule", f.conflict().baselineRule());
      g.writeStringField("acceptedRisk", f.conflict().acceptedRisk());
      g.writeArrayFieldStart("controlsPresent");
      for (String c : f.conflict().controlsPresent()) {
        g.writeString(c);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("controlsAbsent");
      for (String c : f.conflict().controlsAbsent()) {
        g.writeString(c);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndObject();
  }
}
