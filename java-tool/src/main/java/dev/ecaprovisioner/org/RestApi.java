package dev.ecaprovisioner.org;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The Salesforce REST API calls the tool needs: SOQL queries through {@code /services/data/vXX.X/query}. Like {@link
 * MetadataApi}, each call takes the session to use, so a renewed token is picked up by the next call.
 */
public interface RestApi {
  /**
   * Runs a SOQL query, following {@code nextRecordsUrl} until every record is read or {@code maxRecords} are.
   *
   * @throws RestCallException classified by what the caller can do; its message never holds a token
   */
  QueryResult query(OrgSession session, String soql, int maxRecords) throws RestCallException;

  /**
   * What a query returned.
   *
   * @param records the records, each a JSON object as Salesforce sends it ({@code attributes} included)
   * @param totalSize the {@code totalSize} Salesforce reported
   * @param truncated whether records were left unread because {@code maxRecords} was reached
   */
  record QueryResult(List<JsonNode> records, int totalSize, boolean truncated) {
    public QueryResult {
      records = List.copyOf(records);
    }
  }
}
