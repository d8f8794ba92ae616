package dev.ecaprovisioner.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stateless MCP server on loopback for cases the Apex transcripts do not hold: it answers {@code initialize} as
 * 2025-06-18 requires, {@code notifications/initialized} with 202, {@code tools/list} with the tools a test gives, and
 * can refuse every request as a Salesforce Hosted MCP server refuses an opaque token (401 with an error code).
 */
public final class CannedMcpServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Map<String, String> refusal = new ConcurrentHashMap<>();
  private volatile JsonNode tools = JSON.createArrayNode();

  private CannedMcpServer(HttpServer server) {
    this.server = server;
  }

  public static CannedMcpServer start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    CannedMcpServer canned = new CannedMcpServer(server);
    server.createContext("/mcp", canned::serve);
    server.start();
    return canned;
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
  }

  /** The tools {@code tools/list} answers, as a JSON array. */
  public CannedMcpServer tools(String json) throws IOException {
    this.tools = JSON.readTree(json);
    return this;
  }

  /** Every request gets 401 with this error code and message in a Salesforce REST error body. */
  public CannedMcpServer refuseWith(String errorCode, String message) {
    refusal.put("code", errorCode);
    refusal.put("message", message);
    return this;
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode request;
      try (InputStream in = exchange.getRequestBody()) {
        request = JSON.readTree(in.readAllBytes());
      }
      if (!refusal.isEmpty()) {
        send(exchange, 401, JSON.writeValueAsString(java.util.List.of(Map.of("errorCode", refusal.get("code"),
            "message", refusal.get("message")))));
        return;
      }
      String method = request.path("method").asText();
      if (!request.has("id")) {
        exchange.sendResponseHeaders(202, -1);
        return;
      }
      ObjectNode answer = JSON.createObjectNode().put("jsonrpc", "2.0");
      answer.set("id", request.get("id"));
      ObjectNode result = answer.putObject("result");
      switch (method) {
        case "initialize" -> {
          result.put("protocolVersion", "2025-06-18");
          result.putObject("capabilities").putObject("tools");
          result.putObject("serverInfo").put("name", "canned").put("version", "1.0");
        }
        case "tools/list" -> result.set("tools", tools);
        default -> {
          answer.remove("result");
          answer.putObject("error").put("code", -32601).put("message", "Method not found");
        }
      }
      send(exchange, 200, answer.toString());
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
