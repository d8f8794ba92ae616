package dev.ecaprovisioner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.ExitCode;
import dev.ecaprovisioner.report.ReportFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Values from files and profiles that try to become markup, links or leaks in a report. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class HostileValuesTest {
  static final String NS = "http://soap.sforce.com/2006/04/metadata";

  @TempDir
  Path dir;

  /** A one-app source tree under {@code dir/src}, its OAuth settings holding the given scopes. */
  Path tree(String folder, String scopesXml, String globalExtra) throws IOException {
    Path src = Files.createDirectories(dir.resolve("src").resolve(folder));
    Files.writeString(src.resolve("A.eca-meta.xml"), "<ExternalClientApplication xmlns=\"" + NS + "\">"
        + "<label>A</label><distributionState>Local</distributionState></ExternalClientApplication>");
    Files.writeString(src.resolve("A_oauth.ecaOauth-meta.xml"), "<ExtlClntAppOauthSettings xmlns=\"" + NS + "\">\n"
        + "<commaSeparatedOauthScopes>" + scopesXml + "</commaSeparatedOauthScopes>\n"
        + "<externalClientApplication>A</externalClientApplication>\n</ExtlClntAppOauthSettings>\n");
    Files.writeString(src.resolve("A_glbloauth.ecaGlblOauth-meta.xml"), "<ExtlClntAppGlobalOauthSettings xmlns=\""
        + NS + "\">\n<callbackUrl>https://example.com/cb</callbackUrl>\n" + globalExtra
        + "<externalClientApplication>A</externalClientApplication>\n</ExtlClntAppGlobalOauthSettings>\n");
    return src;
  }

  @Nested
  class In_markdown {
    @Test
    void an_unknown_scope_that_is_html_stays_text() throws IOException {
      tree("x", "Api, &lt;img src=x onerror=alert(1)&gt;, [a](javascript:alert(1))", "");
      CliRun run = CliRun.in(dir, "validate", "--source", "src", "--format", "markdown");
      assertThat(run.out()).contains("eca/unknown-scope", "&lt;img src=x onerror=alert(1)&gt;",
          "\\[a\\](javascript:alert(1))");
      assertThat(run.out()).doesNotContain("<img", "[a](");
    }

    @Test
    void a_pipe_or_backtick_in_a_value_cannot_open_a_column_or_a_code_span() throws IOException {
      tree("x", "Api, a|b, `c`", "");
      CliRun run = CliRun.in(dir, "validate", "--source", "src", "--format", "markdown");
      assertThat(run.out()).contains("a\\|b", "\\`c\\`").doesNotContain(" a|b", "`c`");
    }
  }

  @Nested
  class In_sarif {
    @Test
    void a_file_uri_is_percent_encoded() throws IOException {
      tree("my dir#1%", "Api, Nope", "");
      CliRun run = CliRun.in(dir, "validate", "--source", "src", "--format", "sarif");
      assertThat(run.out()).contains("/src/my%20dir%231%25/A_oauth.ecaOauth-meta.xml\"")
          .doesNotContain("my dir#1");
    }
  }

  @Nested
  class Many_findings_of_one_kind {
    @Test
    void are_listed_up_to_the_cap_and_the_rest_counted() throws IOException {
      StringBuilder scopes = new StringBuilder("Api");
      for (int i = 0; i < 100_000; i++) {
        scopes.append(",x").append(i);
      }
      Path src = tree("x", scopes.toString(), "");
      StringBuilder unknown = new StringBuilder();
      for (int i = 0; i < 20_000; i++) {
        unknown.append("<unknown").append(i).append("/>");
      }
      Files.writeString(src.resolve("A.eca-meta.xml"), "<ExternalClientApplication xmlns=\"" + NS + "\">"
          + "<label>A</label>" + unknown + "</ExternalClientApplication>");

      CliRun run = CliRun.in(dir, "validate", "--source", "src", "--format", "json");

      long scopeFindings = findingsOf(run.out(), "eca/unknown-scope");
      long fieldFindings = findingsOf(run.out(), "eca/unknown-field");
      assertThat(scopeFindings).isEqualTo(dev.ecaprovisioner.validate.Validator.MAX_FINDINGS_OF_A_KIND + 1);
      assertThat(fieldFindings).isEqualTo(dev.ecaprovisioner.validate.Validator.MAX_FINDINGS_OF_A_KIND + 1);
      assertThat(run.out()).contains("99950 more OAuth scopes that are no scope's metadata name are not listed "
          + "(100000 in all)", "19950 more fields this tool does not know are not listed (20000 in all)");
      // Each finding shows at most the first characters of the value: the report grows with the file, not with the
      // number of findings times the file.
      assertThat(run.out().length()).isLessThan(3 * scopes.length());
      assertThat(run.out()).contains("characters more)");
    }
  }

  @Nested
  class Many_findings_across_components {
    @Test
    void are_capped_per_app_not_per_component() throws IOException {
      Path src = tree("x", "Api", "");
      String unknown = "<unknownA/>".repeat(1);
      StringBuilder thirty = new StringBuilder();
      for (int i = 0; i < 30; i++) {
        thirty.append("<unknown").append(i).append("/>");
      }
      Files.writeString(src.resolve("A.eca-meta.xml"), "<ExternalClientApplication xmlns=\"" + NS + "\">"
          + "<label>A</label>" + thirty + "</ExternalClientApplication>");
      Files.writeString(src.resolve("A_plcy.ecaPlcy-meta.xml"), "<ExtlClntAppConfigurablePolicies xmlns=\"" + NS
          + "\"><externalClientApplication>A</externalClientApplication>" + thirty + unknown
          + "</ExtlClntAppConfigurablePolicies>");

      CliRun run = CliRun.in(dir, "validate", "--source", "src", "--format", "json");

      assertThat(findingsOf(run.out(), "eca/unknown-field"))
          .isEqualTo(dev.ecaprovisioner.validate.Validator.MAX_FINDINGS_OF_A_KIND + 1);
      assertThat(run.out()).contains("11 more fields this tool does not know are not listed (61 in all)");
    }
  }

  @Nested
  class A_profile_pattern {
    @Test
    void that_backtracks_exponentially_still_matches_a_long_callback_url_at_once() throws IOException {
      Path profile = Files.writeString(dir.resolve("slow.yaml"), """
          name: slow
          description: a pattern a backtracking engine takes forever on
          rules:
            - id: slow/callback
              severity: error
              type: ExtlClntAppGlobalOauthSettings
              field: callbackUrl
              expect: {anyMatches: "(.*a){25}"}
              message: The callback URL is not as expected.
          """);
      Path src = tree("x", "Api", "");
      Files.writeString(src.resolve("A_glbloauth.ecaGlblOauth-meta.xml"), "<ExtlClntAppGlobalOauthSettings xmlns=\""
          + NS + "\"><callbackUrl>https://" + "a".repeat(40) + ".example/" + "b".repeat(5000) + "</callbackUrl>"
          + "<externalClientApplication>A</externalClientApplication></ExtlClntAppGlobalOauthSettings>");

      CliRun run = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
          () -> CliRun.in(dir, "validate", "--source", "src", "--profile", profile.toString(), "--format", "json"));

      assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.FINDINGS);
      assertThat(run.out()).contains("slow/callback");
    }
  }

  @Nested
  class A_consumer_key {
    final String key = "3MVG9" + UUID.randomUUID().toString().replace("-", "");

    /** A profile that wants the key in source, overriding the baseline rule that keeps it out. */
    Path keyProfile() throws IOException {
      return Files.writeString(dir.resolve("keeps-key.yaml"), """
          name: keeps-key
          description: wants the consumer key in source
          extends: [security-baseline]
          rules:
            - id: keeps-key/key-in-source
              severity: error
              type: ExtlClntAppGlobalOauthSettings
              field: consumerKey
              expect: {present: true}
              message: The key must be in source.
              overrides:
                rule: security-baseline/no-consumer-key-in-source
                acceptedRisk: the key is public.
          """);
    }

    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void never_reaches_a_report_even_when_a_profile_overrides_the_baseline_rule(ReportFormat format)
        throws IOException {
      tree("x", "Api", "<consumerKey>" + key + "</consumerKey>\n");
      CliRun run = CliRun.in(dir, "validate", "--source", "src", "--profile", keyProfile().toString(),
          "--format", format.label());
      assertThat(run.exitCode()).as(run.err()).isIn(ExitCode.OK, ExitCode.FINDINGS);
      assertThat(run.out()).contains("keeps-key/key-in-source");
      assertThat(run.out() + run.err()).doesNotContain(key);
    }
  }

  /** How many findings of {@code rule} the apps of a JSON report hold (the summary by rule names rules too). */
  private static long findingsOf(String json, String rule) throws IOException {
    long count = 0;
    for (com.fasterxml.jackson.databind.JsonNode findings
        : new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).findValues("findings")) {
      for (com.fasterxml.jackson.databind.JsonNode finding : findings) {
        if (rule.equals(finding.path("rule").asText())) {
          count++;
        }
      }
    }
    return count;
  }
}
