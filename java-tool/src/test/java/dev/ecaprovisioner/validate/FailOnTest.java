package dev.ecaprovisioner.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.ExitCode;
import dev.ecaprovisioner.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FailOnTest {
  static Finding finding(String rule, Severity severity) {
    return new Finding(rule, severity, "ExtlClntAppGlobalOauthSettings", "isPkceRequired", "true", "false", "m",
        null, null, null);
  }

  static ValidationReport report(List<Finding> findings, List<Finding> added) {
    TargetFacts.Changes changes = new TargetFacts.Changes(Instant.parse("2026-11-01T00:00:00Z"),
        added.isEmpty() ? Map.of() : Map.of("App", added), Map.of(), List.of(), List.of());
    return new ValidationReport("org:prod", List.of(), List.of(new AppResult("App", findings, List.of())), false,
        new TargetFacts("00D", "https://x", null, changes));
  }

  @Test
  void error_fails_on_errors_only_and_warning_on_warnings_too() {
    ValidationReport warnings = report(List.of(finding("a/warn", Severity.WARNING), finding("a/note", Severity.INFO)),
        List.of());
    assertThat(ValidationReport.exitCode(List.of(warnings), FailOn.ERROR)).isEqualTo(ExitCode.OK);
    assertThat(ValidationReport.exitCode(List.of(warnings), FailOn.WARNING)).isEqualTo(ExitCode.FINDINGS);
    ValidationReport notes = report(List.of(finding("a/note", Severity.INFO)), List.of());
    assertThat(ValidationReport.exitCode(List.of(notes), FailOn.WARNING)).isEqualTo(ExitCode.OK);
  }

  @Test
  void new_error_fails_only_on_an_error_the_baseline_did_not_have() {
    Finding old = finding("a/old", Severity.ERROR);
    Finding fresh = finding("a/fresh", Severity.ERROR);
    Finding freshWarning = finding("a/fresh-warning", Severity.WARNING);
    assertThat(ValidationReport.exitCode(List.of(report(List.of(old, freshWarning), List.of(freshWarning))),
        FailOn.NEW_ERROR)).isEqualTo(ExitCode.OK);
    assertThat(ValidationReport.exitCode(List.of(report(List.of(old, fresh), List.of(fresh))), FailOn.NEW_ERROR))
        .isEqualTo(ExitCode.FINDINGS);
  }

  @Test
  void an_app_that_could_not_be_read_fails_at_every_level_even_when_the_baseline_had_it() {
    Finding unread = finding(Validator.RULE_READ_FAILED, Severity.ERROR);
    for (FailOn level : FailOn.values()) {
      assertThat(ValidationReport.exitCode(List.of(report(List.of(unread), List.of())), level)).as(level.label())
          .isEqualTo(ExitCode.FINDINGS);
    }
  }

  @Test
  void an_org_that_could_not_be_read_is_an_org_failure_at_every_level() {
    ValidationReport unreadable = new ValidationReport("org:prod", List.of(), List.of(), true);
    for (FailOn level : FailOn.values()) {
      assertThat(ValidationReport.exitCode(List.of(unreadable), level)).isEqualTo(ExitCode.ORG_FAILURE);
    }
  }

  @Test
  void levels_read_as_typed_on_the_command_line() {
    assertThat(FailOn.byLabel("new-error")).contains(FailOn.NEW_ERROR);
    assertThat(FailOn.byLabel("WARNING")).contains(FailOn.WARNING);
    assertThat(FailOn.byLabel("new_error")).isEmpty();
  }
}
