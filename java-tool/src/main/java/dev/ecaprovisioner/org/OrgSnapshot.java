package dev.ecaprovisioner.org;

import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.eca.EcaType;
import java.util.List;
import java.util.Map;

/**
 * What a read of one org found: the apps it could read, the apps it could not (which must never pass), and the parts
 * it could read for no app (the consumer-secret type, when the org denies it).
 *
 * @param org the org's label, instance URL, id, user and API version (no token)
 * @param apps the apps read, each with the components the org returned, sorted by name
 * @param unreadApps apps that could not be read, by name, with why
 * @param unknownParts apps whose named types could not be read but that can still be checked otherwise, with why
 * @param warnings notes about the whole read, such as a type the org's API version lacks
 * @param calls the Metadata API calls made
 */
public record OrgSnapshot(OrgInfo org, List<EcaApp> apps, Map<String, String> unreadApps,
    Map<String, Map<EcaType, String>> unknownParts, List<String> warnings, CallStats calls) {

  public OrgSnapshot {
    apps = List.copyOf(apps);
    unreadApps = Map.copyOf(unreadApps);
    unknownParts = Map.copyOf(unknownParts);
    warnings = List.copyOf(warnings);
  }

  /** True when the org has apps and none of them could be read. */
  public boolean nothingRead() {
    return apps.isEmpty() && !unreadApps.isEmpty();
  }

  /** The org a snapshot came from, without any credential. */
  public record OrgInfo(String label, String instanceUrl, String orgId, String username, String apiVersion) {
    public static OrgInfo of(OrgSession session) {
      return new OrgInfo(session.label(), session.instanceUrl().toString(), session.orgId(), session.username(),
          session.apiVersion());
    }
  }

  /**
   * The calls a read made.
   *
   * @param listCalls {@code listMetadata} calls, retries included
   * @param readCalls {@code readMetadata} calls, retries included
   * @param retries calls repeated after a retryable failure
   * @param renewals tokens renewed after {@code INVALID_SESSION_ID}
   */
  public record CallStats(int listCalls, int readCalls, int retries, int renewals) {
    public int total() {
      return listCalls + readCalls;
    }
  }
}
