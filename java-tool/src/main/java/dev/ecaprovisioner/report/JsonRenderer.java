package dev.ecaprovisioner.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.Finding;
import dev.ecaprovisioner.validate.ValidationReport;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The Salesforce CLI's {@code --json} envelope: {@code {"status": N, "result": {...}, "warnings": [...]}}, where the
 * status is the exit code. One target gives {@code result = {target, profiles, summary, apps}}; several give
 * {@code result = {targets: [...]}} of the same objects. Every finding has every key, null when it does not apply.
 */
final class JsonRenderer implements ReportRenderer {
  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public String render(List<ValidationReport> reports) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("status", ValidationReport.exitCode(reports));
      g.writeFieldName("result");
      if (reports.size() == 1) {
        target(g, reports.get(0));
      } else {
        g.writeStartObject();
        g.writeArrayFieldStart("targets");
        for (ValidationReport report : reports) {
          target(g, report);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeArrayFieldStart("warnings");
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out + "\n";
  }

  private static void target(JsonGenerator g, ValidationReport report) throws IOException {
    g.writeStartObject();
    g.writeStringField("target", report.target());
    g.writeArrayFieldStart("profiles");
    for (String profile : report.profiles()) {
      g.writeString(profile);
    }
    g.writeEndArray();
    Summary summary = Summary.of(report);
    g.writeObjectFieldStart("summary");
    g.writeNumberField("apps", summary.apps());
    g.writeNumberField("errors", summary.errors());
    g.writeNumberField("warnings", summary.warnings());
    g.writeNumberField("info", summary.infos());
    g.writeEndObject();
    g.writeArrayFieldStart("apps");
    for (AppResult app : report.apps()) {
      g.writeStartObject();
      g.writeStringField("name", app.name());
      g.writeArrayFieldStart("findings");
      for (Finding f : app.findings()) {
        finding(g, f);
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

  private static void finding(JsonGenerator g, Finding f) throws IOException {
    g.writeStartObject();
    g.writeStringField("rule", f.rule());
    g.writeStringField("severity", f.severity().label());
    g.writeStringField("type", f.type());
    g.writeStringField("field", f.field());
    g.writeStringField("expected", f.expected());
    g.writeStringField("actual", f.actual());
    g.writeStringField("message", f.message());
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
