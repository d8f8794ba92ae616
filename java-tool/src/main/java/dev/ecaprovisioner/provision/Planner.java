package dev.ecaprovisioner.provision;

import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.eca.MetadataField;
import dev.ecaprovisioner.profile.Condition;
import dev.ecaprovisioner.profile.Profile;
import dev.ecaprovisioner.profile.Rule;
import dev.ecaprovisioner.schema.EcaSchema;
import dev.ecaprovisioner.schema.FieldSpec;
import dev.ecaprovisioner.schema.OauthScope;
import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.Finding;
import dev.ecaprovisioner.validate.Validator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Computes what to change in an app from the same profiles and findings as {@code validate}: a finding's rule says
 * what to write (its {@code fix} value, else the value its {@code expect} names), so there is no second table of
 * settings. Pure: an app and profiles in, a plan out.
 *
 * <p>Error and warning findings are planned; info findings are advice and left alone. A rule whose value only the
 * admin knows (a connector's own redirect URL, a permission set's ID), or that names only what to avoid, is listed as
 * unplanned with what to give. The plan is checked by validating the app as it would be after it: the findings that
 * are gone then are the ones the plan promises to clear, and a read-back after a deploy is held to that promise.
 */
public final class Planner {
  /** The option that sets the callback URL, named in the plan as the reason for the change. */
  public static final String CALLBACK_OPTION = "--callback-url";
  /** The option that names the permission sets of the users who may use the app. */
  public static final String PERMISSION_SET_OPTION = "--permission-set";
  private static final int MAX_ROUNDS = 5;

  private final Validator validator;
  private final List<String> profileNames;
  private final Map<String, Rule> rules = new LinkedHashMap<>();

  public Planner(List<Profile> profiles) {
    this.validator = new Validator(profiles);
    this.profileNames = profiles.stream().map(Profile::name).toList();
    for (Profile profile : profiles) {
      profile.rules().forEach(r -> rules.putIfAbsent(r.id(), r));
    }
  }

  /**
   * What the admin gave on the command line.
   *
   * @param callbackUrl the callback URL to set, or null
   * @param permissionSetIds the IDs of the permission sets whose users may use the app (empty: leave as it is)
   */
  public record Inputs(String callbackUrl, List<String> permissionSetIds) {
    public Inputs {
      permissionSetIds = List.copyOf(permissionSetIds);
    }

    public static Inputs none() {
      return new Inputs(null, List.of());
    }
  }

  /** The profiles' findings on the app as it is. */
  public AppResult check(EcaApp app) {
    return validator.check(app);
  }

  /** The plan that makes {@code current} meet the profiles, with what the admin gave. */
  public ProvisionPlan plan(String target, EcaApp current, Inputs inputs, ProvisionPlan.Kind kind) {
    Map<String, FieldChange> changes = new LinkedHashMap<>();
    List<Unplanned> unplanned = new ArrayList<>();
    applyInputs(current, inputs, changes, unplanned);
    EcaApp working = AppChanges.apply(current, changes.values());
    for (int round = 0; round < MAX_ROUNDS; round++) {
      boolean added = false;
      for (Finding finding : validator.check(working).findings()) {
        Rule rule = plannable(finding);
        EcaComponent component = rule == null ? null : working.components().get(rule.type());
        if (component == null || changes.containsKey(key(rule.type(), rule.field()))) {
          continue;
        }
        Target wanted = target(rule, component.value(rule.field()).orElse(null));
        if (wanted.why() != null || Objects.equals(wanted.value(), effective(component, rule.field()))) {
          continue;
        }
        changes.put(key(rule.type(), rule.field()), new FieldChange(rule.type(), rule.field(),
            AppChanges.shown(current.components().get(rule.type()), rule.field()), wanted.value(), rule.id(),
            finding.conflict() == null ? null : finding.conflict().acceptedRisk()));
        added = true;
      }
      working = AppChanges.apply(current, changes.values());
      if (!added) {
        break;
      }
    }
    List<Finding> remaining = validator.check(working).findings();
    for (Finding finding : remaining) {
      if (finding.severity() != Severity.INFO) {
        unplanned.add(new Unplanned(finding.rule(), finding.severity(), finding.type(), finding.field(),
            whyLeft(finding, working, changes)));
      }
    }
    Set<FindingKey> after = new HashSet<>();
    remaining.forEach(f -> after.add(FindingKey.of(f)));
    Set<FindingKey> promised = new LinkedHashSet<>();
    for (Finding finding : validator.check(current).findings()) {
      FindingKey key = FindingKey.of(finding);
      if (!after.contains(key)) {
        promised.add(key);
      }
    }
    List<FieldChange> ordered = kind == ProvisionPlan.Kind.CREATE ? everyField(working, changes)
        : new ArrayList<>(changes.values());
    ordered.sort((a, b) -> a.type().compareTo(b.type()));
    EcaApp before = kind == ProvisionPlan.Kind.CREATE ? new EcaApp(current.name(), Map.of()) : current;
    return new ProvisionPlan(target, current.name(), kind, profileNames, ordered, unplanned, promised, before,
        working);
  }

