package dev.ecaprovisioner.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.ecaprovisioner.testing.RepositoryPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated files against the JSON schemas Microsoft publishes for custom connectors (the 2024 copies in
 * {@code java-tool/src/test/resources/third-party/powerplatform-schema/}). Those copies predate MCP connectors: a value they do not know is allowed only
 * as a named exception below, with the page that shows the value is real; every other message fails the test.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MicrosoftSchemasTest {
  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A value the 2024 copies do not know, at a JSON pointer ({@code *} standing for any one key), with the value of the
   * same meaning they do know (null: a property they do not know at all, left out) and the page that shows the newer
   * value is real. Before validation the newer value is put back to the known one, or the property left out; nothing
   * else is changed, so everything else must pass the schema as it is.
   */
  record Exception(String pointer, String newerValue, String knownValue, String documentation) {}

  static final List<Exception> API_PROPERTIES_EXCEPTIONS = List.of(
      new Exception("/properties/connectionParameters/token/oAuthSettings/identityProvider", "oauth2pkce", "oauth2",
          "https://learn.microsoft.com/power-platform/developer/cli/reference/connector (pac connector update "
              + "--api-properties-file: providers the designer does not list, such as oauth2pkce)"),
      // The 2024 enum's one provider that its oneOf leaves to the "Unknown identifier" branch: where a provider the
      // schema does not name, with its own customParameters (LoginUri), is checked.
      new Exception("/properties/connectionParameters/token/oAuthSettings/identityProvider", "SalesforceV2",
          "facebook", "https://github.com/troystaylor/SharingIsCaring/tree/main/Salesforce%20Hosted%20MCP "
              + "(apiProperties.json: SalesforceV2 with LoginUri, GlobalPerConnector); undocumented by Microsoft"),
      new Exception("/properties/connectionParameters/token/oAuthSettings/redirectMode", "GlobalPerConnector",
          "Global", "https://github.com/troystaylor/SharingIsCaring/tree/main/Salesforce%20Hosted%20MCP "
              + "(a working Salesforce connector's apiProperties.json); Microsoft's certification checklist asks "
              + "OAuth connectors for GlobalPerConnector, not Global"));

  static final List<Exception> API_DEFINITION_EXCEPTIONS = List.of(
      new Exception("/paths/*/post/x-ms-agentic-protocol", "mcp-streamable-1.0", null,
          "https://learn.microsoft.com/en-us/microsoft-copilot-studio/agent-extend-action-mcp (the MCP connector's "
              + "operation is marked x-ms-agentic-protocol: mcp-streamable-1.0)"));

  /** The document with each newer value put back to the one the schema knows. */
  static JsonNode withKnownValues(JsonNode document, List<Exception> exceptions) {
    JsonNode copy = document.deepCopy();
    for (Exception e : exceptions) {
      String parentPointer = e.pointer().substring(0, e.pointer().lastIndexOf('/'));
      String field = e.pointer().substring(e.pointer().lastIndexOf('/') + 1);
      for (JsonNode parent : matches(copy, List.of(parentPointer.substring(1).split("/")))) {
        if (parent instanceof ObjectNode object && object.path(field).asText("").equals(e.newerValue())) {
          if (e.knownValue() == null) {
            object.remove(field);
          } else {
            object.put(field, e.knownValue());
          }
        }
      }
    }
    return copy;
  }

  private static List<JsonNode> matches(JsonNode node, List<String> segments) {
    if (segments.isEmpty()) {
      return List.of(node);
    }
    List<String> rest = segments.subList(1, segments.size());
    if (segments.get(0).equals("*")) {
      List<JsonNode> all = new java.util.ArrayList<>();
      node.forEach(child -> all.addAll(matches(child, rest)));
      return all;
    }
    JsonNode child = node.get(segments.get(0));
    return child == null ? List.of() : matches(child, rest);
  }

  static Path schemaDir() {
    return RepositoryPaths.powerPlatformSchemaDir(RepositoryPaths.repositoryRoot());
  }

  /** The published files carry {@code //} line comments: dropped outside strings before parsing. */
  static JsonNode readCommented(Path file) throws IOException {
    String text = Files.readString(file);
    StringBuilder out = new StringBuilder(text.length());
    boolean inString = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        out.append(c);
        if (c == '\\' && i + 1 < text.length()) {
          out.append(text.charAt(++i));
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
        out.append(c);
      } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
        out.append('\n');
      } else {
        out.append(c);
      }
    }
    return JSON.readTree(out.toString());
  }

  /**
   * The schema as published. The apiProperties schema declares draft-07 yet names itself with draft-04's {@code id};
   * the validator is told that {@code id} is only a name, as draft-04 readers take it.
   */
  static JsonSchema schema(String file, SpecVersion.VersionFlag version) throws IOException {
    JsonSchemaFactory standard = JsonSchemaFactory.getInstance(version);
    JsonMetaSchema base = version == SpecVersion.VersionFlag.V7 ? JsonMetaSchema.getV7() : JsonMetaSchema.getV4();
    JsonMetaSchema meta = JsonMetaSchema.builder(base.getIri(), base).keyword(new NonValidationKeyword("id")).build();
    JsonSchemaFactory factory = JsonSchemaFactory.builder(standard).metaSchema(meta)
        .defaultMetaSchemaIri(meta.getIri()).build();
    return factory.getSchema(readCommented(schemaDir().resolve(file)));
  }

  static List<String> messages(String schemaFile, SpecVersion.VersionFlag version, JsonNode document,
      List<Exception> exceptions) throws IOException {
    Set<ValidationMessage> messages = schema(schemaFile, version).validate(withKnownValues(document, exceptions));
    return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.ecaprovisioner.connector.ConnectorGeneratorTest#everyKindAndVariant")
  void api_properties_pass_microsofts_schema_but_for_the_named_exceptions(String name, ConnectorSpec spec)
      throws IOException {
    JsonNode properties = JSON.readTree(ConnectorGenerator.generate(spec).files()
        .get(GeneratedConnector.API_PROPERTIES));
    assertThat(messages("paconn-apiProperties.schema.json", SpecVersion.VersionFlag.V7, properties,
        API_PROPERTIES_EXCEPTIONS)).as(name).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.ecaprovisioner.connector.ConnectorGeneratorTest#everyKindAndVariant")
  void the_api_definition_passes_microsofts_schema_but_for_the_named_exceptions(String name, ConnectorSpec spec)
      throws IOException {
    JsonNode definition = JSON.readTree(ConnectorGenerator.generate(spec).files()
        .get(GeneratedConnector.API_DEFINITION));
    assertThat(messages("apiDefinition.swagger.schema.json", SpecVersion.VersionFlag.V4, definition,
        API_DEFINITION_EXCEPTIONS)).as(name).isEmpty();
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(IdentityProvider.class)
  void api_properties_pass_for_every_identity_provider(IdentityProvider provider) throws IOException {
    ConnectorSpec spec = ConnectorSpecs.cases().get(1).spec(Variant.STREAMABLE, provider,
        ConnectorSpecs.copilotReadyApp());
    JsonNode properties = JSON.readTree(ConnectorGenerator.apiProperties(spec, spec.scopes()).toString());
    assertThat(messages("paconn-apiProperties.schema.json", SpecVersion.VersionFlag.V7, properties,
        API_PROPERTIES_EXCEPTIONS)).as(provider.wireName()).isEmpty();
    JsonNode custom = properties.at("/properties/connectionParameters/token/oAuthSettings/customParameters");
    if (provider == IdentityProvider.SALESFORCE_V2) {
      assertThat(custom.at("/LoginUri/value").asText()).isEqualTo("https://test.salesforce.com");
    } else {
      assertThat(custom.at("/refreshUrl/value").asText()).isEqualTo("https://test.salesforce.com/services/oauth2/token");
    }
  }

  @Test
  void the_schemas_still_reject_what_they_should() throws IOException {
    JsonNode properties = JSON.readTree(ConnectorGenerator.generate(ConnectorSpecs.cases().get(0)
        .spec(Variant.STREAMABLE)).files().get(GeneratedConnector.API_PROPERTIES));
    ((ObjectNode) properties.path("properties")).remove("iconBrandColor");
    assertThat(messages("paconn-apiProperties.schema.json", SpecVersion.VersionFlag.V7, properties,
        API_PROPERTIES_EXCEPTIONS)).anyMatch(m -> m.contains("iconBrandColor"));
    JsonNode definition = JSON.readTree(ConnectorGenerator.generate(ConnectorSpecs.cases().get(0)
        .spec(Variant.STREAMABLE)).files().get(GeneratedConnector.API_DEFINITION));
    ((ObjectNode) definition).remove("paths");
    assertThat(messages("apiDefinition.swagger.schema.json", SpecVersion.VersionFlag.V4, definition,
        API_DEFINITION_EXCEPTIONS)).anyMatch(m -> m.contains("paths"));
  }
}
