package dev.ecaprovisioner.schema;

import dev.ecaprovisioner.eca.EcaType;
import java.util.List;
import java.util.Optional;

/**
 * One known field of an ECA metadata type.
 *
 * @param type the metadata type it belongs to
 * @param name the Salesforce field (and XML element) name
 * @param kind what it holds
 * @param allowedValues for {@link FieldKind#ENUM} and restricted {@link FieldKind#INTEGER} fields, the values the
 *     Metadata API accepts; empty otherwise
 * @param defaultValue the value Salesforce assumes when the element is absent, or null when none is documented
 * @param sinceApiVersion the first API version that has the field
 * @param setupLabel how the Setup UI names the setting, or null when it has no label of its own
 */
public record FieldSpec(
    EcaType type, String name, FieldKind kind, List<String> allowedValues, String defaultValue,
    String sinceApiVersion, String setupLabel) {
  public FieldSpec {
    allowedValues = List.copyOf(allowedValues);
  }

  public Optional<String> defaultValueIfAbsent() {
    return Optional.ofNullable(defaultValue);
  }

  /** Whether an org or a package at that API version ({@code "62.0"}) has this field. */
  public boolean availableIn(String apiVersion) {
    return Double.parseDouble(apiVersion) >= Double.parseDouble(sinceApiVersion);
  }

  /** Whether {@code value} is acceptable text for this field; always true for strings and complex fields. */
  public boolean accepts(String value) {
    return switch (kind) {
      case BOOLEAN -> value.equals("true") || value.equals("false");
      case ENUM -> allowedValues.contains(value);
      case INTEGER -> isWholeNumber(value) && (allowedValues.isEmpty() || allowedValues.contains(value));
      case STRING, SCOPE_LIST, COMPLEX -> true;
    };
  }

  /** The values this field may take, in words for a message. */
  public String describeAllowed() {
    return switch (kind) {
      case BOOLEAN -> "true or false";
      case ENUM -> String.join(", ", allowedValues);
      case INTEGER -> allowedValues.isEmpty() ? "a whole number" : "one of " + String.join(", ", allowedValues);
      case STRING, SCOPE_LIST, COMPLEX -> "any text";
    };
  }

  /**
   * Whether {@code value} is a whole number of one to nine digits, so that it always fits an {@code int}: the one test
   * of a number that files, profiles and rule checks share.
   */
  public static boolean isWholeNumber(String value) {
    if (value == null || value.isEmpty() || value.length() > 9) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
