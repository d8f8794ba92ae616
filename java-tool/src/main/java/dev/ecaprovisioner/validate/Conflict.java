package dev.ecaprovisioner.validate;

import java.util.List;

/**
 * A client need that contradicts a security-baseline control, carried by the one finding that reports both.
 *
 * @param baselineRule the id of the baseline rule the client rule overrides
 * @param acceptedRisk the risk the admin accepts by following the client
 * @param controlsPresent labels of the compensating controls the app has
 * @param controlsAbsent labels of those it lacks
 */
public record Conflict(
    String baselineRule, String acceptedRisk, List<String> controlsPresent, List<String> controlsAbsent) {
  public Conflict {
    controlsPresent = List.copyOf(controlsPresent);
    controlsAbsent = List.copyOf(controlsAbsent);
  }
}
