package dev.ecaprovisioner.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.validate.Finding;
import io.swagger.parser.SwaggerParser;
import io.swagger.parser.util.SwaggerDeserializationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ConnectorGeneratorTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path GOLDEN = Path.of("src/test/resources/connector");
  /** Colours connector certification refuses (PowerPlatformConnectors pull request checklist). */
  static final List<String> REFUSED_COLOURS = List.of("#007ee5", "#ffffff");

  static Stream<Arguments> everyKindAndVariant() {
    List<Arguments> all = new ArrayList<>();
    for (ConnectorSpecs.Case c : ConnectorSpecs.cases()) {
      for (Variant variant : Variant.values()) {
        all.add(Arguments.of(c.name(variant), c.spec(variant)));
      }
    }
    return all.stream();
  }

  @Nested
  class Golden_files {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.ecaprovisioner.connector.ConnectorGeneratorTest#everyKindAndVariant")
    void each_server_kind_and_variant_writes_its_golden_files(String name, ConnectorSpec spec) throws IOException {
      GeneratedConnector connector = ConnectorGenerator.generate(spec);
      Path folder = GOLDEN.resolve(name);
      if (Boolean.getBoolean("connector.golden.update")) {
        Files.createDirectories(folder);
        for (Map.Entry<String, String> file : connector.files().entrySet()) {
          Files.writeString(folder.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
      }
      try (Stream<Path> expected = Files.list(folder)) {
        assertThat(expected.map(p -> p.getFileName().toString()).sorted())
            .containsExactlyElementsOf(connector.files().keySet().stream().sorted().toList());
      }
      for (Map.Entry<String, String> file : connector.files().entrySet()) {
        assertThat(file.getValue()).as(name + "/" + file.getKey())
            .isEqualTo(Files.readString(folder.resolve(file.getKey()), StandardCharsets.UTF_8));
      }
    }
  }

  @Nested
  class Swagger_2_0 {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.ecaprovisioner.connector.ConnectorGeneratorTest#everyKindAndVariant")
    void the_swagger_parser_reports_no_message_at_all(String name, ConnectorSpec spec) {
      String definition = ConnectorGenerator.generate(spec).files().get(GeneratedConnector.API_DEFINITION);
      SwaggerDeserializationResult result = new SwaggerParser().readWithInfo(definition);
      assertThat(result.getSwagger()).as(name).isNotNull();
      assertThat(result.getMessages()).as(name).isEmpty();
      assertThat(result.getSwagger().getSwagger()).isEqualTo("2.0");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.ecaprovisioner.connector.ConnectorGeneratorTest#everyKindAndVariant")
    void it_follows_power_platforms_own_rules(String name, ConnectorSpec spec) throws IOException {
      JsonNode swagger = JSON.readTree(ConnectorGenerator.generate(spec).files().get(GeneratedConnector.API_DEFINITION));
      List<JsonNode> operations = new ArrayList<>();
      swagger.path("paths").forEach(path -> path.forEach(operations::add));
      assertThat(operations).isNotEmpty();
      for (JsonNode operation : operations) {
        assertThat(operation.path("operationId").asText()).as(name + " operationId").isNotBlank();
        assertThat(operation.path("summary").asText()).as(name + " summary").isNotBlank();
      }
      List<String> problems = new ArrayList<>();
      walk(swagger, "$", problems);
      assertThat(problems).as(name).isEmpty();
      assertThat(swagger.path("x-ms-connector-metadata").isArray()).isTrue();
      assertThat(swagger.path("x-ms-connector-metadata").findValuesAsText("propertyName"))
          .contains("Website", "Privacy policy", "Categories");
      JsonNode properties = JSON.readTree(ConnectorGenerator.generate(spec).files()
          .get(GeneratedConnector.API_PROPERTIES)).path("properties");
      assertThat(properties.path("iconBrandColor").asText()).matches("#[0-9a-f]{6}")
          .isNotIn(REFUSED_COLOURS);
      if (spec.variant() == Variant.STREAMABLE) {
        assertThat(operations).singleElement().satisfies(op -> assertThat(op.path("x-ms-agentic-protocol").asText())
            .isEqualTo("mcp-streamable-1.0"));
        assertThat(swagger.path("paths").fieldNames().next()).isEqualTo(spec.serverUrl().getPath());
      } else {
        assertThat(operations).extracting(op -> op.path("operationId").asText())
            .containsExactly("InitializeSession", "SendMessage");
        assertThat(operations).allSatisfy(op -> assertThat(op.has("x-ms-agentic-protocol")).isFalse());
      }
    }

    /** No $ref, no anyOf/oneOf/allOf, and every type a single name. */
    private void walk(JsonNode node, String at, List<String> problems) {
      if (node.isObject()) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          String key = field.getKey();
          if (List.of("$ref", "anyOf", "oneOf", "allOf").contains(key)) {
            problems.add(at + "." + key);
          }
          if (key.equals("type") && !field.getValue().isTextual()) {
            problems.add(at + ".type is not a single type");
          }
          walk(field.getValue(), at + "." + key, problems);
        }
      } else if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          walk(node.get(i), at + "[" + i + "]", problems);
        }
      }
    }
  }

  @Nested
  class Urls_and_oauth_settings {
    @Test
    void the_apex_endpoint_is_the_my_domain_path_and_signs_in_there() {
      ConnectorSpec spec = ConnectorSpecs.cases().get(0).spec(Variant.STREAMABLE);
      assertThat(spec.serverUrl()).hasToString("https://acme.my.salesforce.com/services/apexrest/mcp");
      assertThat(spec.authorizationUrl()).isEqualTo("https://acme.my.salesforce.com/services/oauth2/authorize");
      assertThat(spec.tokenUrl()).isEqualTo(spec.refreshUrl())
          .isEqualTo("https://acme.my.salesforce.com/services/oauth2/token");
      assertThat(spec.scopes()).containsExactly("api", "refresh_token");
    }

    @Test
    void hosted_servers_take_the_forms_of_salesforces_guide() {
      ConnectorSpecs.Case hosted = ConnectorSpecs.cases().get(1);
      assertThat(new ConnectorSpec(McpServer.parse("hosted:sobject-reads"), ConnectorSpecs.production(),
          ConnectorSpecs.copilotReadyApp(), Variant.STREAMABLE, IdentityProvider.DEFAULT, "acme").serverUrl())
          .hasToString("https://api.salesforce.com/platform/mcp/v1/platform/sobject-reads");
      assertThat(hosted.spec(Variant.STREAMABLE).serverUrl())
          .hasToString("https://api.salesforce.com/platform/mcp/v1/sandbox/platform/sobject-all");
      assertThat(hosted.spec(Variant.STREAMABLE).tokenUrl()).isEqualTo("https://test.salesforce.com/services/oauth2/token");
      assertThat(hosted.spec(Variant.STREAMABLE).scopes()).containsExactly("mcp_api", "refresh_token");
      assertThat(ConnectorSpecs.cases().get(2).spec(Variant.STREAMABLE).serverUrl())
          .hasToString("https://api.salesforce.com/platform/mcp/v1/d/acme/custom/Support_Tools");
      OrgFacts sandboxDomain = OrgFacts.of(java.net.URI.create("https://acme--uat.sandbox.my.salesforce.com"), true,
          null, "acme--uat", false);
      ConnectorSpec throughDomain = new ConnectorSpec(McpServer.parse("hosted:sobject-all"), sandboxDomain,
          ConnectorSpecs.copilotReadyApp(), Variant.STREAMABLE, IdentityProvider.DEFAULT, "uat");
      assertThat(throughDomain.serverUrl())
          .hasToString("https://api.salesforce.com/platform/mcp/v1/d/acme--uat/sandbox/platform/sobject-all");
      assertThat(throughDomain.tokenUrl()).isEqualTo("https://acme--uat.sandbox.my.salesforce.com/services/oauth2/token");
      OrgFacts developer = OrgFacts.of(java.net.URI.create("https://acme-dev-ed.develop.my.salesforce.com"), false,
          "Developer Edition", "acme-dev-ed", false);
      assertThat(new ConnectorSpec(McpServer.parse("hosted:sobject-all"), developer, ConnectorSpecs.copilotReadyApp(),
          Variant.STREAMABLE, IdentityProvider.DEFAULT, "dev").serverUrl())
          .hasToString("https://api.salesforce.com/platform/mcp/v1/d/acme-dev-ed/develop/platform/sobject-all");
    }
  }

  @Nested
  class Disagreements_between_app_and_connector {
    final ConnectorSpecs.Case apex = ConnectorSpecs.cases().get(0);

    @Test
    void an_app_set_up_for_copilot_studio_meets_the_default_provider() {
      assertThat(ConnectorGenerator.generate(apex.spec(Variant.STREAMABLE)).findings()).isEmpty();
    }

    @Test
    void pkce_required_but_the_provider_sends_none_is_an_error() {
      AppFacts app = withFlags(true, false, true);
      List<Finding> findings = AgreementChecks.check(apex.spec(Variant.STREAMABLE, IdentityProvider.OAUTH2, app));
      assertThat(findings).extracting(Finding::rule).containsExactly(AgreementChecks.RULE_PKCE);
      assertThat(findings.get(0).severity()).isEqualTo(Severity.ERROR);
      assertThat(findings.get(0).field()).isEqualTo("isPkceRequired");
      assertThat(AgreementChecks.check(apex.spec(Variant.STREAMABLE, IdentityProvider.OAUTH2_PKCE, app))).isEmpty();
    }

    @Test
    void a_refresh_that_needs_the_secret_but_the_provider_sends_none_is_an_error() {
      AppFacts app = withFlags(false, true, true);
      assertThat(AgreementChecks.check(apex.spec(Variant.STREAMABLE, IdentityProvider.SALESFORCE_V2, app)))
          .extracting(Finding::rule).containsExactly(AgreementChecks.RULE_REFRESH_SECRET);
    }

    @Test
    void a_missing_refresh_scope_and_a_hosted_server_without_jwt_are_errors_and_no_callback_a_warning() {
      AppFacts app = new AppFacts("A", List.of("mcp_api"), List.of("https://claude.ai/api/mcp/auth_callback"), false,
          false, false, "org:acme");
      List<Finding> findings = AgreementChecks.check(ConnectorSpecs.cases().get(1)
          .spec(Variant.STREAMABLE, IdentityProvider.DEFAULT, app));
      assertThat(findings).extracting(Finding::rule).containsExactlyInAnyOrder(AgreementChecks.RULE_REFRESH_SCOPE,
          AgreementChecks.RULE_JWT, AgreementChecks.RULE_CALLBACK);
      assertThat(findings).filteredOn(f -> f.rule().equals(AgreementChecks.RULE_CALLBACK))
          .extracting(Finding::severity).containsExactly(Severity.WARNING);
      GeneratedConnector connector = ConnectorGenerator.generate(ConnectorSpecs.cases().get(1)
          .spec(Variant.STREAMABLE, IdentityProvider.DEFAULT, app));
      assertThat(ConnectorGenerator.disagrees(connector)).isTrue();
      assertThat(connector.files().get(GeneratedConnector.README)).contains("connector/hosted-jwt");
    }

    private AppFacts withFlags(boolean pkce, boolean secret, boolean jwt) {
      AppFacts ready = ConnectorSpecs.copilotReadyApp();
      return new AppFacts(ready.name(), ready.scopes(), ready.callbackUrls(), pkce, secret, jwt, ready.origin());
    }
  }

  @Nested
  class Bad_input {
    @Test
    void an_unknown_hosted_server_names_the_known_ones() {
      assertThatThrownBy(() -> McpServer.parse("hosted:sobject-everything")).isInstanceOf(BadInputException.class)
          .hasMessageContaining("sobject-all").hasMessageContaining("custom:NAME");
    }

    @Test
    void an_app_without_the_scope_the_server_needs_is_refused() {
      AppFacts app = new AppFacts("A", List.of("api", "refresh_token"), List.of(), false, false, true, "org:acme");
      ConnectorSpec spec = ConnectorSpecs.cases().get(1).spec(Variant.STREAMABLE, IdentityProvider.DEFAULT, app);
      assertThatThrownBy(() -> ConnectorGenerator.generate(spec)).isInstanceOf(BadInputException.class)
          .hasMessageContaining("mcp_api");
    }

    @Test
    void full_access_reaches_the_apex_endpoint_without_api_but_not_a_hosted_server() {
      AppFacts app = new AppFacts("A", List.of("full", "refresh_token"), List.of(), false, false, true, "org:acme");
      assertThat(ConnectorSpecs.cases().get(0).spec(Variant.STREAMABLE, IdentityProvider.DEFAULT, app).scopes())
          .containsExactly("full", "refresh_token");
      assertThatThrownBy(() -> ConnectorSpecs.cases().get(1).spec(Variant.STREAMABLE, IdentityProvider.DEFAULT, app)
          .scopes()).isInstanceOf(BadInputException.class).hasMessageContaining("mcp_api");
    }

    @Test
    void a_plain_http_url_off_loopback_and_a_word_that_is_no_server_are_refused() {
      assertThatThrownBy(() -> McpServer.parse("http://mcp.example.com/mcp")).isInstanceOf(BadInputException.class)
          .hasMessageContaining("https://");
      assertThatThrownBy(() -> McpServer.parse("sobject-all")).isInstanceOf(BadInputException.class)
          .hasMessageContaining("hosted:SERVER");
    }
  }
}
