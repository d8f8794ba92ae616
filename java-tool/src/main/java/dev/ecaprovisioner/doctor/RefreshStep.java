package dev.ecaprovisioner.doctor;

import dev.ecaprovisioner.org.OAuthApi;
import dev.ecaprovisioner.profile.RefreshStyle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Step 4: the refresh grant sent the way the client sends it (its profile's {@code refresh} block), twice: the second
 * time with the refresh token the client would hold then, the rotated one if it keeps it, else the first. Reports
 * exactly what Salesforce answered; tokens and secrets are masked by {@link OAuthApi} and a rotated refresh token is
 * reported, never shown. Pure: the answers in, the step out.
 */
public final class RefreshStep {
  public static final String TITLE = "Refresh, the way this client does it";

  private RefreshStep() {}

  /**
   * @param style how the client refreshes
   * @param placement how the secret was sent (NONE when the client sends none, or none was given)
   * @param first the first refresh's answer
   * @param second the second's, or null when the first was refused
   * @param secondReusedFirst whether the second was sent with the first refresh token although a new one came back
   */
  public static StepResult run(String client, RefreshStyle style, OAuthApi.SecretPlacement placement,
      OAuthApi.TokenAnswer first, OAuthApi.TokenAnswer second, boolean secondReusedFirst, String fixCommand,
      Duration elapsed) {
    List<String> details = new ArrayList<>();
    details.add(client + " sends the grant " + describe(placement) + " (" + style.source() + ")");
    details.add("first refresh: " + answer(first));
    if (!first.granted()) {
      boolean noSecret = placement == OAuthApi.SecretPlacement.NONE && mentionsSecret(first);
      String what = "Salesforce refused the refresh as " + client + " sends it: " + first.error()
          + (first.errorDescription() == null ? "" : " (" + first.errorDescription() + ")")
          + (noSecret ? ". The request carries no client secret and the app requires one for refresh." : ".");
      return new StepResult(TITLE, StepResult.Status.FAIL, what, details, noSecret ? "Run: " + fixCommand
          : "Fix what the error names, then run doctor again.", elapsed,
          new Cause(Cause.REFRESH_REFUSED, what, noSecret ? fixCommand : "what Salesforce's error names", null));
    }
    if (first.refreshToken() != null) {
      details.add("a new refresh token came back: rotation is on (the token is not shown; the one given is now "
          + "spent)");
    }
    if (second == null) {
      return new StepResult(TITLE, StepResult.Status.PASS, "Salesforce granted the refresh.", details, "", elapsed,
          null);
    }
    details.add("second refresh" + (secondReusedFirst ? ", with the first refresh token as " + client
        + " keeps it: " : ": ") + answer(second));
    if (!second.granted()) {
      String what;
      Cause cause;
      if (secondReusedFirst) {
        what = "Refresh token rotation is on and " + client + " keeps its first refresh token: Salesforce refused "
            + "the reuse (" + second.error() + ") and revoked the app's tokens for this user, so the connection "
            + "drops after the second token lifetime.";
        cause = new Cause(Cause.ROTATION_REUSE, what, fixCommand, null);
      } else {
        what = "Salesforce refused the second refresh: " + second.error() + ".";
        cause = new Cause(Cause.REFRESH_REFUSED, what, "what Salesforce's error names", null);
      }
      return new StepResult(TITLE, StepResult.Status.FAIL, what, details, secondReusedFirst ? "Run: " + fixCommand
          : "Fix what the error names, then run doctor again.", elapsed, cause);
    }
    return new StepResult(TITLE, StepResult.Status.PASS, "Salesforce granted both refreshes, sent as " + client
        + " sends them.", details, "", elapsed, null);
  }

  static String describe(OAuthApi.SecretPlacement placement) {
    return switch (placement) {
      case NONE -> "without client_secret";
      case BODY -> "with client_secret in the body";
      case BASIC -> "with the client secret as HTTP Basic";
    };
  }

  private static String answer(OAuthApi.TokenAnswer answer) {
    if (answer.granted()) {
      return "HTTP " + answer.status() + " in " + answer.elapsed().toMillis() + " ms, granted (fields: "
          + String.join(", ", answer.fields()) + ")";
    }
    return "HTTP " + answer.status() + " in " + answer.elapsed().toMillis() + " ms, error " + answer.error()
        + (answer.errorDescription() == null ? "" : ": " + answer.errorDescription());
  }

  private static boolean mentionsSecret(OAuthApi.TokenAnswer answer) {
    String text = (answer.error() + " " + answer.errorDescription()).toLowerCase(Locale.ROOT);
    return text.contains("secret") || "invalid_client".equals(answer.error());
  }
}
