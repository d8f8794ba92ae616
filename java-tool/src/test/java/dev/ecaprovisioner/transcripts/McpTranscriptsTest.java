package dev.ecaprovisioner.transcripts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecaprovisioner.testing.RepositoryPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator.ReplaceUnderscores;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(ReplaceUnderscores.class)
class McpTranscriptsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path repositoryRoot;
  private static McpSchemas schemas;
  private static TranscriptContract contract;

  @BeforeAll
  static void loadTheOfficialSchemas() {
    repositoryRoot = RepositoryPaths.repositoryRoot();
    schemas = McpSchemas.load(RepositoryPaths.mcpSchemaDir(repositoryRoot));
    contract = new TranscriptContract(schemas);
  }

  @Nested
  class The_transcripts_of_the_endpoint {
    private final Path file = repositoryRoot.resolve(RepositoryPaths.TRANSCRIPTS);

    @Test
    void keep_the_contract_and_validate_against_the_MCP_schemas() throws IOException {
      if (!Files.isRegularFile(file)) {
        fail(file + " is missing: the Apex replay test and this test share it (see TRANSCRIPTS.md)");
      }
      JsonNode transcripts = JSON.readTree(file.toFile());

      assertThat(contract.check(transcripts)).as("breaches of the transcript contract in " + file).isEmpty();
      assertThat(versionsUsed(transcripts)).as("protocol versions with an expected body").isNotEmpty();
    }

    @Test
    void are_a_static_resource_served_as_private_JSON() throws IOException {
      Path meta = repositoryRoot.resolve(RepositoryPaths.TRANSCRIPTS_META);
      if (!Files.isRegularFile(meta)) {
        fail(meta + " is missing: without it sf cannot deploy the transcripts as a static resource");
      }
      String xml = Files.readString(meta);

      assertThat(xml).contains("<contentType>application/json</contentType>").contains("<cacheControl>Private</cacheControl>");
    }
  }

  @Nested
  class A_transcript_file_that_keeps_the_contract {
    @Test
    void passes_every_check() {
      assertThat(contract.check(fixture())).isEmpty();
    }

    @Test
    void is_validated_against_every_schema_version_and_dialect() {
      assertThat(versionsUsed(fixture())).containsExactlyInAnyOrderElementsOf(schemas.versions());
      assertThat(schemas.versions()).contains("2025-06-18", "2025-11-25");
    }
  }

  @Nested
  class The_schema_check {
    @Test
    void rejects_an_initialize_result_without_protocolVersion() {
      List<String> problems = check(file -> result(file, 0, 0).remove("protocolVersion"));

      assertThat(problems).singleElement().asString()
          .contains("step 1").contains("not a 2025-06-18 InitializeResult").contains("protocolVersion");
    }

    @Test
    void rejects_an_error_whose_code_is_a_string() {
      List<String> problems = check(file -> ((ObjectNode) body(file, 0, 4).get("error")).put("code", "-32601"));

      assertThat(problems).anySatisfy(problem -> assertThat(problem)
          .contains("step 5").contains("not a 2025-06-18 JSONRPCError").contains("code"));
    }

    @Test
    void rejects_a_2026_result_without_resultType_through_the_draft_2020_12_schema() {
      List<String> problems = check(file -> result(file, 3, 1).remove("resultType"));

      assertThat(problems).anySatisfy(problem -> assertThat(problem)
          .contains("2026-07-28 ListToolsResult").contains("resultType"));
    }

    @Test
    void rejects_a_result_for_the_wrong_definition() {
      List<String> problems = check(file -> expect(file, 0, 2).put("schemaDefinition", "CallToolResult"));

      assertThat(problems).anySatisfy(problem -> assertThat(problem)
          .contains("not a 2025-06-18 CallToolResult").contains("content"));
    }

    @Test
    void rejects_a_definition_the_version_does_not_have() {
      List<String> problems = check(file -> expect(file, 3, 0).put("schemaDefinition", "InitializeResult")
          .put("protocolVersion", "2026-07-28"));

      assertThat(problems).containsExactly(
          "transcript '2026-07-28: discover without a handshake, then list tools' step 1: "
              + "the 2026-07-28 schema has no definition 'InitializeResult'");
    }

    @Test
    void rejects_an_unknown_protocol_version() {
      List<String> problems = check(file -> expect(file, 0, 0).put("protocolVersion", "2024-11-05"));

      assertThat(problems).singleElement().asString().contains("'2024-11-05' is not one of");
    }

    @Test
    void rejects_a_result_without_a_schema_definition() {
      List<String> problems = check(file -> expect(file, 0, 3).remove("schemaDefinition"));

      assertThat(problems).singleElement().asString().contains("a result needs expect.schemaDefinition");
    }
  }

  @Nested
  class The_contract_check {
    @Test
    void rejects_a_body_without_a_JSON_content_type() {
      List<String> problems = check(file -> ((ObjectNode) expect(file, 0, 2).get("headers"))
          .put("content-type", "text/event-stream"));

      assertThat(problems).singleElement().asString()
          .contains("must have Content-Type application/json, not 'text/event-stream'");
    }

    @Test
    void rejects_a_body_with_no_content_type_at_all() {
      List<String> problems = check(file -> ((ObjectNode) expect(file, 0, 2).get("headers")).remove("content-type"));

      assertThat(problems).singleElement().asString().contains("must have Content-Type application/json, not none");
    }

    @Test
    void rejects_a_notification_answered_200() {
      List<String> problems = check(file -> expect(file, 0, 1).put("status", 200));

      assertThat(problems).singleElement().asString()
          .contains("step 2").contains("a notification or response must be answered 202 with no body, not 200");
    }

    @Test
    void accepts_a_notification_refused_with_an_error_status_and_no_body() {
      List<String> problems = check(file -> expect(file, 0, 1).put("status", 400));

      assertThat(problems).isEmpty();
    }

    @Test
    void rejects_a_refused_notification_answered_with_a_JSON_RPC_error() {
      List<String> problems = check(file -> expect(file, 0, 1).put("status", 400).set("body",
          JSON.createObjectNode().put("jsonrpc", "2.0")
              .set("error", JSON.createObjectNode().put("code", -32602).put("message", "Invalid params"))));

      assertThat(problems).anySatisfy(problem -> assertThat(problem)
          .contains("step 2").contains("must be answered 202 with no body, not 400 with a body"));
    }

    @Test
    void rejects_a_response_from_the_client_answered_with_a_body() {
      List<String> problems = check(file -> expect(file, 1, 1).set("body",
          JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 5).set("result", JSON.createObjectNode())));

      assertThat(problems).anySatisfy(problem -> assertThat(problem).contains("must be answered 202 with no body"));
    }

    @Test
    void rejects_a_string_id_that_comes_back_as_a_number() {
      List<String> problems = check(file -> body(file, 0, 4).put("id", 9));

      assertThat(problems).singleElement().asString()
          .contains("the request's id \"x-9\" (string) must come back unchanged, not 9 (number)");
    }

    @Test
    void rejects_an_integer_id_that_comes_back_as_a_string() {
      List<String> problems = check(file -> body(file, 0, 3).put("id", "7"));

      assertThat(problems).singleElement().asString().contains("id 7 (number) must come back unchanged, not \"7\" (string)");
    }

    @Test
    void rejects_a_result_that_drops_the_id() {
      List<String> problems = check(file -> body(file, 0, 3).remove("id"));

      assertThat(problems).anySatisfy(problem -> assertThat(problem).contains("must come back unchanged, not (none)"));
    }

    @Test
    void rejects_a_batch_answer_with_an_id_no_request_carried() {
      List<String> problems = check(file -> ((ObjectNode) ((ArrayNode) expect(file, 1, 0).get("body")).get(1))
          .put("id", "three"));

      assertThat(problems).singleElement().asString().contains("batch item 2: id \"three\" answers no request");
    }

    @Test
    void rejects_a_batch_answer_under_a_version_without_batches() {
      List<String> problems = check(file -> expect(file, 1, 0).put("protocolVersion", "2025-06-18"));

      assertThat(problems).singleElement().asString().contains("version 2025-06-18 has no JSON-RPC batches");
    }

    @Test
    void rejects_a_GET_not_answered_405_with_Allow() {
      List<String> problems = check(file -> ((ObjectNode) expect(file, 0, 5).get("headers")).remove("Allow"));

      assertThat(problems).singleElement().asString().contains("GET must be answered 405 with an Allow header");
    }

    @Test
    void rejects_a_request_that_uses_a_placeholder_never_captured() {
      List<String> problems = check(file -> ((ObjectNode) step(file, 2, 1).get("request").get("headers"))
          .put("mcp-session-id", "{{sesion}}"));

      assertThat(problems).singleElement().asString()
          .contains("step 2: request uses {{sesion}}, which no earlier step captured");
    }

    @Test
    void rejects_a_file_without_transcripts() {
      assertThat(contract.check(JSON.createObjectNode()))
          .containsExactly("the file has no \"transcripts\" array with at least one transcript");
    }
  }

  @Nested
  class The_schema_folder {
    @Test
    void is_found_inside_the_repository() {
      Path dir = RepositoryPaths.mcpSchemaDir(repositoryRoot);

      assertThat(dir).startsWith(repositoryRoot);
      assertThat(dir.resolve("2025-06-18.schema.json")).isRegularFile();
    }

    @Test
    void when_missing_is_named_in_one_clear_message(@TempDir Path lonelyRepository) {
      assertThatThrownBy(() -> RepositoryPaths.mcpSchemaDir(lonelyRepository))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("the third-party test data is missing: no java-tool/src/test/resources/third-party/mcp-schema in "
              + lonelyRepository);
    }
  }

  private static List<String> check(Consumer<ObjectNode> breakIt) {
    ObjectNode file = fixture();
    breakIt.accept(file);
    return contract.check(file);
  }

  private static ObjectNode fixture() {
    try (InputStream in = McpTranscriptsTest.class.getResourceAsStream("/transcripts/McpTranscripts.json")) {
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the transcript fixture", e);
    }
  }

  private static ObjectNode step(ObjectNode file, int transcript, int step) {
    return (ObjectNode) file.get("transcripts").get(transcript).get("steps").get(step);
  }

  private static ObjectNode expect(ObjectNode file, int transcript, int step) {
    return (ObjectNode) step(file, transcript, step).get("expect");
  }

  private static ObjectNode body(ObjectNode file, int transcript, int step) {
    return (ObjectNode) expect(file, transcript, step).get("body");
  }

  private static ObjectNode result(ObjectNode file, int transcript, int step) {
    return (ObjectNode) body(file, transcript, step).get("result");
  }

  private static Set<String> versionsUsed(JsonNode file) {
    Set<String> versions = new HashSet<>();
    file.path("transcripts").forEach(transcript -> transcript.path("steps").forEach(step -> {
      JsonNode version = step.path("expect").path("protocolVersion");
      if (version.isTextual()) {
        versions.add(version.asText());
      }
    }));
    return versions;
  }
}
