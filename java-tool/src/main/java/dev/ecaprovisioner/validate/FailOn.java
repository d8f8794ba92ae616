package dev.ecaprovisioner.validate;

import dev.ecaprovisioner.Severity;
import java.util.Locale;
import java.util.Optional;

/**
 * Which findings make a command exit with {@link dev.ecaprovisioner.ExitCode#FINDINGS}, as a linter's severity
 * threshold does. An app that could not be read fails at every threshold: it was not checked, so it must never pass.
 */
public enum FailOn {
  /** Any error finding (the default). */
  ERROR,
  /** Any error or warning finding. */
  WARNING,
  /** Only error findings an earlier audit (the baseline) did not have: what got worse. */
  NEW_ERROR;

  /** The word used on the command line: {@code error}, {@code warning}, {@code new-error}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<FailOn> byLabel(String label) {
    for (FailOn threshold : values()) {
      if (threshold.label().equalsIgnoreCase(label)) {
        return Optional.of(threshold);
      }
    }
    return Optional.empty();
  }

  /** Whether this finding of this app, in this report, reaches the threshold. */
  public boolean fails(ValidationReport report, String app, Finding finding) {
    if (Validator.RULE_READ_FAILED.equals(finding.rule())) {
      return true;
    }
    return switch (this) {
      case ERROR -> finding.severity() == Severity.ERROR;
      case WARNING -> finding.severity() != Severity.INFO;
      case NEW_ERROR -> finding.severity() == Severity.ERROR && report.facts() != null
          && report.facts().changes() != null && report.facts().changes().isNew(app, finding);
    };
  }
}
