package dev.ecaprovisioner.doctor;

import dev.ecaprovisioner.org.LoginHistory;
import dev.ecaprovisioner.org.OauthTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Step 2: what Salesforce recorded of the app, its OAuth tokens ({@code OauthToken}) and its recent sign-in attempts
 * ({@code LoginHistory}), read in words: the client never came back to refresh, it tried and Salesforce refused, or it
 * refreshes fine. Pure: the rows (or why they could not be read) in, the step out.
 */
public final class RecordsStep {
  public static final String TITLE = "What Salesforce recorded";
  /** How far back sign-in attempts are read. */
  public static final Duration WINDOW = Duration.ofDays(30);

  private RecordsStep() {}

  /** What a read gave: the rows, or why there are none. */
  public record Read<T>(T rows, String unreadable) {
    public static <T> Read<T> of(T rows) {
      return new Read<>(rows, null);
    }

    public static <T> Read<T> failed(String why) {
      return new Read<>(null, why);
    }
  }

  /**
   * @param appLabel the app's label, as {@code OauthToken.AppName} names it
   * @param clientSendsSecret whether the chosen client sends a consumer secret with its refresh
   * @param fixCommand the {@code provision} line for the client's profile
   */
  public static StepResult run(String appLabel, Read<OauthTokens.Result> tokens, Read<LoginHistory.Result> logins,
      boolean clientSendsSecret, String fixCommand, Duration elapsed) {
    if (tokens.unreadable() != null) {
      return new StepResult(TITLE, StepResult.Status.SKIPPED, "The app's OAuth tokens could not be read: "
          + tokens.unreadable(), List.of(), "Run doctor as a user with Customize Application, who sees every "
          + "user's OauthToken rows (others see only their own).", elapsed, null);
    }
    List<OauthTokens.Token> rows = tokens.rows().tokens();
    List<String> details = new ArrayList<>();
    for (OauthTokens.Token token : rows) {
      details.add("token of user " + token.userId() + ": granted " + token.created() + ", last used "
          + (token.lastUsed() == null ? "never" : token.lastUsed()) + ", used " + token.useCount()
          + (token.useCount() == 1 ? " time" : " times"));
    }
    if (tokens.rows().truncated()) {
      details.add("more than " + OauthTokens.MAX_ROWS + " tokens: the rest were not read");
    }
    List<LoginHistory.Attempt> attempts = logins.rows() == null ? List.of() : logins.rows().attempts();
    if (logins.unreadable() != null) {
      details.add("sign-in attempts could not be read (" + logins.unreadable() + "): reading LoginHistory needs "
          + "Manage Users or Monitor Login History; without them only your own attempts are visible");
    } else {
      long failed = attempts.stream().filter(a -> !a.succeeded()).count();
      details.add(attempts.size() + " sign-in attempts in the last " + WINDOW.toDays() + " days, " + failed
          + " refused");
      attempts.stream().filter(a -> !a.succeeded()).limit(5).forEach(a -> details.add("refused " + a.time()
          + " for user " + a.userId() + ": status \"" + a.status() + "\" (login type \"" + a.loginType()
          + (a.loginSubType().isEmpty() ? "" : "\", subtype \"" + a.loginSubType()) + "\")"));
      details.add("LoginHistory does not document which LoginType or LoginSubType marks a refresh; the values "
          + "are quoted as recorded");
    }
    if (rows.isEmpty()) {
      return new StepResult(TITLE, StepResult.Status.SKIPPED, "Nobody holds an OAuth token of " + appLabel
          + ": there is nothing to read yet.", details, "Sign in once through the client, then run doctor again.",
          elapsed, null);
    }
    LoginHistory.Attempt refused = attempts.stream().filter(a -> !a.succeeded()).findFirst().orElse(null);
    if (refused != null) {
      boolean secret = refused.status().toLowerCase(Locale.ROOT).contains("secret");
      String what = "The client tried to refresh and Salesforce refused it, recording \"" + refused.status() + "\""
          + (secret ? ": the request lacked the client secret the app requires." : ".");
      return new StepResult(TITLE, StepResult.Status.FAIL, what, details, secret ? "Run: " + fixCommand
          : "Read the recorded status; step 4 repeats the refresh and shows Salesforce's answer.", elapsed,
          new Cause(Cause.REFRESH_RECORDED, what, secret && !clientSendsSecret ? fixCommand
              : "see step 4 for Salesforce's answer", null));
    }
    boolean neverRefreshed = rows.stream().allMatch(t -> t.useCount() <= 1)
        && attempts.stream().filter(LoginHistory.Attempt::succeeded).count() <= rows.size();
    if (neverRefreshed) {
      String what = "The client never came back to refresh: every token was used once, at sign-in, and no "
          + "refresh attempt was recorded.";
      return new StepResult(TITLE, StepResult.Status.FAIL, what, details, "No setting makes a client refresh; see "
          + "the verdict.", elapsed, new Cause(Cause.CLIENT_NEVER_REFRESHES, what,
              "have users sign in again when the connection drops; a longer access-token lifetime makes it rarer",
              "No Salesforce setting makes a client send a refresh it never sends: the client has to use its refresh "
                  + "token (for Copilot Studio, a connector whose identity provider refreshes)."));
    }
    return new StepResult(TITLE, StepResult.Status.PASS, "The client refreshes: tokens were used again after "
        + "sign-in and no attempt was refused.", details, "", elapsed, null);
  }
}
