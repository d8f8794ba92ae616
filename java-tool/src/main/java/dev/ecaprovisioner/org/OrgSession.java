package dev.ecaprovisioner.org;

import java.net.URI;

/**
 * Where and as whom the tool talks to an org.
 *
 * @param label how reports name the org: the alias given with {@code --target-org}, or the instance host
 * @param instanceUrl the org's My Domain URL, without a trailing slash
 * @param orgId the 18-character org id, or null when it is not known (a token from the environment)
 * @param username the user the token belongs to, or null when not known
 * @param apiVersion the API version to talk, e.g. {@code 65.0}
 * @param token the access token (its {@code toString} is redacted)
 */
public record OrgSession(String label, URI instanceUrl, String orgId, String username, String apiVersion,
    AccessToken token) {

  /** The Metadata API SOAP endpoint of this org at its API version. */
  public URI metadataEndpoint() {
    return URI.create(instanceUrl.toString().replaceAll("/+$", "") + "/services/Soap/m/" + apiVersion);
  }

  public OrgSession withToken(AccessToken fresh) {
    return new OrgSession(label, instanceUrl, orgId, username, apiVersion, fresh);
  }
}
