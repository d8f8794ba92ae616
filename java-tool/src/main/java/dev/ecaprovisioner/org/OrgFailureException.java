package dev.ecaprovisioner.org;

import dev.ecaprovisioner.ExitCode;

/**
 * The org, the Salesforce CLI or the connection failed in a way the run cannot get past. Its message is the one line
 * the user sees, saying what to do; it never holds a token. Maps to {@link ExitCode#ORG_FAILURE}.
 */
public class OrgFailureException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OrgFailureException(String message) {
    super(message);
  }

  public OrgFailureException(String message, Throwable cause) {
    super(message, cause);
  }
}
