package dev.ecaprovisioner.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TranscriptMcpServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newHttpClient();
  private TranscriptMcpServer server;

  @BeforeEach
  void start() throws Exception {
    server = TranscriptMcpServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> post(String body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.url())
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String initialize() throws Exception {
    HttpResponse<String> response = post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"initialize\",\"params\":"
        + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("id").asInt()).isEqualTo(7);
    assertThat(body.path("result").path("protocolVersion").asText()).isEqualTo("2025-06-18");
    String session = body.path("result").path("_meta").path(server.sessionMetaKey()).asText();
    assertThat(session).isNotBlank().isEqualTo(response.headers().firstValue("Mcp-Session-Id").orElseThrow());
    return session;
  }

  private String listTools(String session, String cursor) {
    return "{\"jsonrpc\":\"2.0\",\"id\":\"l\",\"method\":\"tools/list\",\"params\":{"
        + (cursor == null ? "" : "\"cursor\":\"" + cursor + "\",")
        + "\"_meta\":{\"" + server.sessionMetaKey() + "\":\"" + session + "\"}}}";
  }

  @Test
  void mints_a_session_at_initialize_and_carries_it_in_the_body_of_later_answers() throws Exception {
    String session = initialize();

    HttpResponse<String> tools = post(listTools(session, null), "MCP-Protocol-Version", "2025-06-18");

    assertThat(tools.statusCode()).isEqualTo(200);
    JsonNode result = JSON.readTree(tools.body()).path("result");
    assertThat(result.path("tools").isArray()).isTrue();
    assertThat(result.path("_meta").path(server.sessionMetaKey()).asText()).isEqualTo(session);
  }

  @Test
  void follows_the_transcript_to_its_next_page() throws Exception {
    String session = initialize();
    JsonNode first = JSON.readTree(post(listTools(session, null), "MCP-Protocol-Version", "2025-06-18").body());
    String cursor = first.path("result").path("nextCursor").asText();
    assertThat(cursor).isNotBlank();

    JsonNode second = JSON.readTree(post(listTools(session, cursor), "MCP-Protocol-Version", "2025-06-18").body());

    assertThat(second.path("result").path("tools").toString()).isNotEqualTo(first.path("result").path("tools")
        .toString());
  }

  @Test
  void answers_a_session_it_did_not_mint_or_forgot_with_404() throws Exception {
    String session = initialize();
    server.forgetSessions();

    HttpResponse<String> answer = post(listTools(session, null), "MCP-Protocol-Version", "2025-06-18");

    assertThat(answer.statusCode()).isEqualTo(404);
  }

  @Test
  void refuses_a_token_it_does_not_accept_when_told_to_check_tokens() throws Exception {
    server.requireToken("first");

    HttpResponse<String> without = post(listTools("x", null));
    HttpResponse<String> with = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
        "Authorization", "Bearer first");

    assertThat(without.statusCode()).isEqualTo(401);
    assertThat(without.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(with.statusCode()).isEqualTo(200);
    assertThat(server.received()).hasSize(2);
  }
}
