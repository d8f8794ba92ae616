package dev.ecaprovisioner.transcripts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ecaprovisioner.testing.RepositoryPaths;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator.ReplaceUnderscores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the protocol-generic steps of the transcript file against a real, independent MCP
 * server (the pinned {@code @modelcontextprotocol/server-everything}), so that the offline build
 * catches a transcript that expects something a real Streamable HTTP server would not do.
 *
 * <p>Which steps: those named below by {@code step(transcript name, index, method)}, where the
 * method (JSON-RPC method, HTTP method, or "batch") is what the step must still have, so that an
 * edited transcript file fails here with a message instead of checking another step. A step is generic when what it pins is the
 * protocol's, not this endpoint's: notifications, {@code initialize} version negotiation, ping,
 * id echo, parse error, unknown method, unknown and ended sessions, DELETE, GET, batches. Left out:
 * the endpoint's own tools and paging, the session carried in the body, stateless serving, the
 * Origin allow-list, the size limit, the unsupported MCP-Protocol-Version header and invalid
 * requests (sent without a session, which the reference server refuses first for that), and
 * 2026-07-28, which the reference server does not speak.
 *
 * <p>What is compared: the status, the JSON-RPC envelope ({@code jsonrpc}, the id echoed
 * unchanged), the negotiated version, {@code ping}'s empty result and error codes; never the
 * server's name, capabilities, tools or messages. The transcript answers with
 * {@code application/json}; the reference server with {@code text/event-stream}, which is allowed:
 * "If the input is a JSON-RPC request, the server MUST either return Content-Type:
 * text/event-stream, to initiate an SSE stream, or Content-Type: application/json, to return one
 * JSON object" (transports, Sending Messages to the Server). Where the reference server answers
 * otherwise than the transcript and the specification allows both, the test says so in
 * {@link Allowance}.
 */
