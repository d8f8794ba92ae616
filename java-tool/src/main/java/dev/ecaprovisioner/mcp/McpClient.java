package dev.ecaprovisioner.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecaprovisioner.org.AccessToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An MCP client over Streamable HTTP that shows what happened on the wire: every call returns an {@link Exchange}
 * with the HTTP status, the response headers, the JSON-RPC message and the time it took, so {@code doctor} can report a
 * 401, a 404 for a lost session or a header a server sent, which a client library hides.
 *
 * <p>It speaks 2025-03-26, 2025-06-18 and 2025-11-25 (an {@code initialize} handshake, then {@code
 * notifications/initialized}, answered 202) and 2026-07-28 ({@code server/discover}, no session, the version and
 * capabilities in every request's {@code _meta}, {@code Mcp-Method}/{@code Mcp-Name} headers). Answers may be {@code
 * application/json} or {@code text/event-stream}. A session id is taken from the {@code Mcp-Session-Id} header and
 * from the body at {@code result._meta["dev.ecaprovisioner/sessionId"]}; when the server gives it in the body, it is
 * sent back in the body only, as a Copilot Studio connector (which cannot send a header it read) must, else in the
 * header.
 */
public final class McpClient {
  /** The {@code _meta} key under which this project's Apex endpoint carries the session id in bodies. */
  public static final String BODY_SESSION_KEY = "dev.ecaprovisioner/sessionId";
  /** The versions this client speaks, oldest first. */
  public static final List<String> VERSIONS = List.of("2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28");
  /** The handshake version asked for when none is given. */
  public static final String DEFAULT_VERSION = "2025-06-18";
  static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI endpoint;
  private final Duration readTimeout;
  private AccessToken bearer;
  private String version;
  private String sessionId;
  private boolean sessionInBody;
  private int nextId = 1;

  /**
   * One HTTP exchange.
   *
   * @param method the JSON-RPC method sent
   * @param status the HTTP status, 0 when no answer came
   * @param headers the response headers, names in lower case (first value of each)
   * @param message the JSON-RPC message answering the request, or null (a 202, an error page, no answer)
   * @param body the answer's text as received, at most 2,000 characters, any bearer token masked
   * @param elapsed how long it took
   * @param failure why no answer came, or null
   */
  public record Exchange(String method, int status, Map<String, String> headers, JsonNode message, String body,
      Duration elapsed, String failure) {
    public Exchange {
      headers = Map.copyOf(headers);
    }

    /** The JSON-RPC {@code result}, or a missing node. */
    public JsonNode result() {
      return message == null ? JSON.missingNode() : message.path("result");
    }

    /** Whether the server answered 200 with a JSON-RPC result. */
    public boolean ok() {
      return status == 200 && message != null && message.has("result");
    }

    /** Status, JSON-RPC error or failure in a few words, for a report. */
    public String describe() {
      if (failure != null) {
        return failure;
      }
      if (message != null && message.has("error")) {
        return "HTTP " + status + ", JSON-RPC error " + message.path("error").path("code").asText() + ": "
            + message.path("error").path("message").asText();
      }
      return "HTTP " + status;
    }
  }

  /**
   * Every page of {@code tools/list}.
   *
   * @param tools the tools, in the order served
   * @param exchanges one per page, the last one the first that failed if any did
   */
  public record ToolListing(List<JsonNode> tools, List<Exchange> exchanges) {
    public ToolListing {
      tools = List.copyOf(tools);
      exchanges = List.copyOf(exchanges);
    }

    public boolean complete() {
      return !exchanges.isEmpty() && exchanges.get(exchanges.size() - 1).ok();
    }

    public Exchange last() {
      return exchanges.get(exchanges.size() - 1);
    }
  }

