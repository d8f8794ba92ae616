package dev.ecaprovisioner.org;

import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaType;
import java.util.List;

/**
 * The Metadata API calls the tool needs: listing and reading to check apps, deploying and polling to change them.
 * Each call takes the session to use, so that a renewed token is picked up by the next call; a failed call throws a
 * {@link MetadataCallException} that says whether trying again can help.
 */
public interface MetadataApi {
  /** The most types one {@code listMetadata} call accepts. */
  int MAX_LIST_QUERIES = 3;
  /** The most names one {@code readMetadata} call accepts. */
  int MAX_READ_NAMES = 10;

  /** One {@code listMetadata} call for at most {@value #MAX_LIST_QUERIES} types. */
  List<ListedComponent> listMetadata(OrgSession session, List<EcaType> types) throws MetadataCallException;

  /**
   * One {@code readMetadata} call for at most {@value #MAX_READ_NAMES} names of one type. Names the org does not
   * return are simply absent from the answer.
   */
  List<EcaComponent> readMetadata(OrgSession session, EcaType type, List<String> fullNames)
      throws MetadataCallException;

  /**
   * One {@code deploy} of a zip (a {@code package.xml} and the component files) as one package, rolled back whole if
   * any component fails. It only queues the deploy: {@link #checkDeployStatus} says how it went.
   *
   * @param checkOnly validate only: Salesforce judges the package without committing it
   * @return the deploy's id
   * @throws UnsupportedOperationException from an implementation that only reads (the default), so that readers
   *     written before deploys existed need no change
   */
  default String deploy(OrgSession session, byte[] zip, boolean checkOnly) throws MetadataCallException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " only reads; it does not deploy");
  }

  /** One {@code checkDeployStatus} of a deploy, with the details of its components; read-only by default, as above. */
  default DeployStatus checkDeployStatus(OrgSession session, String deployId) throws MetadataCallException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " only reads; it does not deploy");
  }

  /**
   * Where a deploy stands.
   *
   * @param status Salesforce's {@code DeployStatus}: Pending, InProgress, Succeeded, SucceededPartial, Failed,
   *     Canceling, Canceled
   * @param errorMessage the deploy's own error (not a component's), or null
   * @param failures every component Salesforce refused, as it said
   */
  record DeployStatus(String id, boolean done, boolean success, boolean checkOnly, String status,
      String errorMessage, int componentsTotal, int componentsDeployed, List<ComponentFailure> failures) {
    public DeployStatus {
      failures = List.copyOf(failures);
    }
  }

  /** A component a deploy refused: what, where and why, as Salesforce said. */
  record ComponentFailure(String componentType, String fullName, String fileName, String problem, int line,
      int column) {}

  /** A component as {@code listMetadata} names it. */
  record ListedComponent(EcaType type, String fullName) {}
}