@DisplayNameGeneration(ReplaceUnderscores.class)
class McpReferenceServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCEPT = "application/json, text/event-stream";
  private static final String SESSION = "{{session}}";
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private static final StepRef INITIALIZE_2025_03_26 =
      step("initialize with 2025-03-26, then notifications/initialized is accepted with 202", 0, "initialize");
  private static final StepRef INITIALIZED_2025_03_26 =
      step("initialize with 2025-03-26, then notifications/initialized is accepted with 202", 1,
          "notifications/initialized");
  private static final StepRef INITIALIZE_2025_06_18 =
      step("initialize with 2025-06-18, then notifications/initialized is accepted with 202", 0, "initialize");
  private static final StepRef INITIALIZED_2025_06_18 =
      step("initialize with 2025-06-18, then notifications/initialized is accepted with 202", 1,
          "notifications/initialized");
  private static final StepRef INITIALIZE_2025_11_25 =
      step("initialize with 2025-11-25, then notifications/initialized is accepted with 202", 0, "initialize");
  private static final StepRef INITIALIZED_2025_11_25 =
      step("initialize with 2025-11-25, then notifications/initialized is accepted with 202", 1,
          "notifications/initialized");
  private static final StepRef INITIALIZE_UNKNOWN_VERSION =
      step("initialize with 2024-11-05, a version this endpoint does not serve, is answered with its newest handshake version", 0, "initialize");
  private static final String PING_TRANSCRIPT =
      "ping with a string id and with a large integer id, session in the header (both spellings)";
  private static final String TOOLS_CALL_TRANSCRIPT = "tools/call: success with structured content, "
      + "tool failure as isError, invalid arguments, unknown tool, unknown methods";
  private static final String TAMPERED_TRANSCRIPT =
      "a tampered session id is refused with 404, in the header and in the body";
  private static final String DELETE_TRANSCRIPT = "DELETE ends a session; the id then gets 404";
  private static final String BATCH_2025_03_26 = "a batch is served under 2025-03-26";
  private static final String BATCH_2025_06_18 = "a batch is refused under 2025-06-18";

  @TempDir
  static Path workDir;

  private static JsonNode transcripts;
  private static Path node;
  private static Optional<Path> inspector;
  private static ReferenceMcpServer server;
  private static HttpClient http;

  @BeforeAll
  static void startTheReferenceServer() throws Exception {
    Path root = RepositoryPaths.repositoryRoot();
    transcripts = JSON.readTree(root.resolve(RepositoryPaths.TRANSCRIPTS).toFile());
    Optional<List<Path>> installed = ReferenceMcpServer.installedIn(root);
    String missing = ReferenceMcpServer.PACKAGE + " (with Node 22) is not installed in " + root.resolve(".tools")
        + ": run scripts/install-tools.sh";
    if (installed.isEmpty()) {
      assumeTrue("true".equals(System.getenv("CI")), missing + " (CI=true makes this a failure)");
      fail(missing);
    }
    node = installed.get().get(0);
    inspector = ReferenceMcpServer.inspectorIn(root);
    server = ReferenceMcpServer.start(node, installed.get().get(1), workDir);
    http = HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stopTheReferenceServer() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void negotiates_each_handshake_version_as_the_transcripts_expect() throws Exception {
    for (StepRef ref : List.of(INITIALIZE_2025_03_26, INITIALIZE_2025_06_18, INITIALIZE_2025_11_25)) {
      Replay replay = new Replay();
      Exchange exchange = replay.send(ref);

      exchange.assertResult();
      assertThat(exchange.answer.sessionId()).as(exchange.describe("Mcp-Session-Id header")).isPresent();
      String requested = ref.request().at("/body/params/protocolVersion").asText();
      assertThat(exchange.expectedBody().at("/result/protocolVersion").asText())
          .as("the transcript " + ref).isEqualTo(requested);
      assertThat(exchange.message().at("/result/protocolVersion").asText())
          .as(exchange.describe("negotiated version")).isEqualTo(requested);
    }
  }

  @Test
  void answers_a_version_the_endpoint_does_not_support_as_the_specification_allows() throws Exception {
    Exchange exchange = new Replay().send(INITIALIZE_UNKNOWN_VERSION);

    exchange.assertResult();
    String requested = INITIALIZE_UNKNOWN_VERSION.request().at("/body/params/protocolVersion").asText();
    String ours = exchange.expectedBody().at("/result/protocolVersion").asText();
    String theirs = exchange.message().at("/result/protocolVersion").asText();
    // "If the server supports the requested version, it MUST respond with the same version.
    // Otherwise, the server MUST respond with another protocol version it supports. This SHOULD be
    // the latest version supported by the server" (lifecycle). The transcript asks for 2024-11-05,
    // the first MCP version (HTTP+SSE transport), which the endpoint does not support and the
    // reference server does: the endpoint answers its latest handshake version, the reference
    // server echoes the request. Allowance: the reference server may echo, or answer a handshake
    // version; anything else breaks the rule.
    Set<String> handshakeVersions = Set.of("2025-03-26", "2025-06-18", "2025-11-25");
    assertThat(ours).as("the transcript " + INITIALIZE_UNKNOWN_VERSION).isNotEqualTo(requested).isEqualTo("2025-11-25");
    assertThat(theirs.equals(requested) || handshakeVersions.contains(theirs))
        .as(exchange.describe("negotiated version: " + requested + " echoed, or one of " + handshakeVersions)).isTrue();
  }

  @Test
  void accepts_notifications_initialized_with_202_and_no_body_like_the_transcripts() throws Exception {
    for (StepRef ref : List.of(INITIALIZED_2025_03_26, INITIALIZED_2025_06_18, INITIALIZED_2025_11_25)) {
      Replay replay = new Replay();
      replay.send(ref.at(0)).assertResult();
      Exchange exchange = replay.send(ref);

      exchange.assertSameStatus().assertNoBodyOnEitherSide();
      assertThat(exchange.expected.path("status").asInt()).as("the transcript " + ref).isEqualTo(202);
    }
  }

  @Test
  void answers_ping_with_an_empty_result_and_echoes_string_and_large_integer_ids() throws Exception {
    Replay replay = new Replay();
    replay.send(step(PING_TRANSCRIPT, 0, "initialize")).assertResult();

    for (StepRef ref : List.of(step(PING_TRANSCRIPT, 1, "ping"), step(PING_TRANSCRIPT, 2, "ping"))) {
      Exchange exchange = replay.send(ref);

      exchange.assertSameStatus().assertResult();
      assertThat(exchange.message().get("result")).as(exchange.describe("ping result"))
          .isEqualTo(JSON.createObjectNode());
      // The endpoint adds its session id under result._meta, which every result may carry.
      ObjectNode ours = ((ObjectNode) exchange.expectedBody().get("result")).deepCopy();
      ours.remove("_meta");
      assertThat(ours).as("the transcript's ping result without _meta, " + ref).isEqualTo(JSON.createObjectNode());
    }
  }

  @Test
  void answers_a_method_no_version_defines_with_method_not_found() throws Exception {
    Replay replay = new Replay();
    replay.send(step(TOOLS_CALL_TRANSCRIPT, 0, "initialize")).assertResult();
    Exchange exchange = replay.send(step(TOOLS_CALL_TRANSCRIPT, 7, "no/such/method"));

    exchange.assertSameStatus().assertSameErrorCode(-32601).assertIdEchoed();
  }

  @Test
  void answers_malformed_JSON_with_400_and_a_parse_error() throws Exception {
    Exchange exchange = new Replay().send(step("malformed JSON is a parse error", 0, null));

    exchange.assertSameStatus().assertSameErrorCode(-32700);
    // Allowance: an error with no request id to echo. JSON-RPC 2.0: "If there was an error in
    // detecting the id in the Request object (e.g. Parse error/Invalid Request), it MUST be Null";
    // the 2025-11-25 schema makes the id of an error optional instead, and the transcript leaves it
    // out. The reference server sends null. Either way no id may be invented.
    assertThat(exchange.message().path("id").isMissingNode() || exchange.message().get("id").isNull())
        .as(exchange.describe("parse error id (absent or null)")).isTrue();
    assertThat(exchange.expectedBody().has("id")).as("the transcript's parse error carries no id").isFalse();
  }

  @Test
  void refuses_a_session_id_it_never_issued() throws Exception {
    Replay replay = new Replay();
    replay.send(step(TAMPERED_TRANSCRIPT, 0, "initialize")).assertResult();
    Exchange exchange = replay.send(step(TAMPERED_TRANSCRIPT, 1, "ping"));

    exchange.assertStatusWithin(Allowance.UNKNOWN_SESSION).assertJsonRpcErrorOnEitherSide();
  }

  @Test
  void accepts_DELETE_of_a_session_and_then_refuses_the_id() throws Exception {
    Replay replay = new Replay();
    replay.send(step(DELETE_TRANSCRIPT, 0, "initialize")).assertResult();

    replay.send(step(DELETE_TRANSCRIPT, 1, "DELETE")).assertStatusWithin(Allowance.DELETE_ACCEPTED)
        .assertNoBodyOnEitherSide();
    replay.send(step(DELETE_TRANSCRIPT, 2, "ping")).assertStatusWithin(Allowance.ENDED_SESSION)
        .assertJsonRpcErrorOnEitherSide();
    replay.send(step(DELETE_TRANSCRIPT, 3, "DELETE")).assertStatusWithin(Allowance.ENDED_SESSION);
    replay.send(step(DELETE_TRANSCRIPT, 4, "DELETE")).assertSameStatus();
  }

  @Test
  void answers_GET_with_405_or_an_event_stream_and_never_with_a_JSON_answer() throws Exception {
    StepRef get = step("GET is answered 405 with Allow", 0, "GET");
    assertThat(get.expect().path("status").asInt())
        .as("the transcript's GET: \"The server MUST either return Content-Type: text/event-stream in response "
            + "to this HTTP GET, or else return HTTP 405 Method Not Allowed\" (transports)")
        .isEqualTo(405);

    // The transcript's GET carries no session: a server that requires sessions refuses it with
    // 400 ("Servers that require a session ID SHOULD respond to requests without an
    // Mcp-Session-Id header (other than initialization) with HTTP 400 Bad Request").
    Exchange withoutSession = new Replay().send(get);
    assertThat(withoutSession.answer.status).as(withoutSession.describe("status")).isIn(400, 405);

    // With its session, the reference server takes the other branch the specification allows.
    Replay replay = new Replay();
    replay.send(INITIALIZE_2025_11_25).assertResult();
    HttpRequest request = HttpRequest.newBuilder(server.endpoint()).timeout(TIMEOUT).GET()
        .header("Accept", "text/event-stream")
        .header("Mcp-Session-Id", replay.session)
        .header("MCP-Protocol-Version", "2025-11-25")
        .build();
    HttpResponse<InputStream> stream = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream ignored = stream.body()) {
      String type = stream.headers().firstValue("Content-Type").orElse("");
      assertThat(stream.statusCode() == 405 || stream.statusCode() == 200 && type.startsWith("text/event-stream"))
          .as("reference server: GET with its session answered %d %s; %s", stream.statusCode(), type, server.stderr())
          .isTrue();
    }
  }

  @Test
  void serves_a_batch_under_2025_03_26_as_the_transcript_does() throws Exception {
    Replay replay = new Replay();
    replay.send(step(BATCH_2025_03_26, 0, "initialize")).assertResult();

    Exchange requests = replay.send(step(BATCH_2025_03_26, 1, "batch"));
    requests.assertSameStatus().assertBatchAnswered();

    replay.send(step(BATCH_2025_03_26, 2, "batch")).assertSameStatus().assertNoBodyOnEitherSide();
  }

  @Test
  void differs_on_a_batch_under_2025_06_18_only_as_the_specification_allows() throws Exception {
    Replay replay = new Replay();
    replay.send(step(BATCH_2025_06_18, 0, "initialize")).assertResult();
    Exchange exchange = replay.send(step(BATCH_2025_06_18, 1, "batch"));

    // 2025-06-18 removed batches ("The body of the POST request MUST be a single JSON-RPC
    // request, notification, or response"); the transcript refuses one with 400 and -32600.
    assertThat(exchange.expected.path("status").asInt()).as("the transcript " + exchange.ref).isEqualTo(400);
    assertThat(exchange.expectedBody().at("/error/code").asInt()).as("the transcript " + exchange.ref)
        .isEqualTo(-32600);
    // Allowance: the MUST binds the client; the pinned reference server (SDK 1.x) still serves
    // the batch, and a server that refuses it is as right. What it must not do is anything else.
    if (exchange.answer.status == 200) {
      exchange.assertReferenceServedTheBatch();
    } else {
      assertThat(exchange.answer.status).as(exchange.describe("status of a refused batch")).isEqualTo(400);
      exchange.assertJsonRpcErrorOnEitherSide();
    }
  }

  /**
   * The harness's own client side (headers, session from the header, SSE parsing) reads the same
   * tools as an independent client, the MCP Inspector's CLI, from the same server.
   */
  @Test
  void reads_the_same_tools_as_the_MCP_Inspector_CLI() throws Exception {
    String missing = "@modelcontextprotocol/inspector is not installed in .tools: run scripts/install-tools.sh";
    if (inspector.isEmpty()) {
      assumeTrue("true".equals(System.getenv("CI")), missing + " (CI=true makes this a failure)");
      fail(missing);
    }
    // The reference server lists get-roots-list only to a client that declares roots, as the
    // Inspector does; the harness declares the same so that both should see the same tools.
    Replay replay = new Replay();
    ObjectNode initialize = (ObjectNode) INITIALIZE_2025_11_25.request().get("body").deepCopy();
    ((ObjectNode) initialize.get("params")).set("capabilities",
        JSON.createObjectNode().set("roots", JSON.createObjectNode().put("listChanged", true)));
    assertThat(replay.post(initialize, "2025-11-25").messages()).as("the harness's initialize").hasSize(1);
    replay.send(INITIALIZED_2025_11_25).assertSameStatus();
    ObjectNode list = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", "tools-1").put("method", "tools/list");
    Answer ours = replay.post(list, "2025-11-25");
    assertThat(ours.messages()).as("the harness's tools/list: %s", ours.body()).hasSize(1);
    List<String> harnessTools = toolNames(ours.messages().get(0).path("result"));

    Path home = workDir.resolve("inspector-home");
    ProcessBuilder builder = new ProcessBuilder(node.toString(), inspector.get().toString(), "--cli",
        server.endpoint().toString(), "--transport", "http", "--method", "tools/list")
        .directory(workDir.toFile())
        .redirectErrorStream(true);
    // The Inspector keeps state under the home folder: a throw-away one, not the user's.
    builder.environment().put("HOME", home.toString());
    Files.createDirectories(home);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean finished = process.waitFor(60, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    assertThat(finished && process.exitValue() == 0).as("the Inspector CLI's tools/list ended well: %s", output)
        .isTrue();
    List<String> inspectorTools = toolNames(JSON.readTree(output));

    assertThat(harnessTools).as("tools/list through the harness").isNotEmpty().isEqualTo(inspectorTools);
  }

  private static List<String> toolNames(JsonNode result) {
    List<String> names = new ArrayList<>();
    result.path("tools").forEach(tool -> names.add(tool.path("name").asText()));
    return names;
  }

  /** Statuses the reference server may answer where the transcript's differs, with the sentence that allows each. */
  enum Allowance {
    /**
     * A session id the server never issued. The transcript answers 404, as for an ended session;
     * a server may instead treat it as no valid session and answer 400: "Servers that require a
     * session ID SHOULD respond to requests without an Mcp-Session-Id header (other than
     * initialization) with HTTP 400 Bad Request" (the reference server does).
     */
    UNKNOWN_SESSION(404, Set.of(400, 404)),
    /**
     * An ended session. The specification requires 404 ("after which it MUST respond to requests
     * containing that session ID with HTTP 404 Not Found"); the pinned reference server forgets the
     * session and answers 400. That is the reference server's deviation, not the transcript's: the
     * transcript must keep 404, the reference server is held to a 4xx refusal.
     */
    ENDED_SESSION(404, Set.of(400, 404)),
    /**
     * DELETE: the specification names no success status ("The server MAY respond to this request
     * with HTTP 405 Method Not Allowed" is the only other answer); any 2xx ends the session.
     */
    DELETE_ACCEPTED(204, Set.of(200, 202, 204));

    final int transcript;
    final Set<Integer> reference;

    Allowance(int transcript, Set<Integer> reference) {
      this.transcript = transcript;
      this.reference = reference;
    }
  }

  /** One step of the transcript file, found by name and index and checked to be still the step meant. */
  record StepRef(String transcript, int index, String method) {
    JsonNode node() {
      for (JsonNode candidate : transcripts.path("transcripts")) {
        if (transcript.equals(candidate.path("name").asText())) {
          JsonNode step = candidate.path("steps").path(index);
          if (step.isMissingNode()) {
            fail("transcript '" + transcript + "' has no step " + (index + 1) + ": update McpReferenceServerIT");
          }
          String actual = methodOf(step.get("request"));
          if (method != null && !method.equals(actual)) {
            fail("transcript '" + transcript + "' step " + (index + 1) + " is now " + actual + ", not " + method
                + ": update McpReferenceServerIT");
          }
          return step;
        }
      }
      return fail("no transcript named '" + transcript + "' in " + RepositoryPaths.TRANSCRIPTS
          + ": update McpReferenceServerIT");
    }

    JsonNode request() {
      return node().get("request");
    }

    JsonNode expect() {
      return node().get("expect");
    }

    StepRef at(int otherIndex) {
      return new StepRef(transcript, otherIndex, null);
    }

    @Override
    public String toString() {
      return "'" + transcript + "' step " + (index + 1);
    }

    private static String methodOf(JsonNode request) {
      JsonNode body = request.path("body");
      if (body.isArray()) {
        return "batch";
      }
      if (body.has("method")) {
        return body.get("method").asText();
      }
      return request.has("rawBody") ? null : request.path("httpMethod").asText();
    }
  }

  private static StepRef step(String transcript, int index, String method) {
    return new StepRef(transcript, index, method);
  }

  /** The reference server's session within one transcript, taken from its Mcp-Session-Id header at initialize. */
  private static final class Replay {
    private String session;

    Exchange send(StepRef ref) throws IOException, InterruptedException {
      JsonNode request = ref.request();
      HttpRequest.Builder builder = HttpRequest.newBuilder(server.endpoint()).timeout(TIMEOUT);
      boolean accept = false;
      for (Iterator<Map.Entry<String, JsonNode>> it = request.path("headers").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> header = it.next();
        accept |= header.getKey().equalsIgnoreCase("accept");
        builder.header(header.getKey(), substitute(header.getValue().asText()));
      }
      if (!accept) {
        builder.header("Accept", ACCEPT);
      }
      String method = request.path("httpMethod").asText();
      builder.method(method, bodyOf(request));
      HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      Answer answer = Answer.of(response);
      if (session == null && answer.sessionId().isPresent()) {
        session = answer.sessionId().get();
      }
      return new Exchange(ref, request, ref.expect(), answer);
    }

    /** A message of the harness's own, as a client sends it: session and version headers once there is one. */
    Answer post(JsonNode message, String version) throws IOException, InterruptedException {
      HttpRequest.Builder request = HttpRequest.newBuilder(server.endpoint()).timeout(TIMEOUT)
          .header("Content-Type", "application/json")
          .header("Accept", ACCEPT)
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(message)));
      if (session != null) {
        request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", version);
      }
      Answer answer = Answer.of(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
      if (session == null && answer.sessionId().isPresent()) {
        session = answer.sessionId().get();
      }
      return answer;
    }

    private HttpRequest.BodyPublisher bodyOf(JsonNode request) throws JsonProcessingException {
      if (request.has("rawBody")) {
        return HttpRequest.BodyPublishers.ofString(request.get("rawBody").asText());
      }
      if (request.has("body")) {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(substituteAll(request.get("body"))));
      }
      return HttpRequest.BodyPublishers.noBody();
    }

    private JsonNode substituteAll(JsonNode value) {
      if (value.isTextual()) {
        return TextNode.valueOf(substitute(value.asText()));
      }
      JsonNode copy = value.deepCopy();
      if (copy.isObject()) {
        ObjectNode object = (ObjectNode) copy;
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        names.forEach(name -> object.set(name, substituteAll(object.get(name))));
      } else if (copy.isArray()) {
        for (int i = 0; i < copy.size(); i++) {
          ((ArrayNode) copy).set(i, substituteAll(copy.get(i)));
        }
      }
      return copy;
    }

    private String substitute(String text) {
      if (!text.contains(SESSION)) {
        return text;
      }
      assertThat(session).as("the reference server returned no Mcp-Session-Id before a step that uses it").isNotNull();
      return text.replace(SESSION, session);
    }
  }

  /** What the reference server answered: status, content type, and the JSON-RPC messages of a JSON or SSE body. */
  private record Answer(
      int status, String contentType, Optional<String> sessionId, String body, List<JsonNode> messages) {
    static Answer of(HttpResponse<String> response) throws JsonProcessingException {
      String type = response.headers().firstValue("Content-Type").orElse("");
      String body = response.body();
      List<JsonNode> messages = new ArrayList<>();
      if (type.startsWith("text/event-stream")) {
        messages.addAll(sseMessages(body));
      } else if (type.startsWith("application/json") && !body.isBlank()) {
        JsonNode json = JSON.readTree(body);
        if (json.isArray()) {
          json.forEach(messages::add);
        } else {
          messages.add(json);
        }
      }
      return new Answer(response.statusCode(), type, response.headers().firstValue("Mcp-Session-Id"), body, messages);
    }

    /** The data of each event, lines joined; an event with empty data (a priming event) carries no message. */
    private static List<JsonNode> sseMessages(String stream) throws JsonProcessingException {
      List<JsonNode> messages = new ArrayList<>();
      StringBuilder data = new StringBuilder();
      for (String line : (stream + "\n\n").split("\r\n|\r|\n", -1)) {
        if (line.isEmpty()) {
          if (!data.isEmpty()) {
            messages.add(JSON.readTree(data.toString()));
            data.setLength(0);
          }
        } else if (line.startsWith("data:")) {
          if (!data.isEmpty()) {
            data.append('\n');
          }
          data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
        }
      }
      return messages;
    }
  }

  /** One step sent to the reference server, next to what the transcript expects of this endpoint. */
  private record Exchange(StepRef ref, JsonNode request, JsonNode expected, Answer answer) {
    String describe(String what) {
      return "reference server at " + ref + ", " + what + " (answered " + answer.status + " " + answer.contentType
          + ": " + answer.body.strip() + ")\nits stderr:\n" + server.stderr();
    }

    JsonNode expectedBody() {
      return expected.path("body");
    }

    /** The one JSON-RPC message of the answer. */
    JsonNode message() {
      assertThat(answer.messages).as(describe("one JSON-RPC message")).hasSize(1);
      return answer.messages.get(0);
    }

    Exchange assertSameStatus() {
      assertThat(answer.status).as(describe("status, as the transcript expects"))
          .isEqualTo(expected.path("status").asInt());
      return this;
    }

    Exchange assertStatusWithin(Allowance allowance) {
      assertThat(expected.path("status").asInt()).as("the transcript " + ref + " (" + allowance + ")")
          .isEqualTo(allowance.transcript);
      assertThat(answer.status).as(describe("status, allowed: " + allowance.reference + " (" + allowance + ")"))
          .isIn(allowance.reference);
      return this;
    }

    Exchange assertNoBodyOnEitherSide() {
      assertThat(expected.path("body").isMissingNode() || expected.get("body").isNull())
          .as("the transcript " + ref + " expects no body").isTrue();
      assertThat(answer.body).as(describe("no body")).isEmpty();
      return this;
    }

    /** A JSON-RPC result with jsonrpc 2.0 and the request's id unchanged, as the transcript has it. */
    Exchange assertResult() {
      JsonNode message = message();
      assertThat(answer.status).as(describe("status")).isEqualTo(200);
      assertThat(answer.contentType).as(describe("content type")).matches("(application/json|text/event-stream).*");
      assertThat(message.path("jsonrpc").asText()).as(describe("jsonrpc")).isEqualTo("2.0");
      assertThat(message.has("result")).as(describe("result")).isTrue();
      assertThat(expectedBody().has("result")).as("the transcript " + ref + " expects a result").isTrue();
      return assertIdEchoed();
    }

    Exchange assertIdEchoed() {
      JsonNode id = request.at("/body/id");
      assertThat(sameId(message().path("id"), id)).as(describe("id " + id + " echoed unchanged")).isTrue();
      assertThat(sameId(expectedBody().path("id"), id)).as("the transcript " + ref + " echoes id " + id).isTrue();
      return this;
    }

    Exchange assertSameErrorCode(int code) {
      assertThat(expectedBody().at("/error/code").asInt()).as("the transcript " + ref + " error code").isEqualTo(code);
      JsonNode message = message();
      assertThat(message.path("jsonrpc").asText()).as(describe("jsonrpc")).isEqualTo("2.0");
      assertThat(message.at("/error/code").asInt()).as(describe("error code")).isEqualTo(code);
      return this;
    }

    Exchange assertJsonRpcErrorOnEitherSide() {
      assertThat(expectedBody().at("/error/code").isInt()).as("the transcript " + ref + " answers a JSON-RPC error")
          .isTrue();
      JsonNode message = message();
      assertThat(message.path("jsonrpc").asText()).as(describe("jsonrpc")).isEqualTo("2.0");
      assertThat(message.at("/error/code").isInt()).as(describe("a JSON-RPC error")).isTrue();
      return this;
    }

    /** Every request of the batch answered once, by id, on both sides, each as a result or each as an error alike. */
    Exchange assertBatchAnswered() {
      List<JsonNode> ours = new ArrayList<>();
      expectedBody().forEach(ours::add);
      assertThat(ids(ours)).as("the transcript " + ref + " answers each request of the batch").isEqualTo(requestIds());
      assertReferenceServedTheBatch();
      for (JsonNode theirs : answer.messages) {
        JsonNode match = ours.stream().filter(o -> o.get("id").equals(theirs.get("id"))).findFirst().orElseThrow();
        assertThat(theirs.has("result"))
            .as(describe("batch answer " + theirs.get("id") + " is a result like the transcript's"))
            .isEqualTo(match.has("result"));
      }
      return this;
    }

    Exchange assertReferenceServedTheBatch() {
      assertThat(ids(answer.messages)).as(describe("each request of the batch answered")).isEqualTo(requestIds());
      for (JsonNode theirs : answer.messages) {
        assertThat(theirs.path("jsonrpc").asText()).as(describe("jsonrpc")).isEqualTo("2.0");
        assertThat(theirs.has("result") || theirs.has("error")).as(describe("a result or an error")).isTrue();
      }
      return this;
    }

    private Set<String> requestIds() {
      Set<String> requestIds = new HashSet<>();
      request.path("body").forEach(item -> {
        if (item.has("id")) {
          requestIds.add(item.get("id").toString());
        }
      });
      return requestIds;
    }

    private static Set<String> ids(List<JsonNode> messages) {
      Set<String> ids = new HashSet<>();
      messages.forEach(message -> ids.add(message.path("id").toString()));
      return ids;
    }

    private static boolean sameId(JsonNode actual, JsonNode expected) {
      if (expected.isTextual()) {
        return actual.isTextual() && actual.asText().equals(expected.asText());
      }
      return expected.isIntegralNumber() && actual.isIntegralNumber()
          && actual.bigIntegerValue().equals(expected.bigIntegerValue());
    }
  }
}
