package dev.ecaprovisioner.provision;

import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.validate.Finding;

/**
 * A finding as a plan promises to clear it: the rule, its severity and the setting. A client rule that is an error
 * while the app follows the baseline becomes a warning naming the accepted risk once the app follows the client: the
 * error is cleared, the warning stays, so the severity is part of the key.
 */
public record FindingKey(String rule, Severity severity, String setting) {
  public static FindingKey of(Finding finding) {
    return new FindingKey(finding.rule(), finding.severity(), finding.setting());
  }
}
