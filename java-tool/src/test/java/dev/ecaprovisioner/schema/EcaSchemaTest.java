package dev.ecaprovisioner.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.eca.MetadataField;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EcaSchemaTest {
  private static EcaComponent component(EcaType type, MetadataField... fields) {
    return new EcaComponent(type, "A", "A", "a.xml", List.of(fields));
  }

  @Nested
  class Fields {
    @Test
    void knows_the_api_version_that_added_a_field() {
      assertThat(EcaSchema.field(EcaType.OAUTH_POLICIES, "namedUserJwtSessionTimeoutType"))
          .hasValueSatisfying(f -> assertThat(f.sinceApiVersion()).isEqualTo("65.0"));
      assertThat(EcaSchema.field(EcaType.GLOBAL_OAUTH_SETTINGS, "isRefreshTokenRotationEnabled"))
          .hasValueSatisfying(f -> assertThat(f.sinceApiVersion()).isEqualTo("60.0"));
      assertThat(EcaSchema.field(EcaType.GLOBAL_OAUTH_SETTINGS, "isNamedUserJwtEnabled"))
          .hasValueSatisfying(f -> assertThat(f.sinceApiVersion()).isEqualTo("61.0"));
    }

    @Test
    void knows_defaults_that_decide_whether_a_client_can_refresh() {
      assertThat(EcaSchema.field(EcaType.GLOBAL_OAUTH_SETTINGS, "isSecretRequiredForRefreshToken").orElseThrow()
          .defaultValue()).isEqualTo("true");
      assertThat(EcaSchema.field(EcaType.GLOBAL_OAUTH_SETTINGS, "isPkceRequired").orElseThrow().defaultValue())
          .isEqualTo("true");
    }

    @Test
    void every_type_links_to_its_app_except_the_app_itself() {
      for (EcaType type : EcaType.values()) {
        assertThat(EcaSchema.field(type, "externalClientApplication").isPresent())
            .as(type.apiName()).isEqualTo(type != EcaType.EXTERNAL_CLIENT_APPLICATION);
      }
    }

    @Test
    void tells_whether_an_api_version_has_a_field() {
      FieldSpec timeoutType = EcaSchema.field(EcaType.OAUTH_POLICIES, "namedUserJwtSessionTimeoutType").orElseThrow();
      assertThat(timeoutType.availableIn("64.0")).isFalse();
      assertThat(timeoutType.availableIn("65.0")).isTrue();
      assertThat(timeoutType.availableIn("66.0")).isTrue();
    }

    @Test
    void does_not_know_a_misspelt_field() {
      assertThat(EcaSchema.field(EcaType.GLOBAL_OAUTH_SETTINGS, "isPkceRequred")).isEmpty();
    }
  }

  @Nested
  class Violations {
    @Test
    void rejects_an_unknown_enum_value_at_its_line() {
      var problems = EcaSchema.violations(component(EcaType.OAUTH_POLICIES,
          MetadataField.simple("refreshTokenPolicyType", "Forever", 7)));
      assertThat(problems).singleElement().satisfies(p -> {
        assertThat(p.line()).isEqualTo(7);
        assertThat(p.message()).contains("'Forever'", "Infinite", "SpecificInactivity");
      });
    }

    @Test
    void rejects_a_boolean_that_is_not_true_or_false() {
      assertThat(EcaSchema.violations(component(EcaType.GLOBAL_OAUTH_SETTINGS,
          MetadataField.simple("isPkceRequired", "yes", 4)))).singleElement()
          .satisfies(p -> assertThat(p.message()).contains("true or false"));
    }

    @Test
    void rejects_a_jwt_timeout_salesforce_does_not_offer() {
      assertThat(EcaSchema.violations(component(EcaType.OAUTH_POLICIES,
          MetadataField.simple("namedUserJwtTimeout", "45", 4)))).hasSize(1);
      assertThat(EcaSchema.violations(component(EcaType.OAUTH_POLICIES,
          MetadataField.simple("namedUserJwtTimeout", "120", 4)))).isEmpty();
    }

    @Test
    void leaves_unknown_fields_to_the_validator() {
      assertThat(EcaSchema.violations(component(EcaType.OAUTH_POLICIES,
          MetadataField.simple("someFutureField", "x", 4)))).isEmpty();
    }
  }

  @Nested
  class Scopes {
    @Test
    void shows_a_scope_with_its_metadata_and_wire_names() {
      assertThat(EcaSchema.displayScope("RefreshToken")).isEqualTo("RefreshToken / refresh_token");
      assertThat(EcaSchema.displayScope("MCP")).isEqualTo("MCP / mcp_api");
    }

    @Test
    void finds_a_scope_by_its_wire_name() {
      assertThat(EcaSchema.scope("sfap_api")).hasValueSatisfying(s -> assertThat(s.metadataName())
          .isEqualTo("SFApiPlatform"));
    }

    @Test
    void splits_a_comma_separated_list_and_drops_blanks() {
      assertThat(EcaSchema.splitScopes(" Api,RefreshToken , ,MCP")).containsExactly("Api", "RefreshToken", "MCP");
    }

    @Test
    void does_not_know_a_made_up_scope() {
      assertThat(EcaSchema.scope("Everything")).isEmpty();
    }
  }
}
