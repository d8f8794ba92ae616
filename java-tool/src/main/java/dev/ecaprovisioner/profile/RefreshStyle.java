package dev.ecaprovisioner.profile;

/**
 * How a client sends the refresh token grant, from a profile's optional {@code refresh} block: what {@code doctor}
 * imitates when it refreshes "the way this client does it".
 *
 * @param clientSecret how the consumer secret travels with the grant
 * @param keepsRotatedRefreshToken whether the client stores the new refresh token a rotating app returns
 * @param reason why the profile says so, in an admin's words
 * @param source where that is known from (a vendor page, or "field reports")
 */
public record RefreshStyle(ClientSecret clientSecret, boolean keepsRotatedRefreshToken, String reason,
    String source) {
  /** The three ways of RFC 6749 section 2.3.1 a client may send (or not send) its secret. */
  public enum ClientSecret {
    /** No {@code client_secret}. */
    NONE,
    /** {@code client_secret} in the form body. */
    BODY,
    /** HTTP Basic authentication. */
    BASIC
  }
}
