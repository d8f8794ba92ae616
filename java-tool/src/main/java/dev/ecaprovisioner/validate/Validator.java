package dev.ecaprovisioner.validate;

import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.eca.MetadataField;
import dev.ecaprovisioner.eca.XmlTreeReader;
import dev.ecaprovisioner.profile.Condition;
import dev.ecaprovisioner.profile.Control;
import dev.ecaprovisioner.profile.Profile;
import dev.ecaprovisioner.profile.Rule;
import dev.ecaprovisioner.schema.EcaSchema;
import dev.ecaprovisioner.schema.FieldKind;
import dev.ecaprovisioner.schema.FieldSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks apps against profiles. Pure: apps and profiles in, a report out; nothing here reads files or talks to an
 * org, so the same core serves source trees and org reads.
 *
 * <p>Besides the profiles' rules it reports, for every app, what keeps rules from being checked: a missing component
 * ({@value #RULE_MISSING_COMPONENT}), a field this tool does not know ({@value #RULE_UNKNOWN_FIELD}) and a scope it
 * does not know ({@value #RULE_UNKNOWN_SCOPE}).
 *
 * <p>When a client rule {@link Rule#overrides() overrides} an active baseline rule, the two give one finding: if the
 * app is set as the client needs, a warning naming the conflict, the accepted risk and the compensating controls
 * present and absent; if it is set as the baseline wants, the client rule's own finding (the client will fail) with
 * the same conflict attached, so the admin sees both sides in one place.
 */
public final class Validator {
  public static final String RULE_MISSING_COMPONENT = "eca/missing-component";
  public static final String RULE_UNKNOWN_FIELD = "eca/unknown-field";
  public static final String RULE_UNKNOWN_SCOPE = "eca/unknown-scope";
  /** The most findings of one kind (an unknown field, an unknown scope) listed for one app. */
  public static final int MAX_FINDINGS_OF_A_KIND = 50;
  /** The most of a value a finding shows as what the app has; a longer one is cut, and says by how much. */
  static final int MAX_SHOWN_CHARS = 1000;
  /** An app that could not be read (see {@link AppResult#readFailure}). */
  public static final String RULE_READ_FAILED = "eca/read-failed";
  /**
   * Fields whose values never appear in a report because the reader never kept them (the consumer key and secret):
   * their empty element still means they are set.
   */
  private static final Set<String> SECRET_FIELDS = XmlTreeReader.SECRET_ELEMENTS;

  private final List<String> profileNames;
  private final List<Rule> rules = new ArrayList<>();
  private final Map<String, Rule> rulesById = new LinkedHashMap<>();
  private final Map<String, Control> controls = new LinkedHashMap<>();
  /** Baseline rule ids that an active client rule overrides. */
  private final Set<String> overridden = new LinkedHashSet<>();
  /** How many reported rules check each type: what a missing component keeps from being checked. */
  private final Map<EcaType, Long> uncheckedRules = new EnumMap<>(EcaType.class);

  public Validator(List<Profile> profiles) {
    this.profileNames = profiles.stream().map(Profile::name).toList();
    for (Profile profile : profiles) {
      for (Rule rule : profile.rules()) {
        if (rulesById.putIfAbsent(rule.id(), rule) == null) {
          rules.add(rule);
        }
      }
      profile.controls().forEach(c -> controls.putIfAbsent(c.id(), c));
    }
    for (Rule rule : rules) {
      if (rule.overrides() != null && rulesById.containsKey(rule.overrides().rule())) {
        overridden.add(rule.overrides().rule());
      }
    }
    for (Rule rule : rules) {
      if (!overridden.contains(rule.id())) {
        uncheckedRules.merge(rule.type(), 1L, Long::sum);
      }
    }
  }

  /** Validates the apps of a source tree. */
  public static ValidationReport validate(List<EcaApp> apps, List<Profile> profiles) {
    return new Validator(profiles).validate("source", apps);
  }

  /** Validates the apps of one target ({@code source}, {@code org:<alias>}). */
  public ValidationReport validate(String target, List<EcaApp> apps) {
    return new ValidationReport(target, profileNames, apps.stream().map(this::check).toList());
  }

  /** The findings and passed rules of one app. */
  public AppResult check(EcaApp app) {
    AppView view = new AppView(app);
    List<Finding> findings = new ArrayList<>();
    List<String> passed = new ArrayList<>();
    reportMissingComponents(app, findings);
    reportUnknownFields(app, findings);
    for (Rule rule : rules) {
      if (overridden.contains(rule.id())) {
        continue;
      }
      EcaComponent component = app.components().get(rule.type());
      if (component == null
          || rule.sourceOnly() && !new Location(component.origin(), 0).isFile()
          || !view.allHold(rule.when())) {
        continue;
      }
      Finding finding = evaluate(rule, component, view);
      if (finding != null) {
        findings.add(finding);
      } else {
        passed.add(rule.id());
      }
    }
    return new AppResult(app.name(), findings, passed);
  }

  /** The rule's finding, or null when the app meets it. */
  private Finding evaluate(Rule rule, EcaComponent component, AppView view) {
    Observed observed = view.observe(rule.type(), rule.field());
    boolean met = holds(rule.check(), observed);
    Rule baseline = rule.overrides() == null ? null : rulesById.get(rule.overrides().rule());
    if (baseline == null) {
      return met ? null : finding(rule, rule.severity(), rule.message(), fix(rule, observed), observed, component,
          null);
    }
    if (met && baselineMet(baseline, view)) {
      return null;
    }
    Conflict conflict = conflict(rule, baseline, view);
    String controlsText = " Compensating controls present: " + listOrNone(conflict.controlsPresent())
        + "; absent: " + listOrNone(conflict.controlsAbsent()) + ".";
    if (!met) {
      String message = rule.message() + " The security baseline (" + baseline.id() + ") recommends the current "
          + "setting; changing it is an accepted risk: " + rule.overrides().acceptedRisk() + controlsText;
      return finding(rule, rule.severity(), message, fix(rule, observed), observed, component, conflict);
    }
    String label = setupLabel(rule);
    String message = "Conflict between " + rule.profile() + " and the security baseline: '" + label + "' is set as "
        + rule.profile() + " needs (" + observed.display() + "), against " + baseline.id() + ". Accepted risk: "
        + rule.overrides().acceptedRisk() + controlsText;
    String advice = conflict.controlsAbsent().isEmpty()
        ? "keep '" + label + "' as it is; every compensating control is in place"
        : "keep '" + label + "' as it is, and add the missing compensating controls: "
            + String.join("; ", absentFixes(baseline, view));
    return finding(rule, Severity.WARNING, message, new Fix(advice, observed.value), observed, component, conflict);
  }

  /** Whether the app meets a baseline rule, counting a rule that does not apply as met. */
  private static boolean baselineMet(Rule baseline, AppView view) {
    return !view.has(baseline.type()) || !view.allHold(baseline.when())
        || holds(baseline.check(), view.observe(baseline.type(), baseline.field()));
  }

  private Conflict conflict(Rule rule, Rule baseline, AppView view) {
    List<String> present = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    for (String id : baseline.compensatingControls()) {
      Control control = controls.get(id);
      if (control != null) {
        (view.present(control) ? present : absent).add(control.label());
      }
    }
    return new Conflict(baseline.id(), rule.overrides().acceptedRisk(), present, absent);
  }

  private List<String> absentFixes(Rule baseline, AppView view) {
    List<String> fixes = new ArrayList<>();
    for (String id : baseline.compensatingControls()) {
      Control control = controls.get(id);
      if (control != null && !view.present(control)) {
        fixes.add(control.fix());
      }
    }
    return fixes;
  }

  private static Finding finding(
      Rule rule, Severity severity, String message, Fix fix, Observed observed, EcaComponent component,
      Conflict conflict) {
    return new Finding(rule.id(), severity, rule.type().apiName(), rule.field(), Expectations.describe(rule),
        observed.display(), message, fix, new Location(component.origin(), observed.line), conflict);
  }

  private static Fix fix(Rule rule, Observed observed) {
    String value = rule.fixMetadataValue() != null
        ? rule.fixMetadataValue()
        : Expectations.metadataValue(rule.check(), observed.value);
    return new Fix(setupLabel(rule), value);
  }

  private static String setupLabel(Rule rule) {
    if (rule.fixSetupLabel() != null) {
      return rule.fixSetupLabel();
    }
    return EcaSchema.field(rule.type(), rule.field()).map(FieldSpec::setupLabel).orElse(rule.field());
  }

  private static String listOrNone(List<String> items) {
    return items.isEmpty() ? "none" : String.join(", ", items);
  }

  private void reportMissingComponents(EcaApp app, List<Finding> findings) {
    Location where = app.components().values().stream().findFirst()
        .map(c -> new Location(c.origin(), 0)).orElse(new Location(null, 0));
    for (EcaType type : EcaType.values()) {
      if (app.components().containsKey(type)) {
        continue;
      }
      long unchecked = uncheckedRules.getOrDefault(type, 0L);
      if (type != EcaType.EXTERNAL_CLIENT_APPLICATION && unchecked == 0) {
        continue;
      }
      String message = type == EcaType.EXTERNAL_CLIENT_APPLICATION
          ? "Components name the app '" + app.name() + "' but its ExternalClientApplication is not here: deploying them"
              + " fails unless the app already exists in the org."
          : "No " + type.apiName() + " for this app, so " + unchecked + " rule(s) about it could not be checked.";
      findings.add(new Finding(RULE_MISSING_COMPONENT, Severity.WARNING, type.apiName(), null, "present", "missing",
          message, new Fix("Add the " + type.apiName() + " component",
              type.directory() + "/<name>" + type.suffix()), where, null));
    }
  }

  /**
   * Fields and scopes this tool does not know, at most {@value #MAX_FINDINGS_OF_A_KIND} of each kind per app; the rest
   * are counted in one more finding, so a file of millions of unknown scopes gives a report of a few lines.
   */
  private static void reportUnknownFields(EcaApp app, List<Finding> findings) {
    int unknownFields = 0;
    int unknownScopes = 0;
    Location firstField = null;
    Location firstScope = null;
    for (EcaComponent component : app.components().values()) {
      for (MetadataField field : component.fields()) {
        Optional<FieldSpec> spec = EcaSchema.field(component.type(), field.name());
        Location at = new Location(component.origin(), field.line());
        if (spec.isEmpty()) {
          firstField = firstField == null ? at : firstField;
          if (unknownFields++ < MAX_FINDINGS_OF_A_KIND) {
            findings.add(new Finding(RULE_UNKNOWN_FIELD, Severity.INFO, component.type().apiName(), field.name(),
                null, null, "The field <" + field.name() + "> is not one this tool knows for "
                    + component.type().apiName() + " (API 59.0 to 66.0); no rule checks it.", null, at, null));
          }
        } else if (spec.get().kind() == FieldKind.SCOPE_LIST) {
          for (String scope : EcaSchema.splitScopes(field.value())) {
            if (EcaSchema.scope(scope).isEmpty()) {
              firstScope = firstScope == null ? at : firstScope;
              if (unknownScopes++ < MAX_FINDINGS_OF_A_KIND) {
                findings.add(new Finding(RULE_UNKNOWN_SCOPE, Severity.WARNING, component.type().apiName(),
                    field.name(), null, scope, "The OAuth scope '" + scope + "' is not a scope's metadata name; a "
                        + "deploy would reject it.", new Fix("Selected OAuth Scopes", "remove or correct '" + scope
                        + "'"), at, null));
              }
            }
          }
        }
      }
    }
    if (unknownFields > MAX_FINDINGS_OF_A_KIND) {
      findings.add(new Finding(RULE_UNKNOWN_FIELD, Severity.INFO, null, null, null, null,
          (unknownFields - MAX_FINDINGS_OF_A_KIND) + " more fields this tool does not know are not listed ("
              + unknownFields + " in all).", null, new Location(firstField.origin(), 0), null));
    }
    if (unknownScopes > MAX_FINDINGS_OF_A_KIND) {
      findings.add(new Finding(RULE_UNKNOWN_SCOPE, Severity.WARNING, null, null, null, null,
          (unknownScopes - MAX_FINDINGS_OF_A_KIND) + " more OAuth scopes that are no scope's metadata name are not "
              + "listed (" + unknownScopes + " in all); a deploy would reject them.",
          new Fix("Selected OAuth Scopes", "remove or correct every unknown scope"),
          new Location(firstScope.origin(), 0), null));
    }
  }

  private static boolean holds(Condition condition, Observed observed) {
    return Expectations.holds(condition, observed.value, observed.present);
  }

  /**
   * One app as the rules see it, remembering what it has worked out: a field is observed, and a control judged, once
   * per app however many rules ask.
   */
  private static final class AppView {
    private final EcaApp app;
    private final Map<String, Observed> observed = new HashMap<>();
    private final Map<String, Boolean> controlPresent = new HashMap<>();

    AppView(EcaApp app) {
      this.app = app;
    }

    boolean has(EcaType type) {
      return app.components().containsKey(type);
    }

    /** What the app has for the field; null when it lacks the component. */
    Observed observe(EcaType type, String field) {
      EcaComponent component = app.components().get(type);
      if (component == null) {
        return null;
      }
      return observed.computeIfAbsent(type.ordinal() + field, k -> Validator.observe(component, field));
    }

    /** Whether every condition holds; a condition on a component the app lacks does not. */
    boolean allHold(List<Condition> conditions) {
      for (Condition condition : conditions) {
        Observed value = observe(condition.type(), condition.field());
        if (value == null || !holds(condition, value)) {
          return false;
        }
      }
      return true;
    }

    boolean present(Control control) {
      return controlPresent.computeIfAbsent(control.id(), id -> allHold(control.conditions()));
    }
  }

  /** What the app has for a field: as written, the documented default when absent, or nothing. */
  static Observed observe(EcaComponent component, String fieldName) {
    Optional<FieldSpec> spec = EcaSchema.field(component.type(), fieldName);
    FieldKind kind = spec.map(FieldSpec::kind).orElse(FieldKind.STRING);
    if (kind == FieldKind.COMPLEX) {
      List<MetadataField> all = component.all(fieldName);
      int line = all.isEmpty() ? 0 : all.get(0).line();
      return new Observed(all.isEmpty() ? null : String.valueOf(all.size()), !all.isEmpty(), false, line, kind,
          fieldName);
    }
    Optional<MetadataField> field = component.field(fieldName);
    if (field.isPresent() && field.get().value() != null && !field.get().value().isEmpty()) {
      return new Observed(field.get().value(), true, false, field.get().line(), kind, fieldName);
    }
    if (field.isPresent() && SECRET_FIELDS.contains(fieldName)) {
      // The reader drops a secret's text but keeps the element: it is there, its value is not.
      return new Observed("", true, false, field.get().line(), kind, fieldName);
    }
    int line = field.map(MetadataField::line).orElseGet(() -> insertionLine(component, fieldName));
    String fallback = spec.flatMap(FieldSpec::defaultValueIfAbsent).orElse(null);
    return new Observed(fallback, false, fallback != null, line, kind, fieldName);
  }

  /**
   * Where an absent element would go: before the first element that sorts after it (the Salesforce CLI writes
   * elements in alphabetical order), else after the last one; 0 for an empty component.
   */
  private static int insertionLine(EcaComponent component, String fieldName) {
    int last = 0;
    for (MetadataField f : component.fields()) {
      if (f.name().compareTo(fieldName) > 0) {
        return f.line();
      }
      last = f.line();
    }
    return last;
  }

  /**
   * A field's value as the rules see it.
   *
   * @param value the text, the default when absent, or null
   * @param present whether the element is set in the component (not defaulted)
   * @param defaulted whether {@code value} is the documented default of an absent element
   */
  record Observed(String value, boolean present, boolean defaulted, int line, FieldKind kind, String field) {
    String display() {
      if (SECRET_FIELDS.contains(field)) {
        return present ? "(set; value not shown)" : "(not set)";
      }
      if (value == null) {
        return "(not set)";
      }
      if (kind == FieldKind.COMPLEX) {
        return value + (value.equals("1") ? " entry" : " entries");
      }
      String shown = kind == FieldKind.SCOPE_LIST
          ? String.join(", ", EcaSchema.splitScopes(value).stream().map(EcaSchema::displayScope).toList())
          : value;
      if (shown.length() > MAX_SHOWN_CHARS) {
        shown = shown.substring(0, MAX_SHOWN_CHARS) + "... (" + (shown.length() - MAX_SHOWN_CHARS)
            + " characters more)";
      }
      return defaulted ? shown + " (default)" : shown;
    }
  }
}
