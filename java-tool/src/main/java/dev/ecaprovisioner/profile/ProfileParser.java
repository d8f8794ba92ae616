package dev.ecaprovisioner.profile;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.schema.EcaSchema;
import dev.ecaprovisioner.schema.FieldKind;
import dev.ecaprovisioner.schema.FieldSpec;
import dev.ecaprovisioner.schema.OauthScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a profile's YAML into a {@link Profile}, checking every rule against {@link EcaSchema}: a rule that names an
 * unknown type or field, compares a field with a value it can never take, or uses an operator that does not fit the
 * field is bad input at its line.
 */
final class ProfileParser {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final Pattern RULE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final Set<String> PROFILE_KEYS = Set.of("name", "description", "extends", "rules", "controls",
      "refresh");
  private static final Set<String> RULE_KEYS = Set.of("id", "severity", "type", "field", "expect", "when", "message",
      "reason", "expected", "fix", "overrides", "compensatingControls", "sourceOnly");
  private static final Set<String> CONTROL_KEYS = Set.of("id", "label", "fix", "all");
  private static final Set<String> CONDITION_KEYS = Set.of("type", "field");
  private static final Set<String> FIX_KEYS = Set.of("setupLabel", "metadataValue");
  private static final Set<String> OVERRIDES_KEYS = Set.of("rule", "acceptedRisk");
  private static final Set<String> REFRESH_KEYS = Set.of("clientSecret", "keepsRotatedRefreshToken", "reason",
      "source");

  private ProfileParser() {}

  static Profile parse(YamlNode root, String origin) {
    YamlNode.Mapping doc = mapping(root, "a profile");
    allowOnly(doc, PROFILE_KEYS, "a profile");
    String name = requiredText(doc, "name");
    if (!NAME.matcher(name).matches()) {
      throw doc.entries().get("name").problem(
          "the profile name '" + name + "' must be lower-case letters, digits and dashes");
    }
    String description = optionalText(doc, "description", "");
    List<String> extendsNames = new ArrayList<>();
    YamlNode extendsNode = doc.entries().get("extends");
    if (extendsNode != null) {
      for (YamlNode item : listOrSingle(extendsNode)) {
        extendsNames.add(text(item, "extends"));
      }
    }
    List<Control> controls = new ArrayList<>();
    Set<String> controlIds = new HashSet<>();
    for (YamlNode node : list(doc, "controls")) {
      Control control = control(node, name);
      if (!controlIds.add(control.id())) {
        throw node.problem("the control id '" + control.id() + "' appears twice");
      }
      controls.add(control);
    }
    List<Rule> rules = new ArrayList<>();
    Set<String> ruleIds = new HashSet<>();
    for (YamlNode node : list(doc, "rules")) {
      Rule rule = rule(node, name);
      if (!ruleIds.add(rule.id())) {
        throw node.problem("the rule id '" + rule.id() + "' appears twice");
      }
      rules.add(rule);
    }
    YamlNode refreshNode = doc.entries().get("refresh");
    return new Profile(name, description, origin, extendsNames, rules, controls,
        refreshNode == null ? null : refreshStyle(refreshNode));
  }

  /** {@code refresh: {clientSecret: none|body|basic, keepsRotatedRefreshToken: true|false, reason, source}}. */
  private static RefreshStyle refreshStyle(YamlNode node) {
    YamlNode.Mapping m = mapping(node, "'refresh'");
    allowOnly(m, REFRESH_KEYS, "'refresh'");
    String secret = requiredText(m, "clientSecret");
    RefreshStyle.ClientSecret placement = Arrays.stream(RefreshStyle.ClientSecret.values())
        .filter(c -> c.name().equalsIgnoreCase(secret)).findFirst()
        .orElseThrow(() -> m.entries().get("clientSecret").problem("'clientSecret' must be none, body or basic, not '"
            + secret + "'"));
    String keeps = requiredText(m, "keepsRotatedRefreshToken");
    if (!keeps.equals("true") && !keeps.equals("false")) {
      throw m.entries().get("keepsRotatedRefreshToken").problem("'keepsRotatedRefreshToken' must be true or false");
    }
    return new RefreshStyle(placement, keeps.equals("true"), requiredText(m, "reason"), requiredText(m, "source"));
  }

