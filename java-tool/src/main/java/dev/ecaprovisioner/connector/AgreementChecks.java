package dev.ecaprovisioner.connector;

import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.validate.Finding;
import dev.ecaprovisioner.validate.Fix;
import dev.ecaprovisioner.validate.Location;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the app and the connector disagree, as findings in the {@code validate} style: each names the app's setting,
 * what the connector needs, what the app has and how to fix either side.
 */
public final class AgreementChecks {
  public static final String PROFILE = "connector";
  public static final String RULE_PKCE = "connector/pkce";
  public static final String RULE_REFRESH_SECRET = "connector/refresh-secret";
  public static final String RULE_REFRESH_SCOPE = "connector/refresh-scope";
  public static final String RULE_JWT = "connector/hosted-jwt";
  public static final String RULE_CALLBACK = "connector/callback-url";
  /** Where Power Platform's per-connector redirect URLs live. */
  public static final String POWER_PLATFORM_REDIRECT = "https://global.consent.azure-apim.net/redirect/";

  private AgreementChecks() {}

  /** Every disagreement, errors first. */
  public static List<Finding> check(ConnectorSpec spec) {
    AppFacts app = spec.app();
    IdentityProvider provider = spec.provider();
    Location at = new Location(app.origin(), 0);
    String global = EcaType.GLOBAL_OAUTH_SETTINGS.apiName();
    List<Finding> findings = new ArrayList<>();
    if (app.pkceRequired() && !provider.sendsPkce()) {
      findings.add(new Finding(RULE_PKCE, Severity.ERROR, global, "isPkceRequired", "false (the identity provider "
          + provider.wireName() + " sends no PKCE)", "true", "The app requires PKCE, but the connector's identity "
          + "provider " + provider.wireName() + " sends no code_challenge, so Salesforce refuses every sign-in. Use "
          + "--identity-provider " + IdentityProvider.OAUTH2_PKCE.wireName() + ", or stop requiring PKCE.",
          new Fix("untick 'Require Proof Key for Code Exchange (PKCE)', or generate with --identity-provider "
              + IdentityProvider.OAUTH2_PKCE.wireName(), "false"), at, null));
    }
    if (app.secretRequiredForRefresh() && !provider.sendsSecretOnRefresh()) {
      findings.add(new Finding(RULE_REFRESH_SECRET, Severity.ERROR, global, "isSecretRequiredForRefreshToken",
          "false (the identity provider " + provider.wireName() + " sends no secret on refresh)", "true",
          "The app requires the consumer secret to refresh a token, but the identity provider " + provider.wireName()
              + " refreshes without it, so the connection dies when the first access token expires.",
          new Fix("untick 'Require secret for Refresh Token Flow', or generate with --identity-provider "
              + IdentityProvider.OAUTH2_PKCE.wireName(), "false"), at, null));
    }
    if (!app.grantsRefresh()) {
      findings.add(new Finding(RULE_REFRESH_SCOPE, Severity.ERROR, EcaType.OAUTH_SETTINGS.apiName(),
          "commaSeparatedOauthScopes", "includes RefreshToken / refresh_token", String.join(" ", app.scopes()),
          "The app grants no refresh_token scope, so the connector gets no refresh token and every user must sign in "
              + "again when the first access token expires.",
          new Fix("Selected OAuth Scopes: add 'Perform requests at any time (refresh_token, offline_access)'",
              "add RefreshToken"), at, null));
    }
    McpServer.Kind kind = spec.server().kind();
    if ((kind == McpServer.Kind.HOSTED || kind == McpServer.Kind.CUSTOM) && !app.namedUserJwt()) {
      findings.add(new Finding(RULE_JWT, Severity.ERROR, global, "isNamedUserJwtEnabled", "true", "false",
          "Hosted MCP servers take only JWT-based access tokens: without them sign-in appears to work, then every MCP "
              + "call fails with INVALID_JWT_FORMAT.",
          new Fix("tick 'Issue JSON Web Token (JWT)-based access tokens for named users'", "true"), at, null));
    }
    if (app.callbackUrls().stream().noneMatch(u -> u.startsWith(POWER_PLATFORM_REDIRECT))) {
      findings.add(new Finding(RULE_CALLBACK, Severity.WARNING, global, "callbackUrl",
          "the connector's redirect URL (" + POWER_PLATFORM_REDIRECT + "...)",
          app.callbackUrls().isEmpty() ? "(none)" : String.join(" ", app.callbackUrls()),
          "The app's callback URLs hold no Power Platform redirect URL yet. The connector's own one is known only "
              + "after it is saved: put it in with the provision command at the end of the README.",
          new Fix("Callback URL: add the connector's Redirect URL", "the connector's Redirect URL"), at, null));
    }
    return List.copyOf(findings);
  }
}
