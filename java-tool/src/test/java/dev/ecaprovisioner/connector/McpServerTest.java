package dev.ecaprovisioner.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecaprovisioner.BadInputException;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class McpServerTest {
  @ParameterizedTest
  @ValueSource(strings = {"ftp://mcp.example.com/mcp", "file://host/mcp", "ws://mcp.example.com/mcp",
      "http://mcp.example.com/mcp", "https://mcp.example.com:99999/mcp"})
  void refuses_a_url_a_token_must_not_be_sent_to(String url) {
    assertThatThrownBy(() -> McpServer.parse(url)).isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("--server " + url + ": ");
  }

  @Test
  void takes_https_and_plain_http_on_loopback() {
    assertThat(McpServer.parse("https://mcp.example.com/mcp").name()).isEqualTo("https://mcp.example.com/mcp");
    assertThat(McpServer.parse("http://127.0.0.1:8080/mcp").name()).isEqualTo("http://127.0.0.1:8080/mcp");
  }
}
