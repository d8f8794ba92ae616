package dev.ecaprovisioner.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CopilotToolSchemasTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<JsonNode> tools(String json) throws Exception {
    List<JsonNode> tools = new ArrayList<>();
    JSON.readTree(json).forEach(tools::add);
    return tools;
  }

  @Test
  void passes_a_plain_schema_with_string_enums() throws Exception {
    assertThat(CopilotToolSchemas.check(tools("""
        [{"name": "echo", "inputSchema": {"type": "object", "properties": {
          "text": {"type": "string"}, "tone": {"type": "string", "enum": ["plain", "loud"]},
          "times": {"type": "integer", "minimum": 1}}}}]"""))).isEmpty();
  }

  @Test
  void drops_a_ref_nested_anywhere_and_an_integer_exclusive_minimum() throws Exception {
    List<CopilotToolSchemas.Problem> problems = CopilotToolSchemas.check(tools("""
        [{"name": "a", "inputSchema": {"type": "object", "properties": {"items": {"type": "array",
           "items": {"$ref": "#/$defs/x"}}}}},
         {"name": "b", "inputSchema": {"type": "object", "properties": {"n": {"type": "integer",
           "exclusiveMinimum": 0}, "f": {"type": "number", "exclusiveMinimum": 0}}}}]"""));
    assertThat(problems).extracting(CopilotToolSchemas.Problem::tool, CopilotToolSchemas.Problem::outcome,
        CopilotToolSchemas.Problem::where).containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", CopilotToolSchemas.Outcome.DROPPED,
                "/inputSchema/properties/items/items"),
            org.assertj.core.groups.Tuple.tuple("b", CopilotToolSchemas.Outcome.DROPPED, "/inputSchema/properties/n"));
  }

  @Test
  void mangles_type_arrays_non_string_enums_and_unsafe_names() throws Exception {
    List<CopilotToolSchemas.Problem> problems = CopilotToolSchemas.check(tools("""
        [{"name": "get record!", "inputSchema": {"type": "object", "properties": {
           "id": {"type": ["string", "null"]}, "level": {"enum": [1, "two"]}}}}]"""));
    assertThat(problems).extracting(CopilotToolSchemas.Problem::where)
        .containsExactly("/name", "/inputSchema/properties/id", "/inputSchema/properties/level");
    assertThat(problems).allSatisfy(p -> assertThat(p.outcome()).isEqualTo(CopilotToolSchemas.Outcome.MANGLED));
  }

  @Test
  void counts_tools_past_the_agent_limit() throws Exception {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i <= CopilotToolSchemas.MAX_TOOLS; i++) {
      json.append(i == 0 ? "" : ",").append("{\"name\": \"t").append(i).append("\", \"inputSchema\": {}}");
    }
    List<CopilotToolSchemas.Problem> problems = CopilotToolSchemas.check(tools(json.append("]").toString()));
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.tool()).isEmpty();
      assertThat(p.why()).startsWith("129 tools");
    });
  }
}
