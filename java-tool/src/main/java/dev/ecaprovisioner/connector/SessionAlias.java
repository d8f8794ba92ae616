package dev.ecaprovisioner.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How the {@code actions} variant carries the MCP session id as a plain top-level body property, {@value #PROPERTY}.
 * The endpoint keeps it in {@code _meta} under a key holding {@code /} and {@code .} ({@value #ENDPOINT_META_KEY}),
 * which the designer's slash-separated property paths cannot be trusted to address; the connector's script moves it
 * between the two places on every call. This class is that rule in one place: the script is generated from its
 * constants, and the tests run the same moves to replay the connector's bodies against the endpoint's transcripts.
 */
public final class SessionAlias {
  /** The plain property the designer maps into a variable and back. */
  public static final String PROPERTY = "sessionId";
  /** Where this project's Apex endpoint reads and writes the session id ({@code McpSessions.META_KEY}). */
  public static final String ENDPOINT_META_KEY = "dev.ecaprovisioner/sessionId";

  private SessionAlias() {}

  /** A request on its way to the endpoint: the top-level alias moves into {@code params._meta}. */
  public static ObjectNode toEndpoint(ObjectNode request) {
    ObjectNode copy = request.deepCopy();
    JsonNode session = copy.remove(PROPERTY);
    if (session != null && session.isTextual() && !session.asText().isEmpty()) {
      ObjectNode params = copy.get("params") instanceof ObjectNode p ? p : copy.putObject("params");
      ObjectNode meta = params.get("_meta") instanceof ObjectNode m ? m : params.putObject("_meta");
      meta.set(ENDPOINT_META_KEY, session);
    }
    return copy;
  }

  /** An answer on its way to the designer: the session id in {@code result._meta} is copied to the alias. */
  public static ObjectNode fromEndpoint(ObjectNode answer) {
    ObjectNode copy = answer.deepCopy();
    JsonNode session = copy.path("result").path("_meta").path(ENDPOINT_META_KEY);
    if (session.isTextual()) {
      copy.set(PROPERTY, session);
    }
    return copy;
  }
}
