package dev.ecaprovisioner.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecaprovisioner.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProfileLoaderTest {
  @org.junit.jupiter.api.io.TempDir
  Path dir;

  static final List<String> BUNDLED = ProfileLoader.BUNDLED;

  private static final String RULE = """
        - id: %s/jwt
          severity: error
          type: ExtlClntAppGlobalOauthSettings
          field: isNamedUserJwtEnabled
          expect: {equals: true}
          message: needs JWT
      """;

  private Path write(String relative, String text) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private List<Profile> load(String... references) {
    return new ProfileLoader(dir).load(List.of(references));
  }

  @Nested
  class Finding_profiles {
    @ParameterizedTest
    @FieldSource("dev.ecaprovisioner.profile.ProfileLoaderTest#BUNDLED")
    void loads_every_bundled_profile_by_name_from_any_directory(String name) {
      List<Profile> profiles = load(name);
      assertThat(profiles).last().satisfies(p -> {
        assertThat(p.name()).isEqualTo(name);
        assertThat(p.origin()).isEqualTo("bundled:" + name + ".yaml");
        assertThat(p.rules()).isNotEmpty().allSatisfy(r -> assertThat(r.id()).startsWith(name + "/"));
      });
    }

    @Test
    void loads_the_profiles_a_profile_extends_first_and_each_once() {
      List<Profile> profiles = load("copilot-studio", "claude");
      assertThat(profiles).extracting(Profile::name)
          .containsExactly("security-baseline", "mcp-client-base", "copilot-studio", "claude");
    }

    @Test
    void prefers_the_project_copy_in_config_profiles_over_the_bundled_one() throws IOException {
      Path local = write("config/profiles/claude.yaml", "name: claude\nrules:\n" + RULE.formatted("claude"));
      assertThat(load("claude")).singleElement().satisfies(p -> {
        assertThat(p.origin()).isEqualTo(local.toString());
        assertThat(p.rules()).extracting(Rule::id).containsExactly("claude/jwt");
      });
    }

    @Test
    void loads_a_file_by_path_and_what_it_extends_from_beside_it() throws IOException {
      write("mine/parent.yaml", "name: parent\nrules:\n" + RULE.formatted("parent"));
      write("mine/child.yaml", "name: child\nextends: parent\nrules:\n" + RULE.formatted("child"));
      assertThat(load("mine/child.yaml")).extracting(Profile::name).containsExactly("parent", "child");
    }

    @Test
    void a_path_profile_may_extend_a_bundled_one() throws IOException {
      write("mine.yaml", "name: mine\nextends: [security-baseline]\nrules:\n" + RULE.formatted("mine"));
      assertThat(load("mine.yaml")).extracting(Profile::name).containsExactly("security-baseline", "mine");
    }
  }

  @Nested
  class Rejecting_bad_profiles {
    private void rejects(String yaml, String expected) throws IOException {
      Path file = write("bad.yaml", yaml);
      assertThatThrownBy(() -> load(file.toString()))
          .isInstanceOf(BadInputException.class)
          .hasMessage(expected.replace("FILE", file.toString()));
    }

    @Test
    void an_unknown_profile_name_lists_the_known_ones() {
      assertThatThrownBy(() -> load("copilot"))
          .isInstanceOf(BadInputException.class)
          .hasMessageStartingWith("unknown profile 'copilot': not in config/profiles/ nor bundled (known: apex-mcp,");
    }

    @Test
    void a_profile_extending_an_unknown_one_is_named() throws IOException {
      Path file = write("mine.yaml", "name: mine\nextends: [security-basline]\n");
      assertThatThrownBy(() -> load(file.toString()))
          .hasMessageStartingWith(file + ": extends an unknown profile 'security-basline': not in config/profiles/");
    }

    @Test
    void a_missing_profile_file() {
      assertThatThrownBy(() -> load("nowhere/p.yaml")).hasMessage("nowhere/p.yaml: no such profile file");
    }

    @Test
    void malformed_yaml_at_its_line() throws IOException {
      Path file = write("bad.yaml", "name: p\nrules:\n  - id: p/x\n   severity: error\n");
      assertThatThrownBy(() -> load(file.toString())).isInstanceOf(BadInputException.class)
          .hasMessageStartingWith(file + ":4: malformed YAML");
    }

    @Test
    void a_rule_naming_a_field_that_does_not_exist() throws IOException {
      rejects("name: p\nrules:\n" + RULE.formatted("p").replace("isNamedUserJwtEnabled", "isJwtOn"),
          "FILE:6: the field 'isJwtOn' does not exist in ExtlClntAppGlobalOauthSettings (known: "
              + "externalClientApplication, label, callbackUrl, certificate, consumerKey, consumerSecret, "
              + "idTokenConfig, isPkceRequired, isSecretRequiredForRefreshToken, isConsumerSecretOptional, "
              + "isIntrospectAllTokens, isRefreshTokenRotationEnabled, isClientCredentialsFlowEnabled, "
              + "isCodeCredFlowEnabled, isCodeCredPostOnly, isDeviceFlowEnabled, isTokenExchangeEnabled, "
              + "isSecretRequiredForTokenExchange, isNamedUserJwtEnabled, shouldRotateConsumerKey, "
              + "shouldRotateConsumerSecret)");
    }

    @Test
    void a_value_the_field_can_never_take() throws IOException {
      rejects("""
          name: p
          rules:
            - id: p/refresh
              severity: error
              type: ExtlClntAppOauthConfigurablePolicies
              field: refreshTokenPolicyType
              expect: {equals: Forever}
              message: m
          """, "FILE:7: 'Forever' is not a value of ExtlClntAppOauthConfigurablePolicies.refreshTokenPolicyType "
          + "(Infinite, Zero, SpecificLifetime, SpecificInactivity)");
    }

    @Test
    void a_comparison_that_does_not_fit_the_field() throws IOException {
      rejects("""
          name: p
          rules:
            - id: p/pkce
              severity: error
              type: ExtlClntAppGlobalOauthSettings
              field: isPkceRequired
              expect: {includes: [Api]}
              message: m
          """, "FILE:7: 'includes' does not apply to isPkceRequired, which holds boolean");
    }

    @Test
    void an_unknown_type() throws IOException {
      rejects("name: p\nrules:\n" + RULE.formatted("p").replace("ExtlClntAppGlobalOauthSettings", "ConnectedApp"),
          "FILE:5: unknown metadata type 'ConnectedApp': use one of ExternalClientApplication, "
              + "ExtlClntAppOauthSettings, ExtlClntAppGlobalOauthSettings, ExtlClntAppOauthConfigurablePolicies, "
              + "ExtlClntAppConfigurablePolicies");
    }

    @Test
    void an_unknown_severity() throws IOException {
      rejects("name: p\nrules:\n" + RULE.formatted("p").replace("severity: error", "severity: fatal"),
          "FILE:4: unknown severity 'fatal': use error, warning or info");
    }

    @Test
    void a_misspelt_key() throws IOException {
      rejects("name: p\nrules:\n" + RULE.formatted("p").replace("message:", "mesage:"),
          "FILE:8: unknown key 'mesage' in a rule (known: compensatingControls, expect, expected, field, fix, id, "
              + "message, overrides, reason, severity, sourceOnly, type, when)");
    }

    @Test
    void a_rule_id_outside_the_profile() throws IOException {
      rejects("name: p\nrules:\n" + RULE.formatted("q"),
          "FILE:3: the rule id 'q/jwt' must read 'p/<name>' with lower-case letters, digits and dashes");
    }

    @Test
    void the_same_rule_id_twice() throws IOException {
      rejects("name: p\nrules:\n" + RULE.formatted("p") + RULE.formatted("p"),
          "FILE:9: the rule id 'p/jwt' appears twice");
    }

    @Test
    void a_compensating_control_nobody_defines() throws IOException {
      rejects("name: p\nrules:\n" + RULE.formatted("p") + "    compensatingControls: [moat]\n",
          "FILE:3: the rule 'p/jwt' names the compensating control 'moat', which no loaded profile defines");
    }

    @Test
    void a_cycle_of_extends() throws IOException {
      write("a.yaml", "name: a\nextends: b\n");
      write("b.yaml", "name: b\nextends: a\n");
      assertThatThrownBy(() -> load(dir.resolve("a.yaml").toString()))
          .hasMessage(dir.resolve("a.yaml") + ": 'extends' makes a cycle: a -> b -> a");
    }

    @Test
    void an_empty_file() throws IOException {
      rejects("", "FILE: the profile is empty");
    }

    @Test
    void a_profile_whose_name_differs_from_the_name_it_was_looked_up_by() throws IOException {
      Path file = write("config/profiles/claude.yaml", "name: claudia\n");
      assertThatThrownBy(() -> load("claude"))
          .hasMessage(file + ": the profile inside is named 'claudia' but was looked up as 'claude'");
    }
  }
}