  public McpClient(URI endpoint, Duration connectTimeout, Duration readTimeout) {
    this.endpoint = endpoint;
    this.readTimeout = readTimeout;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER);
    if ("http".equalsIgnoreCase(endpoint.getScheme())) {
      // Plain http is for loopback servers; an h2c upgrade request is what some of them mishandle.
      builder.version(HttpClient.Version.HTTP_1_1);
    }
    this.http = builder.build();
  }

  /** The bearer token of later requests, or null for none. */
  public void bearer(AccessToken token) {
    this.bearer = token;
  }

  public String sessionId() {
    return sessionId;
  }

  /** Whether the server gave the session id in the body (so it is carried there). */
  public boolean sessionInBody() {
    return sessionInBody;
  }

  /** The version agreed on, or null before {@link #initialize}. */
  public String protocolVersion() {
    return version;
  }

  /**
   * Starts a session: {@code initialize} asking for {@code askedVersion} and, when it succeeds, {@code
   * notifications/initialized}; for 2026-07-28, {@code server/discover} alone. Returns the exchanges in order.
   */
  public List<Exchange> initialize(String askedVersion) {
    sessionId = null;
    sessionInBody = false;
    List<Exchange> exchanges = new ArrayList<>();
    if (askedVersion.equals("2026-07-28")) {
      version = askedVersion;
      exchanges.add(send("server/discover", JSON.createObjectNode(), true));
      return exchanges;
    }
    version = null;
    ObjectNode params = JSON.createObjectNode().put("protocolVersion", askedVersion);
    params.putObject("capabilities");
    params.putObject("clientInfo").put("name", "eca-provisioner-doctor").put("version", "1.0");
    Exchange init = send("initialize", params, true);
    exchanges.add(init);
    if (!init.ok()) {
      return exchanges;
    }
    version = init.result().path("protocolVersion").asText(askedVersion);
    String header = init.headers().get("mcp-session-id");
    String inBody = init.result().path("_meta").path(BODY_SESSION_KEY).asText(null);
    sessionInBody = inBody != null && !inBody.isBlank();
    sessionId = sessionInBody ? inBody : header;
    exchanges.add(send("notifications/initialized", null, false));
    return exchanges;
  }

  /** A request with the session carried as the server wants it. */
  public Exchange request(String method, ObjectNode params) {
    return send(method, params == null ? JSON.createObjectNode() : params, true);
  }

  /** Every page of {@code tools/list}, following {@code nextCursor}; at most 100 pages. */
  public ToolListing listTools() {
    List<JsonNode> tools = new ArrayList<>();
    List<Exchange> exchanges = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 100; page++) {
      ObjectNode params = JSON.createObjectNode();
      if (cursor != null) {
        params.put("cursor", cursor);
      }
      Exchange exchange = request("tools/list", params);
      exchanges.add(exchange);
      if (!exchange.ok()) {
        break;
      }
      exchange.result().path("tools").forEach(tools::add);
      cursor = exchange.result().path("nextCursor").asText(null);
      if (cursor == null || cursor.isBlank()) {
        break;
      }
    }
    return new ToolListing(tools, exchanges);
  }

  private Exchange send(String method, ObjectNode params, boolean expectsAnswer) {
    ObjectNode message = JSON.createObjectNode().put("jsonrpc", "2.0");
    int id = nextId++;
    if (expectsAnswer) {
      message.put("id", id);
    }
    message.put("method", method);
    ObjectNode sentParams = params == null ? null : params.deepCopy();
    if (version != null && version.equals("2026-07-28")) {
      sentParams = sentParams == null ? JSON.createObjectNode() : sentParams;
      ObjectNode meta = sentParams.with("_meta");
      meta.put("io.modelcontextprotocol/protocolVersion", version);
      meta.putObject("io.modelcontextprotocol/clientCapabilities");
      meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "eca-provisioner-doctor").put("version", "1.0");
    } else if (sessionId != null && sessionInBody) {
      sentParams = sentParams == null ? JSON.createObjectNode() : sentParams;
      sentParams.with("_meta").put(BODY_SESSION_KEY, sessionId);
    }
    if (sentParams != null) {
      message.set("params", sentParams);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(readTimeout)
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(message.toString()));
    if (version != null && !version.equals("2025-03-26")) {
      request.header("MCP-Protocol-Version", version);
    }
    if ("2026-07-28".equals(version)) {
      request.header("Mcp-Method", method);
      if (method.equals("tools/call") && sentParams.has("name")) {
        request.header("Mcp-Name", sentParams.path("name").asText());
      }
    }
    if (sessionId != null && !sessionInBody) {
      request.header("Mcp-Session-Id", sessionId);
    }
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer.reveal());
    }
    long start = System.nanoTime();
    try {
      HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      Map<String, String> headers = new TreeMap<>();
      response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
          values.isEmpty() ? "" : values.get(0)));
      String contentType = headers.getOrDefault("content-type", "");
      String text;
      JsonNode answer;
      try (InputStream in = response.body()) {
        if (contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
          StringBuilder seen = new StringBuilder();
          answer = readEvents(in, id, seen);
          text = seen.toString();
        } else {
          text = new String(in.readNBytes(MAX_BODY_BYTES), StandardCharsets.UTF_8);
          answer = parse(text);
        }
      }
      if (answer != null && !answer.isObject()) {
        answer = null;
      }
      return new Exchange(method, response.statusCode(), headers, answer, shorten(mask(text)),
          Duration.ofNanos(System.nanoTime() - start), null);
    } catch (HttpTimeoutException e) {
      return failed(method, start, "no answer within " + readTimeout.toSeconds() + " s");
    } catch (IOException e) {
      return failed(method, start, "the connection to " + endpoint.getHost() + " failed: " + mask(e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(method, start, "interrupted");
    }
  }

  /** Reads server-sent events until the response with {@code id} arrives (a server may send requests first). */
  private static JsonNode readEvents(InputStream in, int id, StringBuilder seen) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    StringBuilder data = new StringBuilder();
    String line;
    while ((line = reader.readLine()) != null) {
      if (seen.length() < MAX_BODY_BYTES) {
        seen.append(line).append('\n');
      }
      if (line.startsWith("data:")) {
        data.append(data.length() == 0 ? "" : "\n").append(line.substring(5).stripLeading());
      } else if (line.isEmpty() && data.length() > 0) {
        JsonNode event = parse(data.toString());
        data.setLength(0);
        if (event != null && event.path("id").asInt(-1) == id && (event.has("result") || event.has("error"))) {
          return event;
        }
      }
    }
    JsonNode last = data.length() > 0 ? parse(data.toString()) : null;
    return last != null && last.path("id").asInt(-1) == id ? last : null;
  }

  private Exchange failed(String method, long start, String why) {
    return new Exchange(method, 0, Map.of(), null, "", Duration.ofNanos(System.nanoTime() - start), why);
  }

  private String mask(String text) {
    return bearer == null || text == null ? String.valueOf(text) : bearer.redact(text);
  }

  private static String shorten(String text) {
    return text.length() <= 2000 ? text : text.substring(0, 2000) + "...";
  }

  private static JsonNode parse(String text) {
    try {
      return text.isBlank() ? null : JSON.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }
}
