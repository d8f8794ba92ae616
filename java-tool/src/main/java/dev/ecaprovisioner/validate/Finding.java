package dev.ecaprovisioner.validate;

import dev.ecaprovisioner.Severity;
import java.util.Comparator;

/**
 * One thing a rule found about an app.
 *
 * @param rule the stable rule id, e.g. {@code copilot-studio/refresh-without-secret}
 * @param type the metadata type, e.g. {@code ExtlClntAppGlobalOauthSettings} (null for app-level findings)
 * @param field the Salesforce field name, e.g. {@code isSecretRequiredForRefreshToken} (null for app-level findings)
 * @param expected what the rule expects, for people
 * @param actual what the app has, for people ({@code true (default)} when the element is absent)
 * @param message what goes wrong, in an admin's words
 * @param fix how to fix it, or null when there is nothing to change in the app
 * @param location where it points
 * @param conflict set when the finding also stands for a security-baseline rule the client contradicts
 */
public record Finding(
    String rule, Severity severity, String type, String field, String expected, String actual, String message,
    Fix fix, Location location, Conflict conflict) {
  /** Errors first, then by rule id, type, field, origin and line: the same input always gives the same order. */
  public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::severity)
      .thenComparing(Finding::rule)
      .thenComparing(f -> f.type() == null ? "" : f.type())
      .thenComparing(f -> f.field() == null ? "" : f.field())
      .thenComparing(f -> f.location() == null || f.location().origin() == null ? "" : f.location().origin())
      .thenComparingInt(f -> f.location() == null ? 0 : f.location().line());

  /** The setting it is about: {@code Type.field}, {@code Type} for a type-level finding, null for an app-level one. */
  public String setting() {
    if (type == null) {
      return null;
    }
    return field == null ? type : type + "." + field;
  }

  /** The fix's metadata value as set on the field ({@code field = value}), or the value alone without a field. */
  public String metadataFix() {
    return (field == null ? "" : field + " = ") + fix.metadataValue();
  }
}
