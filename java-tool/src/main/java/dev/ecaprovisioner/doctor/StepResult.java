package dev.ecaprovisioner.doctor;

import java.time.Duration;
import java.util.List;

/**
 * What one step of {@code doctor} found.
 *
 * @param title the step's name, e.g. {@code Settings}
 * @param status pass, fail, or skipped
 * @param summary one sentence: what it saw, or why it was skipped
 * @param details the evidence, one line each (never a token or secret)
 * @param todo what to do next, or "" when nothing
 * @param elapsed how long it took
 * @param cause what it points to as the reason the connection drops, or null
 */
public record StepResult(String title, Status status, String summary, List<String> details, String todo,
    Duration elapsed, Cause cause) {
  public StepResult {
    details = List.copyOf(details);
  }

  /** How a step ended. */
  public enum Status {
    PASS, FAIL, SKIPPED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static StepResult skipped(String title, String why) {
    return new StepResult(title, Status.SKIPPED, why, List.of(), "", Duration.ZERO, null);
  }

  public StepResult took(Duration time) {
    return new StepResult(title, status, summary, details, todo, time, cause);
  }
}
