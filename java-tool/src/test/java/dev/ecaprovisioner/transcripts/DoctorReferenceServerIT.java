package dev.ecaprovisioner.transcripts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ecaprovisioner.doctor.McpSessionStep;
import dev.ecaprovisioner.doctor.StepResult;
import dev.ecaprovisioner.mcp.McpClient;
import dev.ecaprovisioner.testing.RepositoryPaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator.ReplaceUnderscores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The doctor's MCP client against a server no one here wrote: the pinned {@code @modelcontextprotocol/server-everything}
 * in streamable HTTP mode, which answers with server-sent events and keeps its session in the header.
 */
@DisplayNameGeneration(ReplaceUnderscores.class)
class DoctorReferenceServerIT {
  @TempDir
  static Path workDir;
  private static ReferenceMcpServer server;

  @BeforeAll
  static void startTheReferenceServer() throws Exception {
    Path root = RepositoryPaths.repositoryRoot();
    Optional<List<Path>> installed = ReferenceMcpServer.installedIn(root);
    String missing = ReferenceMcpServer.PACKAGE + " (with Node 22) is not installed in " + root.resolve(".tools")
        + ": run scripts/install-tools.sh";
    if (installed.isEmpty()) {
      assumeTrue("true".equals(System.getenv("CI")), missing + " (CI=true makes this a failure)");
      fail(missing);
    }
    server = ReferenceMcpServer.start(installed.get().get(0), installed.get().get(1), workDir);
  }

  @AfterAll
  static void stopTheReferenceServer() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  private static McpClient client() {
    return new McpClient(server.endpoint(), Duration.ofSeconds(5), Duration.ofSeconds(15));
  }

  @Test
  void initializes_in_every_handshake_version_and_carries_the_header_session() {
    for (String version : List.of("2025-03-26", "2025-06-18", "2025-11-25")) {
      McpClient client = client();
      List<McpClient.Exchange> init = client.initialize(version);
      assertThat(init).as(version).extracting(McpClient.Exchange::status).containsExactly(200, 202);
      assertThat(client.protocolVersion()).as(version).isEqualTo(version);
      assertThat(client.sessionId()).as(version).isNotBlank();
      assertThat(client.sessionInBody()).isFalse();
      McpClient.ToolListing listing = client.listTools();
      assertThat(listing.complete()).as(version).isTrue();
      assertThat(listing.tools()).extracting(t -> t.path("name").asText()).contains("echo");
    }
  }

  @Test
  void two_clients_get_two_sessions_and_each_keeps_its_own() {
    McpClient client = client();
    client.initialize("2025-06-18");
    McpClient other = client();
    other.initialize("2025-06-18");
    assertThat(client.sessionId()).isNotEqualTo(other.sessionId());
    McpClient.Exchange ping = client.request("ping", null);
    assertThat(ping.ok()).as(ping.describe()).isTrue();
  }

  @Test
  void the_doctor_step_lists_the_tools_twice_on_one_session_and_checks_their_schemas() {
    StepResult step = McpSessionStep.run(client(), "2025-06-18", null,
        () -> new McpSessionStep.Refreshed(null, "No token to refresh."), false, "unused");

    assertThat(step.details()).anySatisfy(d -> assertThat(d).startsWith("initialize: HTTP 200"))
        .anySatisfy(d -> assertThat(d).contains("in the Mcp-Session-Id header"))
        .anySatisfy(d -> assertThat(d).matches("\\d+ tools listed"));
    assertThat(step.status()).as(String.join("\n", step.details())).isEqualTo(StepResult.Status.PASS);
  }
}
