package dev.ecaprovisioner.org;

import com.fasterxml.jackson.databind.node.MissingNode;
import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.OrgFailureException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Signs in through an org the Salesforce CLI knows by alias or username: {@code sf org display} for the instance URL,
 * org id, user and API version, {@code sf org auth show-access-token} for the token. Newer CLIs redact the token in
 * {@code org display}; older ones lack {@code show-access-token} but still print it there, so that is the fallback.
 */
public final class SfCliSignIn implements OrgSignIn {
  /** The API version used when the CLI does not say which the org speaks. */
  public static final String DEFAULT_API_VERSION = "65.0";
  /** What the CLI's error name or message holds when it has no login for the alias. */
  private static final List<String> NO_LOGIN = List.of("namedorgnotfound", "noauthinfofound",
      "no authorization information");
  /** What it holds when the CLI's login has expired or been revoked. */
  private static final List<String> EXPIRED_LOGIN = List.of("refreshtokenautherror", "expired access/refresh token",
      "invalid_grant", "orgdatanotavailable");
  /** What it holds when the CLI cannot decrypt the login it stored. */
  private static final List<String> UNREADABLE_LOGIN = List.of("authdecrypterror");

  private final SfCli cli;
  private final String alias;
  /** Every token the CLI handed out in this run, so that no later message from it can quote one. */
  private final List<AccessToken> seen = new CopyOnWriteArrayList<>();

  public SfCliSignIn(SfCli cli, String alias) {
    if (alias == null || alias.isBlank() || alias.startsWith("-")) {
      throw new BadInputException("--target-org needs an org alias or username, not '" + alias + "'");
    }
    this.cli = cli;
    this.alias = alias;
  }

  @Override
  public String label() {
    return alias;
  }

  @Override
  public OrgSession open() {
    SfCli.Envelope display = remember(cli.run(List.of("org", "display", "-o", alias)));
    if (!display.ok()) {
      throw failure("org display", display);
    }
    String instanceUrl = display.text("instanceUrl");
    if (instanceUrl == null || instanceUrl.isBlank()) {
      throw new OrgFailureException("`sf org display -o " + alias + "` gave no instance URL: run `sf org login web -o "
          + alias + "`");
    }
    // The same rules as --instance-url, before the token goes anywhere: the CLI's file could have been edited.
    InstanceUrl.Result checked = InstanceUrl.check(instanceUrl.replaceAll("/+$", ""));
    if (checked.ok().isEmpty()) {
      throw new OrgFailureException(redact("the Salesforce CLI's instance URL for " + alias + " (" + instanceUrl
          + ") " + checked.problem() + ", so no token is sent to it: run `sf org login web -o " + alias
          + " --instance-url https://YOUR-DOMAIN.my.salesforce.com`"));
    }
    String apiVersion = display.text("apiVersion");
    if (apiVersion == null || !apiVersion.matches("\\d+\\.\\d")) {
      apiVersion = DEFAULT_API_VERSION;
    }
    AccessToken token = token(display);
    return new OrgSession(alias, checked.url(), display.text("id"), display.text("username"), apiVersion, token);
  }

  @Override
  public AccessToken renew(OrgSession expired) {
    // show-access-token refreshes the CLI's token from its stored refresh token when the old one has expired.
    AccessToken fresh = token(remember(cli.run(List.of("org", "display", "-o", alias))));
    if (fresh.equals(expired.token())) {
      throw new OrgFailureException("the org refused the session the Salesforce CLI holds for " + alias
          + ": run `sf org login web -o " + alias + "`");
    }
    return fresh;
  }

  private AccessToken token(SfCli.Envelope display) {
    SfCli.Envelope shown;
    try {
      shown = remember(cli.run(List.of("org", "auth", "show-access-token", "-o", alias)));
    } catch (OrgFailureException e) {
      // An older CLI has no such command and says so in plain text.
      shown = new SfCli.Envelope(1, MissingNode.getInstance(), "", "");
    }
    if (shown.ok() && usable(shown.text("accessToken"))) {
      return AccessToken.of(shown.text("accessToken"));
    }
    if (!shown.ok() && isAuthFailure(shown)) {
      throw failure("org auth show-access-token", shown);
    }
    if (display.ok() && usable(display.text("accessToken"))) {
      return AccessToken.of(display.text("accessToken"));
    }
    throw new OrgFailureException("the Salesforce CLI gave no access token for " + alias
        + ": update it (`sf update`) and run `sf org login web -o " + alias + "`");
  }

  /** Keeps the token an envelope holds, if any, so that it is redacted from every message after. */
  private SfCli.Envelope remember(SfCli.Envelope envelope) {
    String token = envelope.result().isObject() ? envelope.text("accessToken") : null;
    if (usable(token)) {
      seen.add(AccessToken.of(token));
    }
    return envelope;
  }

  /** A text from the CLI with every token it handed out, and anything shaped like one, redacted. */
  private String redact(String text) {
    String redacted = text;
    for (AccessToken token : seen) {
      redacted = token.redact(redacted);
    }
    return AccessToken.redactAny(redacted);
  }

  /** A redacted or masked token is not one. */
  private static boolean usable(String token) {
    if (token == null || token.length() < 16 || token.chars().anyMatch(Character::isWhitespace)) {
      return false;
    }
    String lower = token.toLowerCase(Locale.ROOT);
    return !lower.contains("redacted") && !lower.contains("*") && !lower.contains("hidden");
  }

  private static boolean isAuthFailure(SfCli.Envelope envelope) {
    return says(envelope, NO_LOGIN) || says(envelope, EXPIRED_LOGIN) || says(envelope, UNREADABLE_LOGIN);
  }

  /** Whether the envelope's error name or message holds one of the markers, in any case. */
  private static boolean says(SfCli.Envelope envelope, List<String> markers) {
    String text = (envelope.name() + " " + envelope.message()).toLowerCase(Locale.ROOT);
    return markers.stream().anyMatch(text::contains);
  }

  private OrgFailureException failure(String command, SfCli.Envelope envelope) {
    String login = "run `sf org login web -o " + alias + "`";
    if (says(envelope, NO_LOGIN)) {
      return new OrgFailureException("the Salesforce CLI knows no org called " + alias + ": " + login);
    }
    if (says(envelope, EXPIRED_LOGIN)) {
      return new OrgFailureException("the Salesforce CLI's login to " + alias + " has expired: " + login);
    }
    String what = envelope.name().isEmpty() ? envelope.message() : envelope.name() + ": " + envelope.message();
    return new OrgFailureException(redact("`sf " + command + " -o " + alias + "` failed (" + what.strip() + "): "
        + login));
  }
}