  /**
   * The plan that puts {@code wanted} (a backup) back over {@code current}: every field that differs, type by type.
   * Components are deployed whole from the backup, so the plan's {@code after} is the backup itself.
   */
  public ProvisionPlan restore(String target, EcaApp current, EcaApp wanted, String from) {
    List<FieldChange> changes = new ArrayList<>();
    List<Unplanned> unplanned = new ArrayList<>();
    for (EcaType type : EcaType.values()) {
      EcaComponent have = current.components().get(type);
      EcaComponent want = wanted.components().get(type);
      if (want == null) {
        if (have != null) {
          unplanned.add(new Unplanned("rollback", Severity.WARNING, type.apiName(), null, "the backup has no "
              + type.apiName() + "; the org's " + have.fullName() + " stays as it is (a deploy cannot delete it)"));
        }
        continue;
      }
      Set<String> names = new LinkedHashSet<>();
      want.fields().forEach(f -> names.add(f.name()));
      if (have != null) {
        have.fields().forEach(f -> names.add(f.name()));
      }
      for (String name : names) {
        if (AppChanges.SECRET_FIELDS.contains(name) || DeployPackage.ROTATION_REQUESTS.contains(name)) {
          continue;
        }
        List<MetadataField> haveFields = have == null ? List.of() : withoutLines(have.all(name));
        List<MetadataField> wantFields = withoutLines(want.all(name));
        if (!haveFields.equals(wantFields)) {
          String after = wantFields.isEmpty() ? null : AppChanges.shown(want, name);
          changes.add(new FieldChange(type, name, AppChanges.shown(have, name), after, from, null));
        }
      }
    }
    Map<EcaType, EcaComponent> restored = new LinkedHashMap<>();
    restored.putAll(current.components());
    changes.forEach(c -> restored.put(c.type(), wanted.components().get(c.type())));
    EcaApp after = new EcaApp(current.name().isEmpty() ? wanted.name() : current.name(), restored);
    Set<FindingKey> afterKeys = new HashSet<>();
    validator.check(after).findings().forEach(f -> afterKeys.add(FindingKey.of(f)));
    Set<FindingKey> promised = new LinkedHashSet<>();
    validator.check(current).findings().stream().map(FindingKey::of).filter(k -> !afterKeys.contains(k))
        .forEach(promised::add);
    return new ProvisionPlan(target, wanted.name(), ProvisionPlan.Kind.ROLLBACK, profileNames, changes, unplanned,
        promised, current, after);
  }

  /** A new app's plan: every field it gets, from nothing, with the rule or option behind it where there is one. */
  private static List<FieldChange> everyField(EcaApp created, Map<String, FieldChange> changes) {
    List<FieldChange> all = new ArrayList<>();
    for (EcaComponent component : created.components().values()) {
      for (MetadataField field : component.fields()) {
        FieldChange planned = changes.get(key(component.type(), field.name()));
        all.add(new FieldChange(component.type(), field.name(), "(not set)", field.value(),
            planned == null ? NewApp.REASON : planned.reason(), planned == null ? null : planned.acceptedRisk()));
      }
    }
    return all;
  }

  private static List<MetadataField> withoutLines(List<MetadataField> fields) {
    return fields.stream().map(Planner::withoutLine).toList();
  }

  private static MetadataField withoutLine(MetadataField field) {
    return new MetadataField(field.name(), field.value() == null || field.children().isEmpty() ? field.value() : null,
        0, field.children().stream().map(Planner::withoutLine).toList());
  }

  private void applyInputs(EcaApp current, Inputs inputs, Map<String, FieldChange> changes,
      List<Unplanned> unplanned) {
    if (inputs.callbackUrl() != null) {
      set(current, EcaType.GLOBAL_OAUTH_SETTINGS, "callbackUrl", inputs.callbackUrl(), CALLBACK_OPTION, changes,
          unplanned);
    }
    if (!inputs.permissionSetIds().isEmpty()) {
      set(current, EcaType.OAUTH_POLICIES, "commaSeparatedPermissionSet", String.join(",", inputs.permissionSetIds()),
          PERMISSION_SET_OPTION, changes, unplanned);
      set(current, EcaType.OAUTH_POLICIES, "permittedUsersPolicyType", "AdminApprovedPreAuthorized",
          PERMISSION_SET_OPTION, changes, unplanned);
    }
  }

