package dev.ecaprovisioner.profile;

import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.eca.EcaType;
import java.util.List;

/**
 * One requirement of a profile: a check of one field, with the words a finding uses when it fails.
 *
 * @param id stable id, {@code <profile>/<name>}
 * @param check the condition the app must meet
 * @param when conditions that must all hold for the rule to apply at all (empty: always)
 * @param message what goes wrong, in an admin's words
 * @param reason why the profile asks for this (kept in the profile, shown with {@code --verbose} formats)
 * @param expected how to show the expected value; null to derive it from the check
 * @param fixSetupLabel the Setup UI label of the fix; null to take the field's label
 * @param fixMetadataValue the metadata value of the fix; null to derive it from the check
 * @param overrides a baseline rule this client rule contradicts, or null
 * @param compensatingControls ids of controls that lower the risk of breaking this (baseline) rule
 * @param sourceOnly the rule only makes sense for a source file (e.g. no secret committed), not for an org read
 * @param profile the profile that defines it
 * @param line the line of the profile it starts on
 */
public record Rule(
    String id, Severity severity, Condition check, List<Condition> when, String message, String reason,
    String expected, String fixSetupLabel, String fixMetadataValue, Overrides overrides,
    List<String> compensatingControls, boolean sourceOnly, String profile, int line) {
  public Rule {
    when = List.copyOf(when);
    compensatingControls = List.copyOf(compensatingControls);
  }

  public EcaType type() {
    return check.type();
  }

  public String field() {
    return check.field();
  }

  /**
   * A client's need that contradicts a baseline rule: while both are active the report shows one finding that names
   * the conflict, the risk accepted and the compensating controls.
   */
  public record Overrides(String rule, String acceptedRisk) {}
}
