package dev.ecaprovisioner.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecaprovisioner.mcp.TranscriptMcpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The actions variant's bodies, built from its own Swagger schemas as the designer builds them, replayed against the
 * Apex endpoint's transcripts: the session id goes from Start an MCP session to Send MCP message (tools/list) through
 * the plain body property alone, with no header, moved on the way as the connector's script moves it.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ActionsVariantReplayTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final HttpClient client = HttpClient.newHttpClient();
  TranscriptMcpServer endpoint;
  ConnectorSpec spec;
  JsonNode swagger;

  @BeforeEach
  void start() throws Exception {
    endpoint = TranscriptMcpServer.start();
    URI base = URI.create(endpoint.url().toString().replace(TranscriptMcpServer.PATH, ""));
    OrgFacts org = OrgFacts.of(base, false, "Enterprise Edition", null, false);
    spec = new ConnectorSpec(McpServer.parse("apex"), org, ConnectorSpecs.copilotReadyApp(), Variant.ACTIONS,
        IdentityProvider.DEFAULT, "acme");
    swagger = JSON.readTree(ConnectorGenerator.generate(spec).files().get(GeneratedConnector.API_DEFINITION));
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  @Test
  void the_alias_moves_to_the_key_the_endpoint_reads_and_the_script_says_the_same() {
    assertThat(SessionAlias.ENDPOINT_META_KEY).isEqualTo(endpoint.sessionMetaKey());
    String script = ConnectorGenerator.generate(spec).files().get(GeneratedConnector.SCRIPT);
    assertThat(script).contains("MetaKey = \"" + SessionAlias.ENDPOINT_META_KEY + "\"",
        "Alias = \"" + SessionAlias.PROPERTY + "\"", "ServerPath = \"" + TranscriptMcpServer.PATH + "\"",
        "SendHeader = false", "\"SendMessage\"");
  }

  @Test
  void a_session_goes_from_initialize_to_tools_list_through_the_body_alone() throws Exception {
    JsonNode initialize = operation("InitializeSession");
    ObjectNode initializeBody = fromDefaults(bodySchema(initialize));
    assertThat(initializeBody.path("method").asText()).isEqualTo("initialize");
    assertThat(initializeBody.has(SessionAlias.PROPERTY)).isFalse();

    ObjectNode started = SessionAlias.fromEndpoint(post(initializeBody, headers(initialize)));
    assertDeclared(started, responseSchema(initialize));
    String session = started.path(SessionAlias.PROPERTY).asText();
    assertThat(session).isNotBlank();

    JsonNode message = operation("SendMessage");
    assertThat(bodySchema(message).path("required")).extracting(JsonNode::asText).contains(SessionAlias.PROPERTY);
    ObjectNode listBody = fromDefaults(bodySchema(message));
    listBody.put(SessionAlias.PROPERTY, session);
    listBody.put("id", "list-1");
    listBody.put("method", "tools/list");
    assertDeclared(listBody, bodySchema(message));

    ObjectNode listed = SessionAlias.fromEndpoint(post(SessionAlias.toEndpoint(listBody), headers(message)));
    assertDeclared(listed, responseSchema(message));
    assertThat(listed.path("id").asText()).isEqualTo("list-1");
    assertThat(listed.path("error").isMissingNode()).as(listed.toString()).isTrue();
    assertThat(listed.path("result").path("tools").isArray()).isTrue();
    assertThat(listed.path("result").path("tools")).isNotEmpty();
    assertThat(listed.path(SessionAlias.PROPERTY).asText()).isEqualTo(session);

    List<TranscriptMcpServer.Received> received = endpoint.received();
    assertThat(received).hasSize(2).allSatisfy(r -> assertThat(r.headers()).doesNotContainKey("mcp-session-id"));
    JsonNode sent = JSON.readTree(received.get(1).body());
    assertThat(sent.has(SessionAlias.PROPERTY)).isFalse();
    assertThat(sent.path("params").path("_meta").path(SessionAlias.ENDPOINT_META_KEY).asText()).isEqualTo(session);
  }

  @Test
  void a_session_the_endpoint_does_not_know_is_refused_so_the_topic_starts_again() throws Exception {
    ObjectNode listBody = fromDefaults(bodySchema(operation("SendMessage")));
    listBody.put(SessionAlias.PROPERTY, "not-a-session-this-endpoint-minted");
    listBody.put("id", "list-2");
    listBody.put("method", "tools/list");
    HttpResponse<String> response = send(SessionAlias.toEndpoint(listBody), headers(operation("SendMessage")));
    assertThat(response.statusCode()).isEqualTo(404);
  }

  private JsonNode operation(String operationId) {
    for (JsonNode path : swagger.path("paths")) {
      JsonNode post = path.path("post");
      if (post.path("operationId").asText().equals(operationId)) {
        return post;
      }
    }
    throw new AssertionError("no operation " + operationId);
  }

  private static JsonNode bodySchema(JsonNode operation) {
    return operation.path("parameters").get(0).path("schema");
  }

  private static JsonNode responseSchema(JsonNode operation) {
    return operation.path("responses").path("200").path("schema");
  }

  /** What the designer sends when the maker fills nothing in: every default the schema gives. */
  private static ObjectNode fromDefaults(JsonNode schema) {
    ObjectNode body = JSON.createObjectNode();
    Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
    while (properties.hasNext()) {
      Map.Entry<String, JsonNode> property = properties.next();
      JsonNode value = property.getValue();
      if (value.has("default")) {
        body.set(property.getKey(), value.get("default"));
      } else if (value.path("type").asText().equals("object") && value.has("properties")) {
        ObjectNode nested = fromDefaults(value);
        if (!nested.isEmpty()) {
          body.set(property.getKey(), nested);
        }
      }
    }
    return body;
  }

  /** Every top-level property of the body is one the schema declares, so the designer can address it. */
  private static void assertDeclared(JsonNode body, JsonNode schema) {
    List<String> declared = JSON.convertValue(schema.path("properties"), Map.class).keySet().stream()
        .map(Object::toString).toList();
    body.fieldNames().forEachRemaining(name -> {
      if (!name.equals("result") && !name.equals("error")) {
        assertThat(declared).as("property " + name).contains(name);
      }
    });
    assertThat(declared).contains(SessionAlias.PROPERTY);
  }

  /** The header parameters the operation declares, with their defaults: what the connector sends unasked. */
  private static Map<String, String> headers(JsonNode operation) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    for (JsonNode parameter : operation.path("parameters")) {
      if (parameter.path("in").asText().equals("header")) {
        headers.put(parameter.path("name").asText(), parameter.path("default").asText());
      }
    }
    return headers;
  }

  private ObjectNode post(ObjectNode body, Map<String, String> headers) throws Exception {
    HttpResponse<String> response = send(body, headers);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return (ObjectNode) JSON.readTree(response.body());
  }

  private HttpResponse<String> send(ObjectNode body, Map<String, String> headers) throws Exception {
    URI target = URI.create(spec.serverUrl().toString());
    HttpRequest.Builder request = HttpRequest.newBuilder(target).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    headers.forEach(request::header);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
