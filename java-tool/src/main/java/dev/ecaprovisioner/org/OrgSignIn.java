package dev.ecaprovisioner.org;

import dev.ecaprovisioner.OrgFailureException;

/** How the tool gets a session for an org, and a fresh token when the org says the session has expired. */
public interface OrgSignIn {
  /** How reports and messages name the org. */
  String label();

  /**
   * Opens a session.
   *
   * @throws OrgFailureException with one line saying what to run when it cannot
   */
  OrgSession open();

  /**
   * A fresh token after the org refused {@code expired} with {@code INVALID_SESSION_ID}.
   *
   * @throws OrgFailureException when no fresh token can be had
   */
  AccessToken renew(OrgSession expired);
}
