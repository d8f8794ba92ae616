package dev.ecaprovisioner;

/**
 * The process exit codes of every command, in one place. The README documents the same table.
 */
public final class ExitCode {
  /** The command ran and found no error finding. */
  public static final int OK = 0;
  /** The command ran and at least one finding is an error. */
  public static final int FINDINGS = 1;
  /** Bad usage or bad input (a file, a profile, an option): nothing was changed. */
  public static final int BAD_INPUT = 2;
  /** The org or the connection to it failed. */
  public static final int ORG_FAILURE = 3;

  private ExitCode() {}
}
