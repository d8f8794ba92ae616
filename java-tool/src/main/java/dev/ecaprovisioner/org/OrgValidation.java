package dev.ecaprovisioner.org;

import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.profile.Condition;
import dev.ecaprovisioner.profile.Profile;
import dev.ecaprovisioner.profile.Rule;
import dev.ecaprovisioner.schema.EcaSchema;
import dev.ecaprovisioner.schema.FieldSpec;
import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.Finding;
import dev.ecaprovisioner.validate.Fix;
import dev.ecaprovisioner.validate.Location;
import dev.ecaprovisioner.validate.ValidationReport;
import dev.ecaprovisioner.validate.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks what was read from an org with the same rules as source, and adds what only an org read knows: apps that
 * could not be read get an error finding (never a pass), and settings the org would not show are reported as unknown
 * with a warning, instead of being judged by their defaults.
 */
public final class OrgValidation {
  /** The rule id of a warning that a type's settings could not be read, so were not checked. */
  public static final String RULE_SETTINGS_UNKNOWN = "eca/settings-unknown";
  /** The rule id of a note that rules were not checked because the org's API version lacks a field they need. */
  public static final String RULE_FIELD_NOT_IN_API_VERSION = "eca/field-not-in-api-version";

  private OrgValidation() {}

  /** Checks a snapshot against the profiles the validator was built from. */
  public static ValidationReport validate(OrgSnapshot snapshot, Validator validator, List<Profile> profiles) {
    Map<EcaType, Set<String>> rulesByType = rulesByType(profiles);
    String target = "org:" + snapshot.org().label();
    ValidationReport checked = validator.validate(target, snapshot.apps());
    List<AppResult> results = new ArrayList<>();
    Map<FieldSpec, Set<String>> rulesByMissingField = rulesByMissingField(profiles, snapshot.org().apiVersion());
    for (AppResult result : checked.apps()) {
      Map<EcaType, String> unknown = snapshot.unknownParts().get(result.name());
      AppResult known = unknown == null ? result : withUnknown(result, unknown, target, rulesByType);
      results.add(withoutMissingFields(known, rulesByMissingField, snapshot.org().apiVersion(), target));
    }
    snapshot.unreadApps().forEach((name, why) -> results.add(AppResult.readFailure(name, target,
        "could not be read from " + snapshot.org().label() + ", so it was not checked: " + why)));
    return new ValidationReport(target, checked.profiles(), results, snapshot.nothingRead());
  }

  /**
   * The ids of the rules that look at each type, in their check or in a condition of when they apply: where that type
   * is unknown, their findings and their passes mean nothing.
   */
  static Map<EcaType, Set<String>> rulesByType(List<Profile> profiles) {
    Map<EcaType, Set<String>> byType = new EnumMap<>(EcaType.class);
    for (Profile profile : profiles) {
      for (Rule rule : profile.rules()) {
        byType.computeIfAbsent(rule.type(), t -> new TreeSet<>()).add(rule.id());
        for (Condition condition : rule.when()) {
          byType.computeIfAbsent(condition.type(), t -> new TreeSet<>()).add(rule.id());
        }
      }
    }
    return byType;
  }

  /**
   * Fields the org's API version does not have, in {@code Type.field} order, with the rules that look at them. The org
   * does not send such a field at that version, so a rule would judge its default instead of the setting.
   */
  static Map<FieldSpec, Set<String>> rulesByMissingField(List<Profile> profiles, String apiVersion) {
    Map<FieldSpec, Set<String>> byField = new TreeMap<>(
        Comparator.comparing((FieldSpec spec) -> spec.type().apiName()).thenComparing(FieldSpec::name));
    for (Profile profile : profiles) {
      for (Rule rule : profile.rules()) {
        List<Condition> looked = new ArrayList<>(rule.when());
        looked.add(rule.check());
        for (Condition condition : looked) {
          Optional<FieldSpec> missing = condition.field() == null ? Optional.empty()
              : EcaSchema.field(condition.type(), condition.field()).filter(spec -> !spec.availableIn(apiVersion));
          missing.ifPresent(spec -> byField.computeIfAbsent(spec, f -> new TreeSet<>()).add(rule.id()));
        }
      }
    }
    return byField;
  }

  private static AppResult withoutMissingFields(AppResult result, Map<FieldSpec, Set<String>> rulesByMissingField,
      String apiVersion, String target) {
    if (rulesByMissingField.isEmpty()) {
      return result;
    }
    Set<String> withdrawn = rulesByMissingField.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
    List<Finding> findings = new ArrayList<>(result.findings().stream()
        .filter(f -> !withdrawn.contains(f.rule())).toList());
    boolean touched = findings.size() != result.findings().size()
        || result.passedRules().stream().anyMatch(withdrawn::contains);
    if (!touched) {
      return result;
    }
    rulesByMissingField.forEach((field, rules) -> {
      String type = field.type().apiName();
      findings.add(new Finding(RULE_FIELD_NOT_IN_API_VERSION, Severity.INFO, type, field.name(),
          "API " + field.sinceApiVersion() + " or later", "API " + apiVersion,
          "The org was read at API " + apiVersion + ", which does not have " + field.name() + ", so "
              + String.join(", ", rules) + " could not be checked",
          new Fix("Read the org at a newer API version (update the Salesforce CLI, or --api-version with "
              + "--instance-url)", null),
          new Location(target + "/" + type + "/" + result.name(), 0), null));
    });
    return new AppResult(result.name(), findings,
        result.passedRules().stream().filter(r -> !withdrawn.contains(r)).toList());
  }

  private static AppResult withUnknown(AppResult result, Map<EcaType, String> unknown, String target,
      Map<EcaType, Set<String>> rulesByType) {
    Set<String> unknownTypes = unknown.keySet().stream().map(EcaType::apiName).collect(Collectors.toSet());
    Set<String> withdrawn = unknown.keySet().stream()
        .flatMap(t -> rulesByType.getOrDefault(t, Set.of()).stream())
        .collect(Collectors.toSet());
    List<Finding> findings = new ArrayList<>(result.findings().stream()
        .filter(f -> (f.type() == null || !unknownTypes.contains(f.type())) && !withdrawn.contains(f.rule()))
        .toList());
    unknown.forEach((type, why) -> findings.add(new Finding(RULE_SETTINGS_UNKNOWN, Severity.WARNING, type.apiName(),
        null, "readable", "unknown",
        type.apiName() + " of " + result.name() + " could not be read (" + why + "), so its settings are unknown and "
            + "were not checked",
        new Fix("Turn on \"Allow Access to OAuth Consumer Secrets via Metadata API\" for the org and give the user "
            + "the permission to read them, or check these settings in Setup by hand", null),
        new Location(target + "/" + type.apiName() + "/" + result.name(), 0), null)));
    return new AppResult(result.name(), findings,
        result.passedRules().stream().filter(r -> !withdrawn.contains(r)).toList());
  }
}
