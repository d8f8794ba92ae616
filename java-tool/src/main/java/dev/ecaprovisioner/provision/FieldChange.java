package dev.ecaprovisioner.provision;

import dev.ecaprovisioner.eca.EcaType;

/**
 * One field a plan changes.
 *
 * @param type the metadata type
 * @param field the Salesforce field (top-level element) name
 * @param before what the app has now, for people: the value, {@code X (default)} when the element is absent, {@code
 *     (not set)}, and never a secret's value
 * @param after the value to write, or null to remove the element
 * @param reason the rule it satisfies ({@code copilot-studio/refresh-without-secret}), or the option that asked for it
 *     ({@code --callback-url}), or where a rollback takes it from
 * @param acceptedRisk where a client's need overrides the security baseline: the risk accepted by changing it; null
 *     otherwise
 */
public record FieldChange(EcaType type, String field, String before, String after, String reason,
    String acceptedRisk) {

  /** {@code after} for people: the value, or {@code (removed)}. */
  public String afterShown() {
    return after == null ? "(removed)" : after;
  }
}
