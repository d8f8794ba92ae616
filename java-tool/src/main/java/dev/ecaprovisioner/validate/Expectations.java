package dev.ecaprovisioner.validate;

import dev.ecaprovisioner.profile.Condition;
import dev.ecaprovisioner.profile.Rule;
import dev.ecaprovisioner.schema.EcaSchema;
import dev.ecaprovisioner.schema.FieldSpec;
import dev.ecaprovisioner.schema.OauthScope;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** What a condition means: whether a value meets it, and how to say what it expects and how to fix a value. */
final class Expectations {
  private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");
  /**
   * Profile patterns, compiled by RE2/J: a profile is input, and RE2/J matches in time linear in the text, so that no
   * pattern such as {@code (.*a){25}} can make a long callback URL take forever, as backtracking would.
   */
  private static final Map<String, com.google.re2j.Pattern> PATTERNS = new ConcurrentHashMap<>();

  private Expectations() {}

  /**
   * @param value the field's text (or its default when absent), null when it has none
   * @param present whether the element is set in the component
   */
  static boolean holds(Condition condition, String value, boolean present) {
    return switch (condition.operator()) {
      case EQUALS -> value != null && value.equals(condition.value());
      case NOT_EQUALS -> value == null || !value.equals(condition.value());
      case ONE_OF -> value != null && condition.values().contains(value);
      case NOT_ONE_OF -> value == null || !condition.values().contains(value);
      case INCLUDES -> scopes(value).containsAll(condition.values());
      case EXCLUDES -> condition.values().stream().noneMatch(scopes(value)::contains);
      case AT_LEAST -> FieldSpec.isWholeNumber(value) && Long.parseLong(value) >= Long.parseLong(condition.value());
      case AT_MOST -> FieldSpec.isWholeNumber(value) && Long.parseLong(value) <= Long.parseLong(condition.value());
      case PRESENT -> present == Boolean.parseBoolean(condition.value());
      case ANY_MATCHES -> value != null && SEPARATORS.splitAsStream(value.strip())
          .anyMatch(v -> PATTERNS.computeIfAbsent(condition.value(), com.google.re2j.Pattern::compile).matches(v));
    };
  }

  /** What the rule expects, for people: the profile's own words if it has them. */
  static String describe(Rule rule) {
    if (rule.expected() != null) {
      return rule.expected();
    }
    Condition c = rule.check();
    return switch (c.operator()) {
      case EQUALS -> c.value();
      case NOT_EQUALS -> "not " + c.value();
      case ONE_OF -> c.values().size() == 1 ? c.value() : "one of " + String.join(", ", c.values());
      case NOT_ONE_OF -> "not " + String.join(", not ", c.values());
      case INCLUDES -> "includes " + displayScopes(c.values());
      case EXCLUDES -> "excludes " + displayScopes(c.values());
      case AT_LEAST -> "at least " + c.value();
      case AT_MOST -> "at most " + c.value();
      case PRESENT -> Boolean.parseBoolean(c.value()) ? "set" : "not set";
      case ANY_MATCHES -> "a value matching " + c.value();
    };
  }

  /** The metadata value that meets the condition, from the current one where that matters (scope lists). */
  static String metadataValue(Condition c, String current) {
    return switch (c.operator()) {
      case EQUALS, AT_LEAST, AT_MOST -> c.value();
      case ONE_OF -> c.value();
      case NOT_EQUALS, NOT_ONE_OF -> "a value other than " + String.join(", ", c.values());
      case INCLUDES -> {
        Set<String> scopes = new LinkedHashSet<>(scopes(current));
        scopes.addAll(c.values());
        yield String.join(", ", scopes);
      }
      case EXCLUDES -> {
        List<String> scopes = new ArrayList<>(scopes(current));
        scopes.removeAll(c.values());
        yield String.join(", ", scopes);
      }
      case PRESENT -> Boolean.parseBoolean(c.value()) ? "(set a value)" : "(remove the element)";
      case ANY_MATCHES -> "a value matching " + c.value();
    };
  }

  /** The metadata names of the scopes in a {@code commaSeparatedOauthScopes} value, unknown ones as written. */
  static List<String> scopes(String value) {
    return EcaSchema.splitScopes(value).stream()
        .map(s -> EcaSchema.scope(s).map(OauthScope::metadataName).orElse(s))
        .toList();
  }

  private static String displayScopes(List<String> names) {
    return String.join(", ", names.stream().map(EcaSchema::displayScope).toList());
  }
}