  private static Rule rule(YamlNode node, String profile) {
    YamlNode.Mapping m = mapping(node, "a rule");
    allowOnly(m, RULE_KEYS, "a rule");
    String id = requiredText(m, "id");
    String prefix = profile + "/";
    if (!id.startsWith(prefix) || !RULE_NAME.matcher(id.substring(prefix.length())).matches()) {
      throw m.entries().get("id").problem("the rule id '" + id + "' must read '" + prefix
          + "<name>' with lower-case letters, digits and dashes");
    }
    String severityText = requiredText(m, "severity");
    Severity severity = Severity.byLabel(severityText).orElseThrow(() -> m.entries().get("severity")
        .problem("unknown severity '" + severityText + "': use error, warning or info"));
    EcaType type = type(m, true, null);
    String field = requiredText(m, "field");
    YamlNode expect = m.entries().get("expect");
    if (expect == null) {
      throw m.problem("the rule '" + id + "' has no 'expect'");
    }
    Condition check = operatorOf(mapping(expect, "'expect'"), type, field, m.entries().get("field"), Set.of());
    List<Condition> when = new ArrayList<>();
    for (YamlNode item : list(m, "when")) {
      when.add(condition(item, type));
    }
    String fixSetupLabel = null;
    String fixMetadataValue = null;
    YamlNode fixNode = m.entries().get("fix");
    if (fixNode != null) {
      YamlNode.Mapping fix = mapping(fixNode, "'fix'");
      allowOnly(fix, FIX_KEYS, "'fix'");
      fixSetupLabel = optionalText(fix, "setupLabel", null);
      fixMetadataValue = optionalText(fix, "metadataValue", null);
    }
    Rule.Overrides overrides = null;
    YamlNode overridesNode = m.entries().get("overrides");
    if (overridesNode != null) {
      YamlNode.Mapping o = mapping(overridesNode, "'overrides'");
      allowOnly(o, OVERRIDES_KEYS, "'overrides'");
      overrides = new Rule.Overrides(requiredText(o, "rule"), requiredText(o, "acceptedRisk"));
    }
    List<String> compensating = new ArrayList<>();
    YamlNode controlsNode = m.entries().get("compensatingControls");
    if (controlsNode != null) {
      for (YamlNode item : listOrSingle(controlsNode)) {
        compensating.add(text(item, "compensatingControls"));
      }
    }
    String sourceOnlyText = optionalText(m, "sourceOnly", "false");
    if (!sourceOnlyText.equals("true") && !sourceOnlyText.equals("false")) {
      throw m.entries().get("sourceOnly").problem("'sourceOnly' must be true or false");
    }
    return new Rule(id, severity, check, when, requiredText(m, "message"), optionalText(m, "reason", ""),
        optionalText(m, "expected", null), fixSetupLabel, fixMetadataValue, overrides, compensating,
        sourceOnlyText.equals("true"), profile, m.line());
  }

  private static Control control(YamlNode node, String profile) {
    YamlNode.Mapping m = mapping(node, "a control");
    allowOnly(m, CONTROL_KEYS, "a control");
    String id = requiredText(m, "id");
    List<Condition> conditions = new ArrayList<>();
    for (YamlNode item : list(m, "all")) {
      conditions.add(condition(item, null));
    }
    if (conditions.isEmpty()) {
      throw m.problem("the control '" + id + "' needs at least one condition under 'all'");
    }
    return new Control(id, requiredText(m, "label"), conditions, requiredText(m, "fix"), profile);
  }

  /** A condition mapping: {@code {type: ..., field: ..., <operator>: value}}; the type defaults to the rule's. */
  private static Condition condition(YamlNode node, EcaType defaultType) {
    YamlNode.Mapping m = mapping(node, "a condition");
    EcaType type = type(m, defaultType == null, defaultType);
    String field = requiredText(m, "field");
    return operatorOf(m, type, field, m.entries().get("field"), CONDITION_KEYS);
  }

