package dev.ecaprovisioner.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ecaprovisioner.testing.RepositoryPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Apex MCP endpoint as its transcripts ({@code McpTranscripts.json}) define it, on loopback: every answer is a
 * transcript step's expected answer, so a client tested against this server is tested against the contract the Apex
 * replay test holds the endpoint to, and the two cannot drift apart.
 *
 * <p>A request is answered by the step that matches it best: same HTTP method and JSON-RPC method, then the most
 * {@code params} with equal values (ignoring {@code _meta} and cursors), the same {@code MCP-Protocol-Version} header, and the same use of
 * a session. {@code {{session}}} in an answer becomes a session id this server mints at {@code initialize} and
 * remembers; {@code {{cursor}}} becomes a cursor that leads to the transcript's next page; the JSON-RPC id is the
 * request's. A session id this server did not mint, or has {@link #forgetSessions() forgotten}, gets the transcripts'
 * 404 answer. Beyond the transcripts, which assume a valid token, it checks the bearer token: with {@link
 * #requireToken} set, a request without an accepted token gets 401 with {@code WWW-Authenticate: Bearer}.
 */
public final class TranscriptMcpServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  /** The path the Apex endpoint serves. */
  public static final String PATH = "/services/apexrest/mcp";

  private final HttpServer server;
  private final ExecutorService executor;
  private final String sessionMetaKey;
  private final List<Step> steps;
  private final Set<String> sessions = ConcurrentHashMap.newKeySet();
  private final Map<String, Step> cursors = new ConcurrentHashMap<>();
  private final Set<String> acceptedTokens = ConcurrentHashMap.newKeySet();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile boolean requireToken;

  /** One step of one transcript, with its place so the next page of a listing can be found. */
  private record Step(int transcript, int index, JsonNode request, JsonNode expect) {}

  /**
   * What a request carried, for tests that check what a client sent.
   *
   * @param httpMethod POST, GET or DELETE
   * @param headers the headers, names in lower case (first value of each)
   * @param body the body as text
   */
  public record Received(String httpMethod, Map<String, String> headers, String body) {}

  private TranscriptMcpServer(HttpServer server, ExecutorService executor, JsonNode file) {
    this.server = server;
    this.executor = executor;
    this.sessionMetaKey = file.path("sessionMetaKey").asText();
    List<Step> all = new ArrayList<>();
    JsonNode transcripts = file.path("transcripts");
    for (int t = 0; t < transcripts.size(); t++) {
      JsonNode list = transcripts.get(t).path("steps");
      for (int s = 0; s < list.size(); s++) {
        all.add(new Step(t, s, list.get(s).path("request"), list.get(s).path("expect")));
      }
    }
    this.steps = List.copyOf(all);
  }

  /** Starts on a free port of 127.0.0.1, answering from the repository's transcripts. */
  public static TranscriptMcpServer start() throws IOException {
    return start(RepositoryPaths.repositoryRoot().resolve(RepositoryPaths.TRANSCRIPTS));
  }

  /** Starts on a free port of 127.0.0.1, answering from the transcripts in {@code file}. */
  public static TranscriptMcpServer start(Path file) throws IOException {
    JsonNode transcripts = JSON.readTree(Files.readAllBytes(file));
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
    ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
      Thread thread = new Thread(r, "transcript-mcp-server");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    TranscriptMcpServer fake = new TranscriptMcpServer(server, executor, transcripts);
    server.createContext(PATH, fake::serve);
    server.start();
    return fake;
  }

  /** The endpoint's URL, {@code http://127.0.0.1:PORT/services/apexrest/mcp}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
  }

  /** The {@code _meta} key the session id travels under in bodies. */
  public String sessionMetaKey() {
    return sessionMetaKey;
  }

  /** From now on, requests need one of the accepted bearer tokens. */
  public TranscriptMcpServer requireToken(String... tokens) {
    acceptedTokens.addAll(List.of(tokens));
    requireToken = true;
    return this;
  }

  /** Accepts another bearer token, as an org does a refreshed one. */
  public TranscriptMcpServer acceptToken(String token) {
    acceptedTokens.add(token);
    return this;
  }

  /** Refuses a bearer token from now on, as an org does an expired or revoked one. */
  public TranscriptMcpServer revokeToken(String token) {
    acceptedTokens.remove(token);
    return this;
  }

  /** Forgets every session, as when the endpoint's signing key is rotated: their ids then get 404. */
  public TranscriptMcpServer forgetSessions() {
    sessions.clear();
    return this;
  }

  /** Every request received, in order. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String httpMethod = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      Map<String, String> headers = new java.util.TreeMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
          values.isEmpty() ? "" : values.get(0)));
      String bodyText;
      try (InputStream in = exchange.getRequestBody()) {
        bodyText = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
      }
      received.add(new Received(httpMethod, Map.copyOf(headers), bodyText));
      if (requireToken && !tokenAccepted(headers.get("authorization"))) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        send(exchange, 401, "application/json",
            "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");
        return;
      }
      JsonNode body = parse(bodyText);
      String method = body == null ? null : body.path("method").asText(null);
      String session = headers.get("mcp-session-id");
      if (session == null && body != null) {
        session = body.path("params").path("_meta").path(sessionMetaKey).asText(null);
      }
      Step step;
      String answerSession = session;
      if (session != null && !"initialize".equals(method) && !sessions.contains(session)) {
        step = best(httpMethod, method, body, headers, true, 404);
      } else {
        step = best(httpMethod, method, body, headers, session != null, 0);
        if ("initialize".equals(method) && step != null && step.expect().path("status").asInt() == 200) {
          answerSession = newSessionId();
          sessions.add(answerSession);
        }
      }
      if (step == null) {
        send(exchange, 500, "text/plain", "no transcript step answers " + httpMethod + " " + method);
        return;
      }
      answer(exchange, step, body, answerSession);
    }
  }

  private boolean tokenAccepted(String authorization) {
    return authorization != null && authorization.startsWith("Bearer ")
        && acceptedTokens.contains(authorization.substring("Bearer ".length()).strip());
  }

  /**
   * The step that answers best, or null. With {@code status} 0 any 2xx/4xx answer qualifies except a 404 for a
   * session; with a status, only steps expecting it.
   */
  private Step best(String httpMethod, String method, JsonNode body, Map<String, String> headers,
      boolean hasSession, int status) {
    String cursor = body == null ? null : body.path("params").path("cursor").asText(null);
    if (cursor != null && status == 0) {
      Step page = cursors.get(cursor);
      if (page != null) {
        return page;
      }
      status = 0;
    }
    Step best = null;
    int bestScore = -1;
    for (Step step : steps) {
      JsonNode request = step.request();
      int expected = step.expect().path("status").asInt();
      if (!httpMethod.equals(request.path("httpMethod").asText())) {
        continue;
      }
      JsonNode stepBody = request.path("body");
      String stepMethod = stepBody.isObject() ? stepBody.path("method").asText(null) : null;
      if (method == null ? stepMethod != null || request.has("rawBody") && body != null : !method.equals(stepMethod)) {
        continue;
      }
      if (status != 0 ? expected != status : expected == 404 || expected == 413 || expected == 403) {
        continue;
      }
      if (cursor == null && stepBody.path("params").has("cursor")) {
        continue;
      }
      int score = 0;
      if (body != null) {
        score += 4 * sameParams(stripped(stepBody.path("params")), stripped(body.path("params")));
      }
      String version = headers.get("mcp-protocol-version");
      String stepVersion = header(request.path("headers"), "mcp-protocol-version");
      if (version == null ? stepVersion == null : version.equals(stepVersion)) {
        score += 2;
      }
      if (mentionsSession(request) == hasSession) {
        score += 1;
      }
      if (score > bestScore) {
        best = step;
        bestScore = score;
      }
    }
    return best;
  }

  private void answer(HttpExchange exchange, Step step, JsonNode request, String session) throws IOException {
    JsonNode expect = step.expect();
    Iterator<Map.Entry<String, JsonNode>> headers = expect.path("headers").fields();
    String contentType = "application/json";
    while (headers.hasNext()) {
      Map.Entry<String, JsonNode> header = headers.next();
      String value = fill(header.getValue().asText(), session, null);
      if (header.getKey().equalsIgnoreCase("Content-Type")) {
        contentType = value;
      } else if (!header.getKey().equalsIgnoreCase("Mcp-Session-Id") || session != null) {
        exchange.getResponseHeaders().set(header.getKey(), value);
      }
    }
    int status = expect.path("status").asInt(200);
    JsonNode body = expect.get("body");
    if (body == null || body.isNull()) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    String cursor = null;
    Step next = nextPage(step);
    if (next != null) {
      cursor = newSessionId();
      cursors.put(cursor, next);
    }
    JsonNode filled = fill(body.deepCopy(), session, cursor);
    if (filled instanceof ObjectNode object && request != null && request.has("id") && object.has("id")) {
      object.set("id", request.get("id"));
    }
    send(exchange, status, contentType, JSON.writeValueAsString(filled));
  }

  /** The step of the same transcript that asks for the page this step's answer points to. */
  private Step nextPage(Step step) {
    if (!step.expect().toString().contains("{{cursor}}")) {
      return null;
    }
    for (Step later : steps) {
      if (later.transcript() == step.transcript() && later.index() > step.index()
          && later.request().path("body").path("params").path("cursor").asText("").equals("{{cursor}}")) {
        return later;
      }
    }
    return null;
  }

  private static JsonNode fill(JsonNode node, String session, String cursor) {
    if (node instanceof ObjectNode object) {
      object.fields().forEachRemaining(e -> e.setValue(fill(e.getValue(), session, cursor)));
      return object;
    }
    if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, fill(array.get(i), session, cursor));
      }
      return array;
    }
    if (node.isTextual()) {
      return TextNode.valueOf(fill(node.asText(), session, cursor));
    }
    return node;
  }

  private static String fill(String text, String session, String cursor) {
    String out = text.replace("{{session}}", session == null ? "" : session).replace("{{*}}", "x");
    return cursor == null ? out : out.replace("{{cursor}}", cursor);
  }

  private JsonNode stripped(JsonNode params) {
    if (!(params instanceof ObjectNode object)) {
      return params.isMissingNode() || params.isNull() ? JSON.createObjectNode() : params;
    }
    ObjectNode copy = object.deepCopy();
    copy.remove("_meta");
    copy.remove("cursor");
    return copy;
  }

  /** How many top-level params the two share with equal values. */
  private static int sameParams(JsonNode step, JsonNode request) {
    int same = 0;
    Iterator<Map.Entry<String, JsonNode>> it = step.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> param = it.next();
      if (param.getValue().equals(request.get(param.getKey()))) {
        same++;
      }
    }
    return same;
  }

  private static boolean mentionsSession(JsonNode request) {
    return request.toString().contains("{{session}}");
  }

  private static String header(JsonNode headers, String name) {
    Iterator<Map.Entry<String, JsonNode>> it = headers.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> header = it.next();
      if (header.getKey().equalsIgnoreCase(name)) {
        return header.getValue().asText();
      }
    }
    return null;
  }

  private static JsonNode parse(String text) {
    try {
      return text.isBlank() ? null : JSON.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  private static String newSessionId() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
