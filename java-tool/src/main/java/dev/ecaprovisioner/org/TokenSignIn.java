package dev.ecaprovisioner.org;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.OrgFailureException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;

/**
 * Signs in with a token a pipeline already holds: {@code --instance-url URL} and the token in the environment variable
 * {@value #TOKEN_VARIABLE}, never in a flag, so that it stays out of shell history and process lists. Such a token
 * cannot be renewed here.
 */
public final class TokenSignIn implements OrgSignIn {
  public static final String TOKEN_VARIABLE = "SF_ACCESS_TOKEN";

  private final URI instanceUrl;
  private final String apiVersion;
  private final AccessToken token;

  private TokenSignIn(URI instanceUrl, String apiVersion, AccessToken token) {
    this.instanceUrl = instanceUrl;
    this.apiVersion = apiVersion;
    this.token = token;
  }

  /**
   * Checks the URL and reads the token from the environment.
   *
   * @throws BadInputException when the URL is not an https URL (or http on a loopback address) or the token is unset
   */
  public static TokenSignIn of(String instanceUrl, String apiVersion, Map<String, String> environment) {
    URI url = checkedUrl(instanceUrl);
    if (apiVersion == null || !apiVersion.matches("\\d+\\.\\d")) {
      throw new BadInputException("--api-version must look like 65.0, not '" + apiVersion + "'");
    }
    String value = environment.get(TOKEN_VARIABLE);
    if (value == null || value.isBlank()) {
      throw new BadInputException("--instance-url needs the access token in the environment variable "
          + TOKEN_VARIABLE + " (never on the command line)");
    }
    return new TokenSignIn(url, apiVersion, AccessToken.of(value));
  }

  static URI checkedUrl(String text) {
    URI url;
    try {
      url = new URI(text == null ? "" : text.strip());
    } catch (URISyntaxException e) {
      throw new BadInputException("--instance-url is not a URL: " + text);
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new BadInputException("--instance-url must be an https:// URL such as https://example.my.salesforce.com, "
          + "not " + text);
    }
    if (scheme.equals("http") && !isLoopback(url.getHost())) {
      throw new BadInputException("--instance-url must use https:// (plain http:// is allowed only for loopback "
          + "addresses): " + text);
    }
    if (url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/")
        || url.getRawQuery() != null || url.getRawUserInfo() != null) {
      throw new BadInputException("--instance-url must be the org's base URL, without path, query or user: " + text);
    }
    return URI.create(scheme + "://" + url.getRawAuthority());
  }

  /** Loopback by literal only: a host name is never resolved, so DNS cannot turn it into loopback. */
  public static boolean isLoopback(String host) {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (bare.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
      return false;
    }
    try {
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @Override
  public String label() {
    return instanceUrl.getHost();
  }

  @Override
  public OrgSession open() {
    return new OrgSession(label(), instanceUrl, null, null, apiVersion, token);
  }

  @Override
  public AccessToken renew(OrgSession expired) {
    throw new OrgFailureException("the org refused the token in " + TOKEN_VARIABLE
        + " (INVALID_SESSION_ID): set a fresh one, or sign in with --target-org");
  }
}
