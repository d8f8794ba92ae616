package dev.ecaprovisioner.provision;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ecaprovisioner.org.MetadataApi.ComponentFailure;
import dev.ecaprovisioner.org.MetadataApi.DeployStatus;
import dev.ecaprovisioner.report.SfJsonEnvelope;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The Salesforce CLI's {@code --json} envelope, {@code status} being the exit code: {@code result} holds the plan
 * ({@code changes}, {@code unplanned}, {@code promised}) and {@code outcome} (mode, backup, deploy, verification).
 * Every key is always there, null when it does not apply.
 */
final class PlanJson implements PlanFormat.Renderer {

  @Override
  public String plan(ProvisionPlan plan) {
    return "";
  }

  @Override
  public String outcome(ProvisionPlan plan, ProvisionOutcome outcome) {
    return SfJsonEnvelope.render(outcome.exitCode(), g -> {
      g.writeStartObject();
      g.writeStringField("target", plan.target());
      g.writeStringField("app", plan.app());
      g.writeStringField("kind", plan.kind().name().toLowerCase(Locale.ROOT));
      strings(g, "profiles", plan.profiles());
      g.writeArrayFieldStart("changes");
      for (FieldChange c : plan.changes()) {
        g.writeStartObject();
        g.writeStringField("type", c.type().apiName());
        g.writeStringField("component", plan.after().components().get(c.type()).fullName());
        g.writeStringField("field", c.field());
        g.writeStringField("before", c.before());
        g.writeStringField("after", c.after());
        g.writeStringField("reason", c.reason());
        g.writeStringField("acceptedRisk", c.acceptedRisk());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("unplanned");
      for (Unplanned u : plan.unplanned()) {
        g.writeStartObject();
        g.writeStringField("rule", u.rule());
        g.writeStringField("severity", u.severity().name().toLowerCase(Locale.ROOT));
        g.writeStringField("type", u.type());
        g.writeStringField("field", u.field());
        g.writeStringField("why", u.why());
        g.writeEndObject();
      }
      g.writeEndArray();
      strings(g, "promised", plan.promised().stream().map(k -> k.rule() + " ("
          + k.severity().name().toLowerCase(Locale.ROOT) + ")").sorted().toList());
      g.writeObjectFieldStart("outcome");
      g.writeStringField("mode", outcome.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      g.writeStringField("backup", outcome.backup() == null ? null : outcome.backup().toString());
      deploy(g, outcome.deploy());
      ProvisionOutcome.Verification v = outcome.verification();
      if (v == null) {
        g.writeNullField("verification");
      } else {
        g.writeObjectFieldStart("verification");
        g.writeBooleanField("passed", v.passed());
        strings(g, "stillFound", v.stillFound());
        g.writeNumberField("errors", v.errors());
        g.writeNumberField("warnings", v.warnings());
        g.writeBooleanField("consumerKeyChanged", v.consumerKeyChanged());
        g.writeEndObject();
      }
      strings(g, "notes", outcome.notes());
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  private static void deploy(JsonGenerator g, DeployStatus status) throws IOException {
    if (status == null) {
      g.writeNullField("deploy");
      return;
    }
    g.writeObjectFieldStart("deploy");
    g.writeStringField("id", status.id());
    g.writeStringField("status", status.status());
    g.writeBooleanField("success", status.success());
    g.writeBooleanField("checkOnly", status.checkOnly());
    g.writeNumberField("componentsTotal", status.componentsTotal());
    g.writeNumberField("componentsDeployed", status.componentsDeployed());
    g.writeStringField("errorMessage", status.errorMessage());
    g.writeArrayFieldStart("failures");
    for (ComponentFailure f : status.failures()) {
      g.writeStartObject();
      g.writeStringField("componentType", f.componentType());
      g.writeStringField("fullName", f.fullName());
      g.writeStringField("fileName", f.fileName());
      g.writeNumberField("line", f.line());
      g.writeNumberField("column", f.column());
      g.writeStringField("problem", f.problem());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
    g.writeArrayFieldStart(name);
    for (String value : values) {
      g.writeString(value);
    }
    g.writeEndArray();
  }
}
