package dev.ecaprovisioner.doctor;

import dev.ecaprovisioner.ExitCode;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What {@code doctor} found: the steps in order and the verdict.
 *
 * @param target the org's alias, or the endpoint's host when only the MCP steps ran
 * @param app the app's API name, or null without an org
 * @param client the client profile's name
 * @param steps the five steps, in order
 */
public record DoctorReport(String target, String app, String client, List<StepResult> steps) {
  public DoctorReport {
    steps = List.copyOf(steps);
  }

  /** 0 when every step that ran passed, else 1. */
  public int exitCode() {
    return steps.stream().anyMatch(s -> s.status() == StepResult.Status.FAIL) ? ExitCode.FINDINGS : ExitCode.OK;
  }

  /** The one most likely cause: the best-ranked cause a step named, or null when none did. */
  public Cause verdict() {
    return steps.stream().map(StepResult::cause).filter(Objects::nonNull)
        .min(Comparator.comparingInt(Cause::rank)).orElse(null);
  }
}
