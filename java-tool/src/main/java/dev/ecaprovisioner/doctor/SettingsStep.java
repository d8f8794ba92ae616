package dev.ecaprovisioner.doctor;

import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.Finding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Step 1: the app's findings for the client, from the same profiles as {@code validate}, ordered by how likely each
 * breaks sign-in or refresh.
 */
public final class SettingsStep {
  public static final String TITLE = "Settings";
  /**
   * Fields in the order they break sign-in or refresh, most likely first: a refused refresh ends every connection at
   * the first expiry, a wrong callback stops sign-in, rotation and lifetimes end it later, the rest bite some users.
   */
  static final List<String> LIKELIHOOD = List.of("isSecretRequiredForRefreshToken", "callbackUrl",
      "commaSeparatedOauthScopes", "refreshTokenPolicyType", "isRefreshTokenRotationEnabled", "isNamedUserJwtEnabled",
      "namedUserJwtTimeout", "isPkceRequired", "ipRelaxationPolicyType", "permittedUsersPolicyType");

  private SettingsStep() {}

  /** The findings of one app; {@code fixCommand} is the {@code provision} line that applies the profile's fixes. */
  public static StepResult run(AppResult app, String fixCommand, Duration elapsed) {
    List<Finding> findings = new ArrayList<>(app.findings().stream()
        .filter(f -> f.severity() != Severity.INFO).toList());
    findings.sort(Comparator.comparing(Finding::severity).thenComparingInt(SettingsStep::likelihood)
        .thenComparing(Finding.ORDER));
    List<String> details = new ArrayList<>();
    for (Finding finding : findings) {
      details.add(finding.severity().label() + ": " + (finding.setting() == null ? "" : finding.setting() + ": ")
          + finding.message() + (finding.fix() == null ? "" : " Fix: " + finding.fix().setupLabel() + " ("
          + finding.metadataFix() + ")."));
    }
    List<Finding> errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).toList();
    if (errors.isEmpty()) {
      return new StepResult(TITLE, StepResult.Status.PASS, findings.isEmpty()
          ? "No finding: the settings fit the client."
          : "No error; " + findings.size() + (findings.size() == 1 ? " warning." : " warnings."), details, "",
          elapsed, null);
    }
    Finding first = errors.get(0);
    return new StepResult(TITLE, StepResult.Status.FAIL, errors.size() + (errors.size() == 1 ? " setting breaks"
        : " settings break") + " sign-in or refresh; the likeliest: " + first.setting() + ".", details,
        "Run: " + fixCommand, elapsed,
        new Cause(Cause.SETTING, "The setting " + first.setting() + ": " + first.message(), fixCommand, null));
  }

  private static int likelihood(Finding finding) {
    int index = finding.field() == null ? -1 : LIKELIHOOD.indexOf(finding.field());
    return index < 0 ? LIKELIHOOD.size() : index;
  }
}