  private static void set(EcaApp current, EcaType type, String field, String value, String reason,
      Map<String, FieldChange> changes, List<Unplanned> unplanned) {
    EcaComponent component = current.components().get(type);
    if (component == null) {
      unplanned.add(new Unplanned(reason, Severity.ERROR, type.apiName(), field, "the app has no " + type.apiName()
          + " that could be read, so " + field + " cannot be set; deploying the type blind would reset its other "
          + "settings"));
      return;
    }
    if (!value.equals(component.value(field).orElse(null))) {
      changes.put(key(type, field), new FieldChange(type, field, AppChanges.shown(component, field), value, reason,
          null));
    }
  }

  /** The rule behind a finding the plan may act on: an error or warning of a profile rule about one field. */
  private Rule plannable(Finding finding) {
    if (finding.severity() == Severity.INFO || finding.field() == null) {
      return null;
    }
    Rule rule = rules.get(finding.rule());
    return rule != null && rule.field().equals(finding.field()) ? rule : null;
  }

  private String whyLeft(Finding finding, EcaApp working, Map<String, FieldChange> changes) {
    Rule rule = plannable(finding);
    if (rule == null) {
      return finding.message();
    }
    EcaComponent component = working.components().get(rule.type());
    String current = component == null ? null : component.value(rule.field()).orElse(null);
    FieldChange given = changes.get(key(rule.type(), rule.field()));
    if (given != null && !given.reason().equals(rule.id())) {
      return "the value given with " + given.reason() + " does not meet this rule (" + finding.expected() + ")";
    }
    Target wanted = target(rule, current);
    if (wanted.why() != null) {
      return wanted.why();
    }
    if (finding.conflict() != null) {
      return "set as " + rule.profile() + " needs; the accepted risk stands: " + finding.conflict().acceptedRisk();
    }
    return "another rule sets " + rule.field() + " otherwise";
  }

  /** The value a field has in effect: as written, else its documented default, else null. */
  private static String effective(EcaComponent component, String field) {
    return component.value(field).filter(v -> !v.isEmpty())
        .or(() -> component.field(field).isPresent() ? Optional.of("")
            : EcaSchema.field(component.type(), field).flatMap(FieldSpec::defaultValueIfAbsent))
        .orElse(null);
  }

  /** What a rule writes, or why it cannot say. */
  private record Target(String value, String why) {
    static Target of(String value) {
      return new Target(value, null);
    }

    static Target unknown(String why) {
      return new Target(null, why);
    }
  }

  static Target target(Rule rule, String current) {
    Condition check = rule.check();
    String fix = rule.fixMetadataValue();
    FieldSpec spec = EcaSchema.field(rule.type(), rule.field()).orElse(null);
    if (check.operator() == dev.ecaprovisioner.profile.Operator.PRESENT && !Boolean.parseBoolean(check.value())) {
      return Target.of(null);
    }
    if (fix != null) {
      if (fix.contains("<") || spec == null || !spec.accepts(fix)) {
        return Target.unknown("needs a value only you know (" + fix + ")" + hint(rule.field()));
      }
      return Target.of(fix);
    }
    return switch (check.operator()) {
      case EQUALS, ONE_OF, AT_LEAST, AT_MOST -> Target.of(check.value());
      case INCLUDES -> {
        Set<String> scopes = new LinkedHashSet<>(scopes(current));
        scopes.addAll(check.values());
        yield Target.of(String.join(", ", scopes));
      }
      case EXCLUDES -> {
        List<String> scopes = new ArrayList<>(scopes(current));
        scopes.removeAll(check.values());
        yield Target.of(String.join(", ", scopes));
      }
      case PRESENT -> Target.unknown("needs a value only you know" + hint(rule.field()));
      case ANY_MATCHES -> Target.unknown("needs a value matching " + check.value() + hint(rule.field()));
      case NOT_EQUALS, NOT_ONE_OF -> Target.unknown("the rule names only values to avoid ("
          + String.join(", ", check.values()) + "); choose one in Setup or in the profile's fix");
    };
  }

  private static String hint(String field) {
    return switch (field) {
      case "callbackUrl" -> ": give it with " + CALLBACK_OPTION + " URL";
      case "commaSeparatedPermissionSet" -> ": give it with " + PERMISSION_SET_OPTION + " NAME";
      default -> "";
    };
  }

  /** The metadata names of the scopes in a {@code commaSeparatedOauthScopes} value, unknown ones as written. */
  private static List<String> scopes(String value) {
    return EcaSchema.splitScopes(value).stream()
        .map(s -> EcaSchema.scope(s).map(OauthScope::metadataName).orElse(s))
        .toList();
  }

  private static String key(EcaType type, String field) {
    return type.apiName() + "." + field;
  }
}
