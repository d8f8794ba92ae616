package dev.ecaprovisioner.report;

import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.schema.EcaSchema;
import dev.ecaprovisioner.schema.FieldSpec;
import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.Finding;
import dev.ecaprovisioner.validate.ValidationReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One row of the findings-by-rule summary a reviewer reads first: which problems are widespread. Every format but
 * SARIF and JUnit shows the same rows, from {@link #of}.
 *
 * @param rule the rule id
 * @param severity its findings' severity
 * @param type the metadata type, or null for an app-level rule
 * @param field the metadata field, or null
 * @param setupLabel how Setup names the field, or null when it has no label
 * @param apps the apps it was found in, each once, in target and name order
 */
record RuleSummary(String rule, Severity severity, String type, String field, String setupLabel, List<AppRef> apps) {
  /** How many app names a row shows before it says how many more there are. */
  static final int NAMES_SHOWN = 5;

  /** An app of a target; {@code shown} is how the summary names it (with its target when there are several). */
  record AppRef(String target, String name, String shown) {}

  /** The rows of these reports together, by severity, then the most apps first, then rule id. */
  static List<RuleSummary> of(List<ValidationReport> reports) {
    boolean qualify = reports.size() > 1;
    Map<List<Object>, Set<AppRef>> byKey = new LinkedHashMap<>();
    for (ValidationReport report : reports) {
      for (AppResult app : report.apps()) {
        AppRef ref = new AppRef(report.target(), app.name(), qualify ? report.target() + "/" + app.name() : app.name());
        for (Finding f : app.findings()) {
          List<Object> key = new ArrayList<>();
          key.add(f.severity());
          key.add(f.rule());
          key.add(Objects.requireNonNullElse(f.type(), ""));
          key.add(Objects.requireNonNullElse(f.field(), ""));
          byKey.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(ref);
        }
      }
    }
    List<RuleSummary> rows = new ArrayList<>();
    byKey.forEach((key, apps) -> {
      String type = blankToNull((String) key.get(2));
      String field = blankToNull((String) key.get(3));
      rows.add(new RuleSummary((String) key.get(1), (Severity) key.get(0), type, field, setupLabel(type, field),
          List.copyOf(apps)));
    });
    rows.sort(Comparator.comparing(RuleSummary::severity)
        .thenComparing(Comparator.comparingInt((RuleSummary r) -> r.apps().size()).reversed())
        .thenComparing(RuleSummary::rule)
        .thenComparing(r -> Objects.requireNonNullElse(r.setting(), "")));
    return rows;
  }

  static List<RuleSummary> of(ValidationReport report) {
    return of(List.of(report));
  }

  /** {@code Type.field}, {@code Type}, or null for an app-level rule. */
  String setting() {
    if (type == null) {
      return null;
    }
    return field == null ? type : type + "." + field;
  }

  /** The setting as an admin finds it: {@code Setup label (Type.field)}, or the metadata name alone. */
  String settingInWords() {
    String setting = setting();
    if (setting == null) {
      return null;
    }
    return setupLabel == null ? setting : setupLabel + " (" + setting + ")";
  }

  /** The first {@value #NAMES_SHOWN} apps by name, then how many more: {@code A, B, C, D, E and 7 more}. */
  String appsInWords() {
    List<String> names = apps.stream().map(AppRef::shown).toList();
    String shown = String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())));
    return names.size() > NAMES_SHOWN ? shown + " and " + (names.size() - NAMES_SHOWN) + " more" : shown;
  }

  private static String setupLabel(String type, String field) {
    if (type == null || field == null) {
      return null;
    }
    return EcaType.byApiName(type).flatMap(t -> EcaSchema.field(t, field)).map(FieldSpec::setupLabel).orElse(null);
  }

  private static String blankToNull(String s) {
    return s.isEmpty() ? null : s;
  }
}
