package dev.ecaprovisioner.connector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecaprovisioner.OrgFailureException;
import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.org.MetadataApi;
import dev.ecaprovisioner.org.OrgReader;
import dev.ecaprovisioner.org.OrgSession;
import dev.ecaprovisioner.org.OrgSignIn;
import dev.ecaprovisioner.org.OrgSnapshot;
import dev.ecaprovisioner.org.ReadOptions;
import dev.ecaprovisioner.org.ReadProgress;
import dev.ecaprovisioner.org.RestApi;
import dev.ecaprovisioner.org.RestCallException;
import java.util.Set;

/**
 * Reads what a connector is made from: the app through the Metadata API, and through REST whether the org is a
 * sandbox or a Developer Edition ({@code SELECT IsSandbox, OrganizationType FROM Organization}), which the Metadata
 * API does not say.
 */
public final class OrgConnectorReader {
  static final String ORGANIZATION_QUERY = "SELECT IsSandbox, OrganizationType FROM Organization";

  private final MetadataApi metadata;
  private final RestApi rest;
  private final ReadOptions options;

  public OrgConnectorReader(MetadataApi metadata, RestApi rest, ReadOptions options) {
    this.metadata = metadata;
    this.rest = rest;
    this.options = options;
  }

  /** What was read: the org's facts and the app's. */
  public record Read(OrgFacts org, AppFacts app) {}

  /**
   * Signs in and reads the org and the app.
   *
   * @param myDomain {@code --my-domain}, or null
   * @param sandbox {@code --sandbox}
   * @throws OrgFailureException when the org or the app could not be read
   * @throws dev.ecaprovisioner.BadInputException when the org has no such app
   */
  public Read read(OrgSignIn signIn, String appName, String myDomain, boolean sandbox) {
    OrgSession session = signIn.open();
    OrgSnapshot snapshot = new OrgReader(metadata, options, ReadProgress.NONE).read(signIn, session,
        Set.of(appName));
    String unread = snapshot.unreadApps().get(appName);
    if (unread != null) {
      throw new OrgFailureException("the app " + appName + " of " + signIn.label() + " could not be read: " + unread);
    }
    EcaApp app = snapshot.apps().stream().filter(a -> a.name().equals(appName)).findFirst()
        .orElseThrow(() -> new OrgFailureException("the org " + signIn.label() + " returned no app " + appName));
    Boolean isSandbox = null;
    String type = null;
    try {
      RestApi.QueryResult result = rest.query(session, ORGANIZATION_QUERY, 1);
      if (!result.records().isEmpty()) {
        JsonNode organization = result.records().get(0);
        isSandbox = organization.path("IsSandbox").isBoolean() ? organization.get("IsSandbox").asBoolean() : null;
        type = organization.path("OrganizationType").asText(null);
      }
    } catch (RestCallException e) {
      if (!sandbox && myDomain == null) {
        throw new OrgFailureException("could not ask " + signIn.label() + " whether it is a sandbox (" + e.getMessage()
            + "): say it with --sandbox or --my-domain NAME, or sign in again (`sf org login web -o "
            + signIn.label() + "`)");
      }
    }
    return new Read(OrgFacts.of(session.instanceUrl(), isSandbox, type, myDomain, sandbox), AppFacts.of(app));
  }
}
