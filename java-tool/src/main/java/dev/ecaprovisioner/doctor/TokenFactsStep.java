package dev.ecaprovisioner.doctor;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.ecaprovisioner.org.AccessToken;
import dev.ecaprovisioner.org.OAuthApi;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;

/**
 * Step 3: what the access token says. A JWT-based token is decoded and its signature checked against the org's
 * published keys ({@code /id/keys}) with nimbus-jose-jwt; an opaque one is described by {@code
 * /services/oauth2/introspect}. Either way the step prints the expiry and the lifetime left, and notes a token answer
 * without {@code expires_in}. Pure apart from the two suppliers, which make the calls only when needed.
 */
public final class TokenFactsStep {
  public static final String TITLE = "Token facts";

  private TokenFactsStep() {}

  /**
   * @param token the access token to describe
   * @param expiresIn the {@code expires_in} of the answer that gave it; null when it carried none
   * @param fromTokenAnswer whether the token came from a token answer here (else {@code expiresIn} says nothing)
   * @param keys the org's keys, read only for a JWT
   * @param introspection the introspection answer, asked only for an opaque token
   */
  public static StepResult run(AccessToken token, Long expiresIn, boolean fromTokenAnswer,
      Supplier<RecordsStep.Read<String>> keys, Supplier<RecordsStep.Read<OAuthApi.Introspection>> introspection,
      Instant now, Duration elapsed) {
    List<String> details = new ArrayList<>();
    if (fromTokenAnswer && expiresIn == null) {
      details.add("the token answer carried no expires_in: field reports say Power Platform then cannot know when "
          + "to refresh, and waits for a call to fail");
    } else if (fromTokenAnswer) {
      details.add("the token answer said expires_in " + expiresIn + " s");
    }
    SignedJWT jwt = parse(token);
    if (jwt != null) {
      return jwtFacts(jwt, keys.get(), now, details, elapsed);
    }
    details.add("the token is opaque (not a JWT): asked /services/oauth2/introspect");
    RecordsStep.Read<OAuthApi.Introspection> read = introspection.get();
    if (read.unreadable() != null) {
      return new StepResult(TITLE, StepResult.Status.SKIPPED, "The token is opaque and introspection gave no "
          + "answer: " + read.unreadable(), details, "", elapsed, null);
    }
    OAuthApi.Introspection answer = read.rows();
    if (answer.error() != null || answer.status() != 200) {
      details.add("introspection: HTTP " + answer.status() + ", error " + answer.error()
          + (answer.errorDescription() == null ? "" : ": " + answer.errorDescription()));
      return new StepResult(TITLE, StepResult.Status.SKIPPED, "The token is opaque and Salesforce refused to "
          + "introspect it.", details, "Introspection needs the app's own consumer key and secret (set "
          + "ECA_CONSUMER_SECRET).", elapsed, null);
    }
    if (!answer.active()) {
      return new StepResult(TITLE, StepResult.Status.FAIL, "Salesforce says the access token is not active "
          + "(expired or revoked).", details, "Sign in again through the client.", elapsed,
          new Cause(Cause.OTHER, "The access token is no longer active.", "sign in again through the client", null));
    }
    if (answer.scope() != null) {
      details.add("scopes: " + answer.scope());
    }
    return expiry(answer.exp() == null ? null : Instant.ofEpochSecond(answer.exp()), now, "opaque token", details,
        elapsed);
  }

  private static StepResult jwtFacts(SignedJWT jwt, RecordsStep.Read<String> keys, Instant now,
      List<String> details, Duration elapsed) {
    String kid = jwt.getHeader().getKeyID();
    details.add("a JWT signed with " + jwt.getHeader().getAlgorithm() + (kid == null ? "" : ", key id " + kid));
    if (keys.unreadable() != null) {
      details.add("the signature was not verified: " + keys.unreadable());
      Instant exp = expiration(jwt);
      if (exp != null) {
        long left = Duration.between(now, exp).getSeconds();
        details.add("exp " + exp + " (unverified): " + (left >= 0 ? left + " s left" : "expired " + -left + " s ago"));
      }
      return new StepResult(TITLE, StepResult.Status.SKIPPED, "The token is a JWT but the org's keys could not be "
          + "read, so it was decoded without verifying it.", details, "", elapsed, null);
    }
    boolean verified;
    try {
      JWK key = kid == null ? null : JWKSet.parse(keys.rows()).getKeyByKeyId(kid);
      JWSVerifier verifier = key instanceof RSAKey rsa ? new RSASSAVerifier(rsa.toRSAPublicKey())
          : key instanceof ECKey ec ? new ECDSAVerifier(ec.toECPublicKey()) : null;
      if (verifier == null) {
        return new StepResult(TITLE, StepResult.Status.FAIL, "The token's signing key " + kid + " is not among the "
            + "org's published keys.", details, "The token was not issued by this org.", elapsed,
            new Cause(Cause.OTHER, "The access token is not signed by the org's keys.", "sign in to this org", null));
      }
      verified = jwt.verify(verifier);
    } catch (ParseException | JOSEException e) {
      return new StepResult(TITLE, StepResult.Status.SKIPPED, "The org's keys could not be read: "
          + e.getMessage(), details, "", elapsed, null);
    }
    if (!verified) {
      return new StepResult(TITLE, StepResult.Status.FAIL, "The token's signature does not verify against the "
          + "org's published keys.", details, "The token was altered or not issued by this org.", elapsed,
          new Cause(Cause.OTHER, "The access token's signature does not verify.", "sign in to this org", null));
    }
    details.add("the signature verifies against the org's published keys");
    Date exp;
    try {
      exp = jwt.getJWTClaimsSet().getExpirationTime();
      List<String> audience = jwt.getJWTClaimsSet().getAudience();
      if (!audience.isEmpty()) {
        details.add("audience: " + String.join(", ", audience));
      }
    } catch (ParseException e) {
      exp = null;
    }
    return expiry(exp == null ? null : exp.toInstant(), now, "JWT", details, elapsed);
  }

  private static StepResult expiry(Instant exp, Instant now, String kind, List<String> details, Duration elapsed) {
    if (exp == null) {
      return new StepResult(TITLE, StepResult.Status.PASS, "The " + kind + " carries no expiry.", details, "",
          elapsed, null);
    }
    long left = Duration.between(now, exp).getSeconds();
    details.add("exp " + exp + ": " + (left >= 0 ? left + " s left" : "expired " + -left + " s ago"));
    if (left < 0) {
      return new StepResult(TITLE, StepResult.Status.FAIL, "The " + kind + " expired " + -left + " s ago.",
          details, "Refresh it, or sign in again.", elapsed,
          new Cause(Cause.OTHER, "The access token has expired.", "refresh it, or sign in again", null));
    }
    return new StepResult(TITLE, StepResult.Status.PASS, "A valid " + kind + " with " + left + " s left.",
        details, "", elapsed, null);
  }

  private static Instant expiration(SignedJWT jwt) {
    try {
      Date exp = jwt.getJWTClaimsSet().getExpirationTime();
      return exp == null ? null : exp.toInstant();
    } catch (ParseException e) {
      return null;
    }
  }

  private static SignedJWT parse(AccessToken token) {
    try {
      return token.reveal().chars().filter(c -> c == '.').count() == 2 ? SignedJWT.parse(token.reveal()) : null;
    } catch (ParseException e) {
      return null;
    }
  }
}
