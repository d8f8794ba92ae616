package dev.ecaprovisioner.report;

import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.Finding;
import dev.ecaprovisioner.validate.TargetFacts;
import dev.ecaprovisioner.validate.ValidationReport;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What changed since the baseline, counted across reports, and the sentence a report leads with. */
record ChangeSummary(long newErrors, long newWarnings, long newInfos, long fixed, List<String> appeared,
    List<String> disappeared, Instant since) {
  static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  /** The changes of the reports compared with a baseline, or empty when none was. */
  static Optional<ChangeSummary> of(List<ValidationReport> reports) {
    long[] added = new long[Severity.values().length];
    long fixed = 0;
    List<String> appeared = new ArrayList<>();
    List<String> disappeared = new ArrayList<>();
    Instant since = null;
    boolean qualify = reports.size() > 1;
    for (ValidationReport report : reports) {
      TargetFacts.Changes changes = changes(report);
      if (changes == null) {
        continue;
      }
      since = since == null || changes.since().isBefore(since) ? changes.since() : since;
      for (AppResult app : report.apps()) {
        for (Finding f : app.findings()) {
          if (changes.isNew(app.name(), f)) {
            added[f.severity().ordinal()]++;
          }
        }
      }
      fixed += changes.fixed().values().stream().mapToLong(List::size).sum();
      changes.appeared().forEach(a -> appeared.add(qualify ? report.target() + "/" + a : a));
      changes.disappeared().forEach(a -> disappeared.add(qualify ? report.target() + "/" + a : a));
    }
    if (since == null) {
      return Optional.empty();
    }
    return Optional.of(new ChangeSummary(added[Severity.ERROR.ordinal()], added[Severity.WARNING.ordinal()],
        added[Severity.INFO.ordinal()], fixed, appeared, disappeared, since));
  }

  static TargetFacts.Changes changes(ValidationReport report) {
    return report.facts() == null ? null : report.facts().changes();
  }

  /** {@code 3 new errors, 5 fixed since 2026-11-01; 1 app appeared, 2 disappeared}. */
  String sentence() {
    StringBuilder out = new StringBuilder(Summary.plural(newErrors, "new error"));
    if (newWarnings > 0) {
      out.append(", ").append(Summary.plural(newWarnings, "new warning"));
    }
    if (newInfos > 0) {
      out.append(", ").append(newInfos).append(" new info");
    }
    out.append(", ").append(fixed).append(" fixed since ").append(DAY.format(since));
    if (!appeared.isEmpty() || !disappeared.isEmpty()) {
      out.append("; ").append(Summary.plural(appeared.size(), "app")).append(" appeared, ")
          .append(disappeared.size()).append(" disappeared");
    }
    return out.toString();
  }
}
