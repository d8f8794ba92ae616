package dev.ecaprovisioner.gates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecaprovisioner.testing.RepositoryPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator.ReplaceUnderscores;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(ReplaceUnderscores.class)
class ShippedToolSchemasTest {

  @Test
  void every_shipped_tool_stays_inside_the_schema_subset_Copilot_Studio_reads() {
    ShippedToolSchemas check = ShippedToolSchemas.check(RepositoryPaths.repositoryRoot());

    assertThat(check.problems()).isEmpty();
    assertThat(check.tools())
        .extracting(ShippedToolSchemas.Tool::name)
        .contains("whoami", "describe_object", "query", "search", "list_objects", "get_record",
            "create_record", "update_record", "delete_record", "post_to_chatter");
    assertThat(check.tools()).allSatisfy(tool -> assertThat(tool.outputSchema()).isNotNull());
  }

  @Test
  void the_transcripts_call_every_shipped_Apex_tool_once_against_the_shipped_registry() throws IOException {
    Path root = RepositoryPaths.repositoryRoot();
    List<String> apexTools = ShippedToolSchemas.check(root).tools().stream()
        .filter(tool -> tool.source().startsWith("classes/"))
        .map(ShippedToolSchemas.Tool::name)
        .toList();
    List<String> called = new ArrayList<>();
    new ObjectMapper().readTree(root.resolve(RepositoryPaths.TRANSCRIPTS).toFile()).path("transcripts").forEach(t -> {
      if ("built-in".equals(t.path("registry").asText())) {
        t.path("steps").forEach(step -> {
          JsonNode body = step.path("request").path("body");
          if ("tools/call".equals(body.path("method").asText())) {
            called.add(body.path("params").path("name").asText());
          }
        });
      }
    });

    assertThat(called).containsExactlyInAnyOrderElementsOf(apexTools);
  }

  @Nested
  class A_tree_with_a_tool {
    @TempDir Path tree;

    private ShippedToolSchemas toolWith(String inputSchema) throws IOException {
      tool("Thing", "McpThingTool", "thing", inputSchema);
      return ShippedToolSchemas.check(tree);
    }

    @Test
    void whose_schema_is_inside_the_subset_passes() throws IOException {
      ShippedToolSchemas check = toolWith(
          "{\"type\":\"object\",\"properties\":{\"mode\":{\"type\":\"string\",\"enum\":[\"a\",\"b\"]},"
              + "\"ratio\":{\"type\":\"number\",\"exclusiveMinimum\":0}}}");

      assertThat(check.problems()).isEmpty();
      assertThat(check.tools()).singleElement().satisfies(t -> assertThat(t.name()).isEqualTo("thing"));
    }

    @Test
    void using_ref_is_refused() throws IOException {
      assertThat(toolWith("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"$ref\":\"#/x\"}}}").problems())
          .containsExactly("classes/McpThingTool.cls: inputSchema.properties.a uses $ref");
    }

    @Test
    void with_a_type_array_is_refused() throws IOException {
      assertThat(toolWith("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":[\"string\",\"null\"]}}}").problems())
          .containsExactly("classes/McpThingTool.cls: inputSchema.properties.a must name one type as a string, found [\"string\",\"null\"]");
    }

    @Test
    void with_an_integer_exclusive_minimum_is_refused() throws IOException {
      assertThat(toolWith("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"exclusiveMinimum\":0}}}").problems())
          .containsExactly("classes/McpThingTool.cls: inputSchema.properties.n is an integer with an exclusive bound; use minimum or maximum");
    }

    @Test
    void with_a_numeric_enum_is_refused() throws IOException {
      assertThat(toolWith("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"enum\":[1,2]}}}").problems())
          .containsExactly("classes/McpThingTool.cls: inputSchema.properties.n has an enum but is not of type string");
    }

    @Test
    void whose_schema_is_not_JSON_is_refused() throws IOException {
      assertThat(toolWith("{\"type\":").problems())
          .singleElement().asString().startsWith("classes/McpThingTool.cls: INPUT_SCHEMA is not JSON");
    }

    @Test
    void whose_name_breaks_the_rule_or_repeats_another_is_refused() throws IOException {
      tool("Dotted", "McpDottedTool", "dotted.name", "{\"type\":\"object\"}");
      tool("Again", "McpAgainTool", "dotted.name", "{\"type\":\"object\"}");

      assertThat(ShippedToolSchemas.check(tree).problems())
          .contains(
              "classes/McpAgainTool.cls: tool name 'dotted.name' does not match ^[a-zA-Z0-9_-]{1,64}$",
              "classes/McpDottedTool.cls: tool name 'dotted.name' is already taken by classes/McpAgainTool.cls");
    }

    @Test
    void whose_class_is_missing_is_refused() throws IOException {
      row("McpTool.Ghost", "<values><field>ApexClass__c</field><value>McpGhostTool</value></values>");

      assertThat(ShippedToolSchemas.check(tree).problems())
          .containsExactly("customMetadata/McpTool.Ghost.md-meta.xml: Apex class 'McpGhostTool' is not in the tree");
    }

    @Test
    void declared_as_an_action_with_an_unknown_input_type_is_refused() throws IOException {
      row("McpActionTool.Flow", "<values><field>ToolName__c</field><value>run_flow</value></values>"
          + "<values><field>ActionType__c</field><value>flow</value></values>"
          + "<values><field>ActionName__c</field><value>My_Flow</value></values>"
          + "<values><field>Description__c</field><value>Runs it.</value></values>");
      row("McpActionToolInput.FlowWhen", "<values><field>ActionTool__c</field><value>Flow</value></values>"
          + "<values><field>ParameterName__c</field><value>when</value></values>"
          + "<values><field>Type__c</field><value>time</value></values>");
      row("McpActionToolInput.Orphan", "<values><field>ActionTool__c</field><value>Nobody</value></values>"
          + "<values><field>ParameterName__c</field><value>x</value></values>"
          + "<values><field>Type__c</field><value>string</value></values>");

      assertThat(ShippedToolSchemas.check(tree).problems())
          .containsExactly(
              "customMetadata/McpActionToolInput.FlowWhen.md-meta.xml: Type__c 'time' is not one of "
                  + "[boolean, date, datetime, id, integer, number, string]",
              "customMetadata/McpActionToolInput.Orphan.md-meta.xml: ActionTool__c 'Nobody' names no McpActionTool row");
    }

    private void tool(String row, String className, String toolName, String inputSchema) throws IOException {
      row("McpTool." + row, "<values><field>ApexClass__c</field><value>" + className + "</value></values>");
      Path classes = Files.createDirectories(tree.resolve("force-app/main/default/classes"));
      String literal = inputSchema.replace("\\", "\\\\").replace("'", "\\'");
      Files.writeString(classes.resolve(className + ".cls"), """
          public with sharing class %s implements McpTool {
              private static final String INPUT_SCHEMA =
                  '%s' +
                  '';
              private static final String OUTPUT_SCHEMA = '{"type":"object"}';
              public String name() {
                  return '%s';
              }
          }
          """.formatted(className, literal, toolName));
    }

    private void row(String name, String values) throws IOException {
      Path metadata = Files.createDirectories(tree.resolve("force-app/main/default/customMetadata"));
      Files.writeString(metadata.resolve(name + ".md-meta.xml"),
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              + "<CustomMetadata xmlns=\"http://soap.sforce.com/2006/04/metadata\"><label>x</label>"
              + values + "</CustomMetadata>\n");
    }
  }
}
