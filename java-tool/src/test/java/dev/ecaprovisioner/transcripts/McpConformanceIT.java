package dev.ecaprovisioner.transcripts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ecaprovisioner.testing.RepositoryPaths;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator.ReplaceUnderscores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs org-check's conformance step ({@code scripts/mcp-conformance.sh}: the official MCP conformance suite through
 * {@code scripts/mcp-bearer-proxy.mjs}) offline: against the MCP reference server behind the proxy, with a baseline of
 * what that server fails, and against a loopback upstream that records what the proxy sends, to show that the bearer
 * token reaches the upstream and appears on no command line and in no output. A real org is not available here: which
 * scenarios the Apex endpoint fails is {@code scripts/conformance-expected-failures.yaml}'s claim, checked by
 * org-check in an org.
 */
@DisplayNameGeneration(ReplaceUnderscores.class)
class McpConformanceIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ENTRY = Pattern.compile("^\\s+-\\s+([a-z0-9-]+)\\s+#\\s*(\\S.*)$");

  @TempDir
  static Path workDir;

  private static Path root;
  private static Path node;
  private static Path suite;
  private static ReferenceMcpServer server;
  private static Path tokenFile;
  private static String token;

  @BeforeAll
  static void startTheReferenceServer() throws Exception {
    root = RepositoryPaths.repositoryRoot();
    Optional<List<Path>> installed = ReferenceMcpServer.installedIn(root);
    suite = root.resolve(".tools/node_modules/@modelcontextprotocol/conformance/dist/index.js");
    String missing = ReferenceMcpServer.PACKAGE + ", @modelcontextprotocol/conformance and Node 22 are not all installed in "
        + root.resolve(".tools") + ": run scripts/install-tools.sh";
    if (installed.isEmpty() || !Files.isRegularFile(suite)) {
      assumeTrue("true".equals(System.getenv("CI")), missing + " (CI=true makes this a failure)");
      fail(missing);
    }
    node = installed.get().get(0);
    server = ReferenceMcpServer.start(node, installed.get().get(1), workDir);
    token = "00D" + UUID.randomUUID().toString().replace("-", "") + "!CONFORMANCE";
    tokenFile = workDir.resolve("token");
    Files.writeString(tokenFile, token + "\n");
    Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
  }

  @AfterAll
  static void stopTheReferenceServer() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void the_reference_server_behind_the_proxy_fails_only_what_its_baseline_names() throws Exception {
    Run run = run("--url", server.endpoint().toString(), "--token-file", tokenFile.toString(),
        "--expected-failures", referenceBaseline().toString());

    assertThat(run.exit).as(run + "\nserver stderr:\n" + server.stderr()).isZero();
    assertThat(run.stdout).contains("mcp-conformance: ok   server-initialize")
        .contains("mcp-conformance: ok   ping")
        .contains("mcp-conformance: ok   tools-list")
        .contains("mcp-conformance: --   tools-call-sampling (expected: the fixture tool test_sampling is missing")
        .contains("failed unexpectedly, 0 stale").contains(" 0 failed unexpectedly")
        .contains("every scenario of " + server.endpoint());
    assertThat(run.stdout + run.stderr).doesNotContain(token);
  }

  @Test
  void a_failure_the_baseline_does_not_name_and_a_listed_scenario_that_passes_both_fail() throws Exception {
    String baseline = Files.readString(referenceBaseline()).replaceAll("(?m)^  - completion-complete #.*\n", "")
        + "  - ping # listed on purpose although the reference server answers it\n";
    Path edited = workDir.resolve("edited-baseline.yaml");
    Files.writeString(edited, baseline);

    Run run = run("--url", server.endpoint().toString(), "--token-file", tokenFile.toString(),
        "--expected-failures", edited.toString());

    assertThat(run.exit).as(run.toString()).isEqualTo(1);
    assertThat(run.stdout).contains("mcp-conformance: FAIL completion-complete: FAILURE")
        .contains("mcp-conformance: FAIL ping passes but is listed as an expected failure "
            + "(listed on purpose although the reference server answers it): remove it from " + edited)
        .contains("1 failed unexpectedly, 1 stale expected failures")
        .doesNotContain("every scenario of");
  }

  @Test
  void the_proxy_adds_the_bearer_and_the_host_of_the_upstream_and_the_token_is_on_no_command_line() throws Exception {
    List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    List<String> hosts = Collections.synchronizedList(new ArrayList<>());
    List<String> commandLinesWithToken = Collections.synchronizedList(new ArrayList<>());
    HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    upstream.createContext("/services/apexrest/mcp", exchange -> {
      authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      hosts.add(exchange.getRequestHeaders().getFirst("Host"));
      // While the suite and the proxy run: no process of this machine shows the token on its command line.
      ProcessHandle.allProcesses().forEach(process -> process.info().commandLine()
          .filter(line -> line.contains(token)).ifPresent(commandLinesWithToken::add));
      answerLikeAnMcpServer(exchange);
    });
    upstream.start();
    try {
      String url = "http://127.0.0.1:" + upstream.getAddress().getPort() + "/services/apexrest/mcp";
      Path baseline = workDir.resolve("empty-baseline.yaml");
      Files.writeString(baseline, "server: []\n");

      Run run = run("--url", url, "--token-file", tokenFile.toString(), "--expected-failures", baseline.toString(),
          "--scenario", "server-initialize");

      assertThat(run.exit).as(run.toString()).isZero();
      assertThat(run.stdout).contains("mcp-conformance: ok   server-initialize");
      assertThat(authorizations).isNotEmpty().allSatisfy(header -> assertThat(header).isEqualTo("Bearer " + token));
      assertThat(hosts).allSatisfy(host -> assertThat(host).isEqualTo("127.0.0.1:" + upstream.getAddress().getPort()));
      assertThat(commandLinesWithToken).isEmpty();
      assertThat(run.stdout + run.stderr).doesNotContain(token);
    } finally {
      upstream.stop(0);
    }
  }

  @Test
  void a_baseline_entry_without_a_reason_is_exit_2_naming_the_file_and_line() throws Exception {
    Path baseline = workDir.resolve("no-reason.yaml");
    Files.writeString(baseline, "server:\n  - resources-list # none served\n  - prompts-list\n");

    Run run = run("--url", server.endpoint().toString(), "--token-file", tokenFile.toString(),
        "--expected-failures", baseline.toString());

    assertThat(run.exit).isEqualTo(2);
    assertThat(run.stderr.strip()).isEqualTo("mcp-conformance: " + baseline
        + ":3: an entry must be \"  - scenario-name # reason\", not:   - prompts-list");
  }

  @Test
  void the_endpoints_baseline_names_only_scenarios_of_the_active_suite_each_with_a_reason() throws Exception {
    Process list = new ProcessBuilder(node.toString(), suite.toString(), "list", "--server")
        .redirectErrorStream(true).start();
    String listed = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(list.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Set<String> scenarios = new LinkedHashSet<>();
    Matcher scenario = Pattern.compile("(?m)^\\s+- ([a-z0-9-]+) \\[").matcher(listed);
    while (scenario.find()) {
      scenarios.add(scenario.group(1));
    }
    assertThat(scenarios).as(listed).contains("server-initialize", "tools-list");

    List<String> names = new ArrayList<>();
    for (String line : Files.readAllLines(root.resolve("scripts/conformance-expected-failures.yaml"))) {
      if (line.trim().startsWith("-")) {
        Matcher entry = ENTRY.matcher(line);
        assertThat(entry.matches()).as("an entry with a reason: " + line).isTrue();
        names.add(entry.group(1));
      }
    }
    assertThat(names).isNotEmpty().doesNotHaveDuplicates();
    assertThat(scenarios).containsAll(names);
    assertThat(names).as("what the endpoint serves is checked, not excused")
        .doesNotContain("server-initialize", "ping", "tools-list");
  }

  /** initialize answered with the version asked for and a session id; notifications 202; anything else 405. */
  private static void answerLikeAnMcpServer(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().add("Allow", "POST");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      JsonNode message = JSON.readTree(exchange.getRequestBody());
      if (!message.has("id")) {
        exchange.sendResponseHeaders(202, -1);
        return;
      }
      ObjectNode answer = JSON.createObjectNode().put("jsonrpc", "2.0");
      answer.set("id", message.get("id"));
      if ("initialize".equals(message.path("method").asText())) {
        ObjectNode result = answer.putObject("result");
        result.put("protocolVersion", message.at("/params/protocolVersion").asText());
        result.putObject("capabilities").putObject("tools");
        result.putObject("serverInfo").put("name", "upstream").put("version", "1");
        exchange.getResponseHeaders().add("Mcp-Session-Id", "s1");
      } else {
        answer.putObject("error").put("code", -32601).put("message", "Method not found");
      }
      byte[] body = JSON.writeValueAsBytes(answer);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private static Path referenceBaseline() {
    return root.resolve("java-tool/src/test/resources/conformance/reference-server-expected-failures.yaml");
  }

  private static Run run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("scripts/mcp-conformance.sh").toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(workDir, "conformance", ".stdout");
    Path err = Files.createTempFile(workDir, "conformance", ".stderr");
    Process process = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      fail("mcp-conformance.sh did not finish within 60 s");
    }
    return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private record Run(int exit, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exit + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }
}
