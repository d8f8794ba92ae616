package dev.ecaprovisioner.report;

import dev.ecaprovisioner.validate.FailOn;
import java.time.Instant;

/**
 * @param colour whether text output may use ANSI colours (only when writing to a terminal)
 * @param toolVersion the version named in SARIF and JUnit output, and in the JSON report a later audit compares with
 * @param generatedAt when the check ran, as the html and JSON reports say
 * @param failOn the threshold the JSON report's status follows, as the exit code does
 */
public record RenderOptions(boolean colour, String toolVersion, Instant generatedAt, FailOn failOn) {
  /** Options for a report made now, failing on errors. */
  public RenderOptions(boolean colour, String toolVersion) {
    this(colour, toolVersion, Instant.now(), FailOn.ERROR);
  }
}
