package dev.ecaprovisioner.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.Finding;
import dev.ecaprovisioner.validate.Location;
import dev.ecaprovisioner.validate.ValidationReport;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 for code scanning: one run per target, each result at the file and line of the offending element. A
 * finding about a component read from an org has no file: it gets a logical location naming the org, app, type and
 * field instead.
 */
final class SarifRenderer implements ReportRenderer {
  private static final JsonFactory JSON = new JsonFactory();
  private final String toolVersion;

  SarifRenderer(String toolVersion) {
    this.toolVersion = toolVersion;
  }

  @Override
  public String render(List<ValidationReport> reports) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
      g.writeStringField("version", "2.1.0");
      g.writeArrayFieldStart("runs");
      for (ValidationReport report : reports) {
        run(g, report);
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out + "\n";
  }

  private void run(JsonGenerator g, ValidationReport report) throws IOException {
    Map<String, Severity> rules = new LinkedHashMap<>();
    List<Finding> findings = new ArrayList<>();
    List<String> appNames = new ArrayList<>();
    for (AppResult app : report.apps()) {
      for (Finding f : app.findings()) {
        findings.add(f);
        appNames.add(app.name());
      }
    }
    findings.stream().map(Finding::rule).sorted().distinct().forEach(id -> rules.put(id, null));
    for (Finding f : findings) {
      rules.merge(f.rule(), f.severity(), (a, b) -> a == null || b.compareTo(a) < 0 ? b : a);
    }
    List<String> ruleIds = new ArrayList<>(rules.keySet());

    g.writeStartObject();
    g.writeObjectFieldStart("tool");
    g.writeObjectFieldStart("driver");
    g.writeStringField("name", "eca-provisioner");
    g.writeStringField("version", toolVersion);
    g.writeArrayFieldStart("rules");
    for (Map.Entry<String, Severity> rule : rules.entrySet()) {
      g.writeStartObject();
      g.writeStringField("id", rule.getKey());
      g.writeObjectFieldStart("shortDescription");
      g.writeStringField("text", rule.getKey());
      g.writeEndObject();
      g.writeObjectFieldStart("defaultConfiguration");
      g.writeStringField("level", level(rule.getValue()));
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();
    g.writeObjectFieldStart("automationDetails");
    g.writeStringField("id", "eca-provisioner/validate/" + report.target() + "/");
    g.writeEndObject();
    g.writeArrayFieldStart("results");
    for (int i = 0; i < findings.size(); i++) {
      result(g, findings.get(i), appNames.get(i), ruleIds.indexOf(findings.get(i).rule()), report.target());
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void result(JsonGenerator g, Finding f, String app, int ruleIndex, String target) throws IOException {
    g.writeStartObject();
    g.writeStringField("ruleId", f.rule());
    g.writeNumberField("ruleIndex", ruleIndex);
    g.writeStringField("level", level(f.severity()));
    g.writeObjectFieldStart("message");
    StringBuilder text = new StringBuilder(app).append(": ").append(f.message());
    if (f.expected() != null || f.actual() != null) {
      text.append(" Expected: ").append(f.expected()).append("; actual: ").append(f.actual()).append('.');
    }
    if (f.fix() != null) {
      text.append(" Fix: Setup \"").append(f.fix().setupLabel()).append("\"; metadata ").append(f.metadataFix())
          .append('.');
    }
    g.writeStringField("text", text.toString());
    g.writeEndObject();
    g.writeArrayFieldStart("locations");
    g.writeStartObject();
    Location at = f.location();
    if (at != null && at.isFile()) {
      g.writeObjectFieldStart("physicalLocation");
      g.writeObjectFieldStart("artifactLocation");
      Path path = Path.of(at.origin());
      if (path.isAbsolute()) {
        g.writeStringField("uri", path.toUri().toString());
      } else {
        g.writeStringField("uri", relativeUri(at.origin()));
        g.writeStringField("uriBaseId", "%SRCROOT%");
      }
      g.writeEndObject();
      if (at.line() > 0) {
        g.writeObjectFieldStart("region");
        g.writeNumberField("startLine", at.line());
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeArrayFieldStart("logicalLocations");
    g.writeStartObject();
    String name = (at != null && !at.isFile() && at.origin() != null ? at.origin() : target) + "/" + app
        + (f.setting() == null ? "" : "/" + f.setting());
    g.writeStringField("fullyQualifiedName", name);
    g.writeStringField("kind", f.field() == null ? "module" : "member");
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
    g.writeObjectFieldStart("properties");
    g.writeStringField("app", app);
    g.writeStringField("severity", f.severity().label());
    if (f.conflict() != null) {
      g.writeStringField("baselineRule", f.conflict().baselineRule());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * A relative path as a URI reference (RFC 3986): each segment percent-encoded as UTF-8, so a space, {@code #}, {@code
   * %} or {@code ?} in a file name cannot change what the reference points at.
   */
  static String relativeUri(String path) {
    StringBuilder out = new StringBuilder();
    for (byte b : path.replace('\\', '/').getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~/".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  private static String level(Severity severity) {
    return switch (severity) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case INFO -> "note";
    };
  }
}
