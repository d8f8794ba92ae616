package dev.ecaprovisioner.report;

import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.ValidationReport;
import java.util.List;

/** Counts across reports (or of one app), and the one sentence that says them. */
record Summary(long apps, long errors, long warnings, long infos) {
  static Summary of(List<ValidationReport> reports) {
    return new Summary(
        reports.stream().mapToLong(r -> r.apps().size()).sum(),
        reports.stream().mapToLong(r -> r.count(Severity.ERROR)).sum(),
        reports.stream().mapToLong(r -> r.count(Severity.WARNING)).sum(),
        reports.stream().mapToLong(r -> r.count(Severity.INFO)).sum());
  }

  static Summary of(ValidationReport report) {
    return of(List.of(report));
  }

  static Summary of(AppResult app) {
    return new Summary(1, app.count(Severity.ERROR), app.count(Severity.WARNING), app.count(Severity.INFO));
  }

  String sentence() {
    return plural(apps, "app") + ": " + counts();
  }

  /** The findings by severity, without the apps: {@code 1 error, 2 warnings, 0 info}. */
  String counts() {
    return plural(errors, "error") + ", " + plural(warnings, "warning") + ", " + infos + " info";
  }

  static String plural(long n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
