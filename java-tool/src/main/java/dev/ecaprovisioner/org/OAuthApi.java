package dev.ecaprovisioner.org;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The OAuth endpoints of an org that {@code doctor} calls: the refresh token grant ({@code POST
 * /services/oauth2/token}), token introspection ({@code POST /services/oauth2/introspect}) and the keys the org signs
 * JWT-based access tokens with ({@code GET /id/keys}). Answers are values, refusals included, so a caller can report
 * exactly what Salesforce said; only a call that got no answer at all throws.
 */
public interface OAuthApi {
  /** How a client sends its consumer secret with a refresh. */
  enum SecretPlacement {
    /** No {@code client_secret} at all, as a public client (or Power Platform's connector) sends it. */
    NONE,
    /** {@code client_secret} as a form field of the body ({@code client_secret_post}). */
    BODY,
    /** HTTP Basic with client id and secret ({@code client_secret_basic}). */
    BASIC
  }

  /**
   * One refresh token grant.
   *
   * @param clientId the app's consumer key
   * @param refreshToken the refresh token to redeem
   * @param clientSecret the consumer secret, or null when the client has none to send
   * @param placement how the secret is sent; {@link SecretPlacement#NONE} sends none even when one is given
   */
  record RefreshGrant(String clientId, Secret refreshToken, Secret clientSecret, SecretPlacement placement) {
    public RefreshGrant {
      if (placement != SecretPlacement.NONE && clientSecret == null) {
        throw new IllegalArgumentException("a grant that sends the secret needs one");
      }
    }

    /** Whether a consumer secret goes on the wire. */
    public boolean sendsSecret() {
      return placement != SecretPlacement.NONE;
    }
  }

  /**
   * What the token endpoint answered.
   *
   * @param status the HTTP status
   * @param elapsed how long the answer took
   * @param accessToken the new access token, or null when refused
   * @param refreshToken a new refresh token (rotation), or null when none came
   * @param error the OAuth {@code error} code of a refusal, or null
   * @param errorDescription its {@code error_description} with every token and secret masked, or null
   * @param fields the names of the fields the answer carried, in order (never their values)
   * @param expiresIn the {@code expires_in} seconds the answer carried, or null when it carried none
   * @param scope the {@code scope} granted, or null
   */
  record TokenAnswer(int status, Duration elapsed, AccessToken accessToken, Secret refreshToken, String error,
      String errorDescription, List<String> fields, Long expiresIn, String scope) {
    public TokenAnswer {
      fields = List.copyOf(fields);
    }

    public boolean granted() {
      return accessToken != null;
    }
  }

  /**
   * What the introspection endpoint answered (RFC 7662 as Salesforce implements it).
   *
   * @param status the HTTP status
   * @param active whether the token is active
   * @param exp its expiry in epoch seconds, or null
   * @param iat when it was issued, epoch seconds, or null
   * @param scope its scopes, or null
   * @param clientId the consumer key it was issued to, or null
   * @param username its user, or null
   * @param error the OAuth error of a refusal, or null
   * @param errorDescription its description, masked, or null
   */
  record Introspection(int status, boolean active, Long exp, Long iat, String scope, String clientId,
      String username, String error, String errorDescription) {}

  /** Redeems a refresh token. */
  TokenAnswer refresh(URI instanceUrl, RefreshGrant grant) throws RestCallException;

  /** Asks the org about an access token, authenticating as the client (with its secret when there is one). */
  Introspection introspect(URI instanceUrl, AccessToken token, String clientId, Secret clientSecret)
      throws RestCallException;

  /** The org's published JSON Web Key Set, as text. */
  String publishedKeys(URI instanceUrl) throws RestCallException;
}
