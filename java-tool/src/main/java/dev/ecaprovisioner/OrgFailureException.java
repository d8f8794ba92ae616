package dev.ecaprovisioner;

/**
 * The org or the connection to it failed (login, network, an API fault). Its message is the one line the user sees.
 * Maps to {@link ExitCode#ORG_FAILURE}.
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
