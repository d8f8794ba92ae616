package dev.ecaprovisioner.connector;

import dev.ecaprovisioner.BadInputException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The OAuth identity providers a Power Platform custom connector can name for Salesforce, with what each is known to
 * send. Where no documentation says, the provider is taken to send nothing, so that the checks warn rather than
 * promise (docs/connector.md gives the sources).
 */
public enum IdentityProvider {
  /** Generic OAuth 2.0 with PKCE: sends {@code code_challenge} (S256), and the client secret on refresh. */
  OAUTH2_PKCE("oauth2pkce", true, true),
  /** Generic OAuth 2.0: no PKCE; field reports say its refresh request carries no client secret. */
  OAUTH2("oauth2", false, false),
  /** The Salesforce provider set through the CLI: undocumented, so neither PKCE nor a refresh secret is assumed. */
  SALESFORCE_V2("SalesforceV2", false, false);

  /** Sends PKCE and the secret on refresh, so it meets the app's settings whichever way they are set. */
  public static final IdentityProvider DEFAULT = OAUTH2_PKCE;

  private final String wireName;
  private final boolean sendsPkce;
  private final boolean sendsSecretOnRefresh;

  IdentityProvider(String wireName, boolean sendsPkce, boolean sendsSecretOnRefresh) {
    this.wireName = wireName;
    this.sendsPkce = sendsPkce;
    this.sendsSecretOnRefresh = sendsSecretOnRefresh;
  }

  /** The value of {@code identityProvider} in {@code apiProperties.json}. */
  public String wireName() {
    return wireName;
  }

  public boolean sendsPkce() {
    return sendsPkce;
  }

  public boolean sendsSecretOnRefresh() {
    return sendsSecretOnRefresh;
  }

  /** By its wire name, in any case. */
  public static IdentityProvider byWireName(String name) {
    return Arrays.stream(values()).filter(p -> p.wireName.equalsIgnoreCase(name == null ? "" : name.strip()))
        .findFirst().orElseThrow(() -> new BadInputException("--identity-provider " + name + ": use one of "
            + Arrays.stream(values()).map(IdentityProvider::wireName).collect(Collectors.joining(", "))));
  }
}
