package dev.ecaprovisioner.validate;

import dev.ecaprovisioner.Severity;
import java.util.List;

/**
 * What validation found for one External Client App.
 *
 * @param name the app's API name
 * @param findings sorted by {@link Finding#ORDER}
 * @param passedRules ids of the rules the app met, sorted (for reports that list passes, such as JUnit)
 */
public record AppResult(String name, List<Finding> findings, List<String> passedRules) {
  public AppResult {
    findings = findings.stream().sorted(Finding.ORDER).toList();
    passedRules = passedRules.stream().sorted().toList();
  }

  /**
   * An app that could not be read at all (for example from an org): one error finding with rule
   * {@link Validator#RULE_READ_FAILED}, so reports show it beside the apps that were checked.
   */
  public static AppResult readFailure(String name, String origin, String problem) {
    return new AppResult(name, List.of(new Finding(Validator.RULE_READ_FAILED, Severity.ERROR, null, null, null, null,
        problem, null, new Location(origin, 0), null)), List.of());
  }

  public long count(Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).count();
  }
}
