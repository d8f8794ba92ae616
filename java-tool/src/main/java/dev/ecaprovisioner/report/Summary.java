package dev.ecaprovisioner.report;

import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.validate.ValidationReport;
import java.util.List;

/** Counts across reports, and the one sentence that says them. */
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

  String sentence() {
    return plural(apps, "app") + ": " + plural(errors, "error") + ", " + plural(warnings, "warning") + ", "
        + infos + " info";
  }

  static String plural(long n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
