package dev.ecaprovisioner.org;

import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaType;
import java.util.List;

/**
 * The two Metadata API calls the tool needs. Each call takes the session to use, so that a renewed token is picked up
 * by the next call; a failed call throws a {@link MetadataCallException} that says whether trying again can help.
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

  /** A component as {@code listMetadata} names it. */
  record ListedComponent(EcaType type, String fullName) {}
}