  private static Condition operatorOf(
      YamlNode.Mapping m, EcaType type, String field, YamlNode fieldNode, Set<String> otherKeys) {
    FieldSpec spec = EcaSchema.field(type, field).orElseThrow(() -> fieldNode.problem(
        "the field '" + field + "' does not exist in " + type.apiName() + " (known: "
            + EcaSchema.fields(type).stream().map(FieldSpec::name).collect(Collectors.joining(", ")) + ")"));
    Operator operator = null;
    YamlNode operand = null;
    for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
      if (otherKeys.contains(e.getKey())) {
        continue;
      }
      Operator found = Arrays.stream(Operator.values()).filter(o -> o.key().equals(e.getKey())).findFirst()
          .orElseThrow(() -> m.problem("unknown comparison '" + e.getKey() + "': use one of "
              + Arrays.stream(Operator.values()).map(Operator::key).collect(Collectors.joining(", "))));
      if (operator != null) {
        throw m.problem("a condition takes one comparison, found '" + operator.key() + "' and '" + found.key() + "'");
      }
      operator = found;
      operand = e.getValue();
    }
    if (operator == null) {
      throw m.problem("a condition on '" + field + "' needs a comparison such as equals, oneOf or includes");
    }
    if (!operator.appliesTo(spec.kind())) {
      throw operand.problem("'" + operator.key() + "' does not apply to " + field + ", which holds "
          + spec.kind().name().toLowerCase().replace('_', ' '));
    }
    List<String> values = new ArrayList<>();
    if (operator.arity() == 1) {
      values.add(text(operand, operator.key()));
    } else {
      for (YamlNode item : listOrSingle(operand)) {
        values.add(text(item, operator.key()));
      }
      if (values.isEmpty()) {
        throw operand.problem("'" + operator.key() + "' needs at least one value");
      }
    }
    values = checkOperands(spec, operator, values, operand);
    return new Condition(type, field, operator, values, m.line());
  }

  private static List<String> checkOperands(FieldSpec spec, Operator operator, List<String> values, YamlNode at) {
    if (operator == Operator.PRESENT) {
      if (!values.get(0).equals("true") && !values.get(0).equals("false")) {
        throw at.problem("'present' must be true or false");
      }
      return values;
    }
    if (operator == Operator.ANY_MATCHES) {
      try {
        com.google.re2j.Pattern.compile(values.get(0));
      } catch (com.google.re2j.PatternSyntaxException e) {
        throw at.problem("not a valid regular expression: " + e.getDescription());
      }
      return values;
    }
    if (spec.kind() == FieldKind.SCOPE_LIST) {
      List<String> names = new ArrayList<>();
      for (String value : values) {
        OauthScope scope = EcaSchema.scope(value).orElseThrow(() -> at.problem("unknown OAuth scope '" + value + "'"));
        names.add(scope.metadataName());
      }
      return names;
    }
    if (operator == Operator.AT_LEAST || operator == Operator.AT_MOST) {
      if (!FieldSpec.isWholeNumber(values.get(0))) {
        throw at.problem("'" + operator.key() + "' needs a whole number, not '" + values.get(0) + "'");
      }
      return values;
    }
    for (String value : values) {
      if (!spec.accepts(value)) {
        throw at.problem("'" + value + "' is not a value of " + spec.type().apiName() + "." + spec.name()
            + " (" + spec.describeAllowed() + ")");
      }
    }
    return values;
  }

  private static EcaType type(YamlNode.Mapping m, boolean required, EcaType fallback) {
    YamlNode node = m.entries().get("type");
    if (node == null) {
      if (required) {
        throw m.problem("missing 'type' (one of " + typeNames() + ")");
      }
      return fallback;
    }
    String name = text(node, "type");
    return EcaType.byApiName(name)
        .orElseThrow(() -> node.problem("unknown metadata type '" + name + "': use one of " + typeNames()));
  }

  private static String typeNames() {
    return Arrays.stream(EcaType.values()).map(EcaType::apiName).collect(Collectors.joining(", "));
  }

  private static YamlNode.Mapping mapping(YamlNode node, String what) {
    if (node instanceof YamlNode.Mapping m) {
      return m;
    }
    throw node.problem(what + " must be a mapping of keys to values, not " + node.describe());
  }

  private static List<YamlNode> list(YamlNode.Mapping m, String key) {
    YamlNode node = m.entries().get(key);
    if (node == null) {
      return List.of();
    }
    if (node instanceof YamlNode.Sequence s) {
      return s.items();
    }
    throw node.problem("'" + key + "' must be a list");
  }

  private static List<YamlNode> listOrSingle(YamlNode node) {
    return node instanceof YamlNode.Sequence s ? s.items() : List.of(node);
  }

  private static void allowOnly(YamlNode.Mapping m, Set<String> keys, String what) {
    for (String key : m.entries().keySet()) {
      if (!keys.contains(key)) {
        throw BadInputException.at(m.source(), m.keyLines().get(key),
            "unknown key '" + key + "' in " + what + " (known: " + keys.stream().sorted().collect(Collectors.joining(", "))
                + ")");
      }
    }
  }

  private static String requiredText(YamlNode.Mapping m, String key) {
    YamlNode node = m.entries().get(key);
    if (node == null) {
      throw m.problem("missing '" + key + "'");
    }
    String value = text(node, key);
    if (value.isBlank()) {
      throw node.problem("'" + key + "' is empty");
    }
    return value;
  }

  private static String optionalText(YamlNode.Mapping m, String key, String fallback) {
    YamlNode node = m.entries().get(key);
    return node == null ? fallback : text(node, key);
  }

  private static String text(YamlNode node, String key) {
    if (node instanceof YamlNode.Scalar s && s.text() != null) {
      return s.text().strip();
    }
    throw node.problem("'" + key + "' must be a single value, not " + node.describe());
  }
}
