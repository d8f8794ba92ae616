package dev.ecaprovisioner.validate;

import dev.ecaprovisioner.ExitCode;
import dev.ecaprovisioner.Severity;
import java.util.Comparator;
import java.util.List;

/**
 * The result of validating the apps of one target (a source tree, or one org) against a set of profiles.
 *
 * @param target what was validated: {@code source} or {@code org:<alias>}
 * @param profiles names of the profiles used, each after those it extends
 * @param apps per app, sorted by name
 */
public record ValidationReport(String target, List<String> profiles, List<AppResult> apps) {
  public ValidationReport {
    profiles = List.copyOf(profiles);
    apps = apps.stream().sorted(Comparator.comparing(AppResult::name)).toList();
  }

  public long count(Severity severity) {
    return apps.stream().mapToLong(a -> a.count(severity)).sum();
  }

  public boolean hasErrors() {
    return count(Severity.ERROR) > 0;
  }

  /** {@link ExitCode#FINDINGS} when any finding is an error, {@link ExitCode#OK} otherwise. */
  public int exitCode() {
    return hasErrors() ? ExitCode.FINDINGS : ExitCode.OK;
  }

  /** The exit code for several reports (an audit of several orgs): the worst of them. */
  public static int exitCode(List<ValidationReport> reports) {
    return reports.stream().anyMatch(ValidationReport::hasErrors) ? ExitCode.FINDINGS : ExitCode.OK;
  }
}
