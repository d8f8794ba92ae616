package dev.ecaprovisioner.provision;

import dev.ecaprovisioner.ExitCode;
import dev.ecaprovisioner.org.MetadataApi.DeployStatus;
import java.nio.file.Path;
import java.util.List;

/**
 * What happened after a plan was shown: nothing (a plan only), a validation deploy, or a deploy, its backup and the
 * read-back that checks it.
 *
 * @param mode what was done
 * @param backup the backup folder written before the deploy, or null
 * @param deploy Salesforce's last word on the deploy, or null when none was sent
 * @param verification the read-back after a deploy that succeeded, or null
 * @param notes further lines for the admin (where to find the consumer key of a new app, ...)
 */
public record ProvisionOutcome(Mode mode, Path backup, DeployStatus deploy, Verification verification,
    List<String> notes) {
  public ProvisionOutcome {
    notes = List.copyOf(notes);
  }

  /** What was done with the plan. */
  public enum Mode {
    /** The plan was shown; nothing was sent. */
    PLAN,
    /** The plan had nothing to change. */
    NOTHING_TO_DO,
    /** The plan was sent as a validation ({@code checkOnly}): Salesforce judged it, nothing was committed. */
    CHECK_ONLY,
    /** The plan was deployed (or its deploy failed, leaving the org as it was). */
    APPLIED,
    /** The plan was written to local source files. */
    WRITTEN
  }

  public static ProvisionOutcome planOnly(ProvisionPlan plan) {
    return new ProvisionOutcome(plan.isEmpty() ? Mode.NOTHING_TO_DO : Mode.PLAN, null, null, null, List.of());
  }

  /** Whether a deploy was sent and Salesforce refused it. */
  public boolean deployFailed() {
    return deploy != null && !deploy.success();
  }

  /**
   * 0 when all went as planned; 1 when Salesforce refused the deploy, or the read-back still shows a finding the plan
   * promised to clear or an error finding.
   */
  public int exitCode() {
    if (deployFailed()) {
      return ExitCode.FINDINGS;
    }
    if (verification != null && !verification.passed()) {
      return ExitCode.FINDINGS;
    }
    return ExitCode.OK;
  }

  /**
   * The read-back after a deploy.
   *
   * @param stillFound findings the plan promised to clear that the org still shows, as {@code rule (severity)}
   * @param errors error findings on the app as read back
   * @param warnings warning findings on the app as read back
   * @param consumerKeyChanged whether the org's consumer key differs from the one before the deploy (its value is
   *     never shown)
   * @param restore a rollback's check: {@code stillFound} lists fields that differ from the backup, and error
   *     findings do not fail it, since it puts back what was
   */
  public record Verification(List<String> stillFound, long errors, long warnings, boolean consumerKeyChanged,
      boolean restore) {
    public Verification {
      stillFound = List.copyOf(stillFound);
    }

    /** A new consumer key fails the check too: every client holding the old one can no longer sign in. */
    public boolean passed() {
      return stillFound.isEmpty() && (restore || errors == 0) && !consumerKeyChanged;
    }
  }
}
