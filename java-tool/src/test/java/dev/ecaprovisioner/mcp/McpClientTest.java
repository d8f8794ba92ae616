package dev.ecaprovisioner.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ecaprovisioner.org.AccessToken;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class McpClientTest {
  TranscriptMcpServer server;
  McpClient client;

  @BeforeEach
  void start() throws Exception {
    server = TranscriptMcpServer.start();
    client = new McpClient(server.url(), Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Nested
  class Against_the_Apex_endpoints_transcripts {
    @Test
    void carries_the_session_in_the_body_and_pages_through_the_tools() {
      List<McpClient.Exchange> init = client.initialize("2025-06-18");

      assertThat(init).extracting(McpClient.Exchange::status).containsExactly(200, 202);
      assertThat(client.sessionInBody()).isTrue();
      assertThat(client.sessionId()).isEqualTo(init.get(0).headers().get("mcp-session-id"));
      McpClient.ToolListing listing = client.listTools();
      assertThat(listing.complete()).isTrue();
      assertThat(listing.exchanges()).hasSizeGreaterThan(1);
      assertThat(listing.tools()).extracting(t -> t.path("name").asText()).contains("echo", "always_fails");
      List<TranscriptMcpServer.Received> lists = server.received().stream()
          .filter(r -> r.body().contains("\"tools/list\"")).toList();
      assertThat(lists).allSatisfy(r -> {
        assertThat(r.headers()).doesNotContainKey("mcp-session-id").containsEntry("mcp-protocol-version",
            "2025-06-18");
        assertThat(r.body()).contains(client.sessionId());
      });
    }

    @Test
    void shows_a_forgotten_session_as_404_and_starts_a_new_one_on_initialize() {
      client.initialize("2025-06-18");
      String first = client.sessionId();
      server.forgetSessions();

      McpClient.ToolListing lost = client.listTools();
      assertThat(lost.complete()).isFalse();
      assertThat(lost.last().status()).isEqualTo(404);

      client.initialize("2025-06-18");
      assertThat(client.sessionId()).isNotEqualTo(first);
      assertThat(client.listTools().complete()).isTrue();
    }

    @Test
    void shows_a_refused_token_with_its_challenge_and_never_the_token() {
      String token = "00D" + UUID.randomUUID().toString().replace("-", "") + "!T";
      server.requireToken("something-else");
      client.bearer(AccessToken.of(token));

      McpClient.Exchange refused = client.initialize("2025-06-18").get(0);

      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.headers()).containsEntry("www-authenticate", "Bearer");
      assertThat(refused.describe()).isEqualTo("HTTP 401");
      assertThat(refused.toString()).doesNotContain(token);
    }

    @Test
    void speaks_2026_07_28_without_a_handshake() {
      List<McpClient.Exchange> discover = client.initialize("2026-07-28");

      assertThat(discover).singleElement().satisfies(e -> {
        assertThat(e.ok()).isTrue();
        assertThat(e.result().path("supportedVersions").toString()).contains("2026-07-28");
      });
      assertThat(client.sessionId()).isNull();
      assertThat(client.listTools().complete()).isTrue();
      assertThat(server.received().get(server.received().size() - 1).headers())
          .containsEntry("mcp-method", "tools/list").containsEntry("mcp-protocol-version", "2026-07-28");
    }
  }

  @Nested
  class Reading_server_sent_events {
    @Test
    void takes_the_response_with_its_id_after_other_events() throws Exception {
      HttpServer sse = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
      sse.createContext("/mcp", exchange -> {
        byte[] body = ("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\","
            + "\"params\":{}}\n\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"serverInfo\":{\"name\":\"s\","
            + "\"version\":\"1\"}}}\n\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Mcp-Session-Id", "header-session");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      sse.start();
      try {
        McpClient sseClient = new McpClient(URI.create("http://127.0.0.1:" + sse.getAddress().getPort() + "/mcp"),
            Duration.ofSeconds(2), Duration.ofSeconds(5));
        McpClient.Exchange init = sseClient.initialize("2025-11-25").get(0);
        assertThat(init.ok()).isTrue();
        assertThat(sseClient.protocolVersion()).isEqualTo("2025-11-25");
        assertThat(sseClient.sessionId()).isEqualTo("header-session");
        assertThat(sseClient.sessionInBody()).isFalse();
      } finally {
        sse.stop(0);
      }
    }
  }
}
