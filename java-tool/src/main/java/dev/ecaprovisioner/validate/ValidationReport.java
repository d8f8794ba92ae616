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
 * @param unreadable the target could not be read at all (an org that answered nothing usable): its exit code is
 *     {@link ExitCode#ORG_FAILURE}, whatever the apps say
 * @param facts what an audit knows beyond the findings (the org, usage, changes since a baseline), or null
 */
public record ValidationReport(String target, List<String> profiles, List<AppResult> apps, boolean unreadable,
    TargetFacts facts) {
  public ValidationReport {
    profiles = List.copyOf(profiles);
    apps = apps.stream().sorted(Comparator.comparing(AppResult::name)).toList();
  }

  /** A target with nothing known beyond its findings. */
  public ValidationReport(String target, List<String> profiles, List<AppResult> apps, boolean unreadable) {
    this(target, profiles, apps, unreadable, null);
  }

  /** A target that was read. */
  public ValidationReport(String target, List<String> profiles, List<AppResult> apps) {
    this(target, profiles, apps, false);
  }

  /** The same report with these apps and facts (an audit adding usage findings, or a comparison with a baseline). */
  public ValidationReport with(List<AppResult> replaced, TargetFacts known) {
    return new ValidationReport(target, profiles, replaced, unreadable, known);
  }

  public long count(Severity severity) {
    return apps.stream().mapToLong(a -> a.count(severity)).sum();
  }

  public boolean hasErrors() {
    return count(Severity.ERROR) > 0;
  }

  /**
   * {@link ExitCode#ORG_FAILURE} when the target could not be read, else {@link ExitCode#FINDINGS} when any finding
   * is an error, else {@link ExitCode#OK}.
   */
  public int exitCode() {
    return exitCode(List.of(this));
  }

  /**
   * The exit code for several reports (an audit of several orgs): {@link ExitCode#ORG_FAILURE} if any could not be
   * read, else {@link ExitCode#FINDINGS} if any has an error finding, else {@link ExitCode#OK}. Reports print it as
   * their status, so a report and the process always agree.
   */
  public static int exitCode(List<ValidationReport> reports) {
    return exitCode(reports, FailOn.ERROR);
  }

  /** The exit code with a threshold other than errors: {@code --fail-on warning} or {@code new-error}. */
  public static int exitCode(List<ValidationReport> reports, FailOn failOn) {
    if (reports.stream().anyMatch(ValidationReport::unreadable)) {
      return ExitCode.ORG_FAILURE;
    }
    for (ValidationReport report : reports) {
      for (AppResult app : report.apps()) {
        for (Finding finding : app.findings()) {
          if (failOn.fails(report, app.name(), finding)) {
            return ExitCode.FINDINGS;
          }
        }
      }
    }
    return ExitCode.OK;
  }
}
