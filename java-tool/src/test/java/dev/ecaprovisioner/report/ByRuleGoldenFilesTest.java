package dev.ecaprovisioner.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.FailOn;
import dev.ecaprovisioner.validate.Finding;
import dev.ecaprovisioner.validate.Fix;
import dev.ecaprovisioner.validate.Location;
import dev.ecaprovisioner.validate.TargetFacts;
import dev.ecaprovisioner.validate.ValidationReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The findings-by-rule summary, usage and changes since a baseline in every format, against {@code
 * golden/audit-by-rule.FORMAT.expected}: eight apps of one org, a rule found in seven of them (more than a row names),
 * usage read, and a baseline with findings new, unchanged and fixed and apps that appeared and disappeared. Run with
 * {@code -Dgolden.update=true} to rewrite the files after an intended change.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ByRuleGoldenFilesTest {
  static final Instant NOW = Instant.parse("2026-12-01T09:30:00Z");
  static final Instant BASELINE = Instant.parse("2026-11-01T08:00:00Z");
  static final String TARGET = "org:prod";

  static Finding finding(String app, String rule, Severity severity, String type, String field, String message) {
    return new Finding(rule, severity, type, field, "expected", "actual", message,
        new Fix("Setup label of " + field, "value"), new Location(TARGET + "/" + type + "/" + app, 0), null);
  }

  static Finding refreshSecret(String app) {
    return finding(app, "copilot-studio/refresh-without-secret", Severity.ERROR, "ExtlClntAppGlobalOauthSettings",
        "isSecretRequiredForRefreshToken", "Copilot Studio cannot refresh its token.");
  }

  static Finding pkce(String app) {
    return finding(app, "copilot-studio/pkce-off", Severity.WARNING, "ExtlClntAppGlobalOauthSettings",
        "isPkceRequired", "PKCE is off.");
  }

  static Finding unused(String app) {
    return new Finding("audit/app-unused", Severity.INFO, "ExternalClientApplication", null, "used in the last 90 days",
        "no user holds a token", "No one has used " + app + " in the last 90 days.", null,
        new Location(TARGET + "/ExternalClientApplication/" + app, 0), null);
  }

  /** Eight apps, A_App to H_App: refresh-without-secret in seven, PKCE off in two, one unused; one hostile name. */
  static ValidationReport report() {
    List<AppResult> apps = new ArrayList<>();
    Map<String, List<Finding>> added = new LinkedHashMap<>();
    for (String name : List.of("A_App", "B_App", "C_App", "D_App", "E_App", "F_App", "G_App")) {
      List<Finding> findings = new ArrayList<>(List.of(refreshSecret(name)));
      if (name.equals("B_App") || name.equals("C_App")) {
        findings.add(pkce(name));
      }
      apps.add(new AppResult(name, findings, List.of("mcp-client-base/refresh-scope")));
    }
    apps.add(new AppResult("H_App", List.of(unused("H_App")), List.of("copilot-studio/refresh-without-secret")));
    added.put("G_App", List.of(refreshSecret("G_App")));
    added.put("C_App", List.of(pkce("C_App")));
    added.put("H_App", List.of(unused("H_App")));
    Map<String, List<Finding>> fixed = Map.of("A_App", List.of(pkce("A_App")));
    Map<String, TargetFacts.AppUsage> usage = new LinkedHashMap<>();
    for (AppResult app : apps) {
      usage.put(app.name(), app.name().equals("H_App") ? new TargetFacts.AppUsage(0, 0, null)
          : new TargetFacts.AppUsage(3, 4, Instant.parse("2026-11-28T10:15:00Z")));
    }
    TargetFacts facts = new TargetFacts("00D5g000004ABCDEA2", "https://acme.my.salesforce.com",
        new TargetFacts.Usage(usage, null, 90, false),
        new TargetFacts.Changes(BASELINE, added, fixed, List.of("G_App", "H_App"), List.of("Old_<b>App</b>")));
    return new ValidationReport(TARGET, List.of("security-baseline", "copilot-studio"), apps, false, facts);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ReportFormat.class)
  void the_summary_by_rule_usage_and_changes_render_exactly_as_expected(ReportFormat format) throws IOException {
    String actual = format.renderer(new RenderOptions(false, "test", NOW, FailOn.ERROR)).render(List.of(report()));
    Path expected = GoldenFilesTest.GOLDEN.resolve("audit-by-rule." + format.label() + ".expected");
    if (GoldenFilesTest.UPDATE) {
      Files.writeString(expected, actual, StandardCharsets.UTF_8);
    }
    assertThat(expected).as("missing golden file; run with -Dgolden.update=true").exists();
    assertThat(actual).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
  }

  @Test
  void a_row_names_the_first_apps_then_counts_the_rest_and_the_changes_lead() {
    String text = ReportFormat.TEXT.renderer(new RenderOptions(false, "test", NOW, FailOn.ERROR))
        .render(List.of(report()));
    assertThat(text.lines().findFirst().orElseThrow())
        .isEqualTo("Changes: 1 new error, 1 new warning, 1 new info, 1 fixed since 2026-11-01; 2 apps appeared, "
            + "1 disappeared");
    assertThat(text).contains("A_App, B_App, C_App, D_App, E_App and 2 more");
    assertThat(text.indexOf("Findings by rule:")).isLessThan(text.indexOf("Validated org:prod"));
    String markdown = ReportFormat.MARKDOWN.renderer(new RenderOptions(false, "test", NOW, FailOn.ERROR))
        .render(List.of(report()));
    assertThat(markdown).contains("Old\\_&lt;b&gt;App&lt;/b&gt;").doesNotContain("<b>App");
    String html = ReportFormat.HTML.renderer(new RenderOptions(false, "test", NOW, FailOn.ERROR))
        .render(List.of(report()));
    assertThat(html).contains("<svg class=\"chart\"", "<rect class=\"bar error\"", "<a href=\"#rule-0\">",
        "<a href=\"#t-org-prod--A_App\">A_App</a>").doesNotContain("<script", "<b>App");
    assertThat(html.indexOf("id=\"t-org-prod--H_App\"")).as("errors first").isGreaterThan(
        html.indexOf("id=\"t-org-prod--G_App\""));
  }

  @Test
  void a_hostile_rule_id_or_app_name_stays_text_in_the_by_rule_table() {
    String hostile = "evil/<img src=x onerror=alert(1)>|x";
    ValidationReport report = new ValidationReport(TARGET, List.of("custom"), List.of(new AppResult("App<b>",
        List.of(finding("App<b>", hostile, Severity.ERROR, "ExtlClntAppGlobalOauthSettings", "isPkceRequired",
            "m")), List.of())), false, null);
    RenderOptions options = new RenderOptions(false, "test", NOW, FailOn.ERROR);
    String markdown = ReportFormat.MARKDOWN.renderer(options).render(List.of(report));
    String table = markdown.substring(markdown.indexOf("### Findings by rule"), markdown.indexOf("Target <code>"));
    assertThat(table).contains("evil/&lt;img src=x onerror=alert(1)&gt;\\|x", "App&lt;b&gt;")
        .doesNotContain("<img", "<b>");
    String html = ReportFormat.HTML.renderer(options).render(List.of(report));
    assertThat(html).contains("evil/&lt;img src=x onerror=alert(1)&gt;|x", "App&lt;b&gt;")
        .doesNotContain("<img", "App<b>");
  }

  @Test
  void sarif_and_junit_carry_no_summary_by_rule() {
    for (ReportFormat format : List.of(ReportFormat.SARIF, ReportFormat.JUNIT)) {
      String out = format.renderer(new RenderOptions(false, "test", NOW, FailOn.ERROR)).render(List.of(report()));
      assertThat(out).as(format.label()).doesNotContain("byRule", "Findings by rule", "unchanged");
    }
  }
}
