package dev.ecaprovisioner.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.TargetFacts;
import dev.ecaprovisioner.validate.ValidationReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AppUsageTest {
  static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  static ValidationReport report(String... apps) {
    List<AppResult> results = new ArrayList<>();
    for (String app : apps) {
      results.add(new AppResult(app, List.of(), List.of("some/rule")));
    }
    return new ValidationReport("org:prod", List.of(), results, false, new TargetFacts("00D", "https://x", null, null));
  }

  @Test
  void the_labels_of_a_thousand_apps_go_in_a_few_queries_of_bounded_length() {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      labels.add("Sales MCP for region " + i);
    }
    List<List<String>> batches = AppUsage.batches(labels);
    assertThat(batches).hasSizeBetween(5, 10);
    assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(labels);
    assertThat(batches).allSatisfy(b -> assertThat(String.join("', '", b).length())
        .isLessThanOrEqualTo(AppUsage.MAX_LABEL_CHARS_PER_QUERY));
  }

  @Test
  void an_app_used_within_the_days_gets_no_finding_and_one_unused_longer_does() {
    Map<String, TargetFacts.AppUsage> byApp = Map.of(
        "Recent", new TargetFacts.AppUsage(2, 3, NOW.minusSeconds(89L * 86_400)),
        "Old", new TargetFacts.AppUsage(1, 1, NOW.minusSeconds(91L * 86_400)),
        "Never", new TargetFacts.AppUsage(0, 0, null));
    ValidationReport checked = AppUsage.withUnusedApps(report("Recent", "Old", "Never"),
        new TargetFacts.Usage(byApp, null, 90, false), NOW);

    assertThat(checked.apps().get(2).name()).isEqualTo("Recent");
    assertThat(checked.apps().get(2).findings()).isEmpty();
    assertThat(checked.apps().get(1).findings()).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo(AppUsage.RULE_APP_UNUSED);
      assertThat(f.severity()).isEqualTo(Severity.INFO);
      assertThat(f.actual()).isEqualTo("last used 2026-09-01");
    });
    assertThat(checked.apps().get(0).findings()).singleElement().satisfies(f ->
        assertThat(f.actual()).isEqualTo("no user holds a token"));
    assertThat(checked.facts().usage().of("Recent").users()).isEqualTo(2);
    assertThat(checked.facts().orgId()).isEqualTo("00D");
  }

  @Test
  void usage_not_read_or_truncated_reports_no_app_as_unused() {
    ValidationReport unread = AppUsage.withUnusedApps(report("App"),
        TargetFacts.Usage.unavailable("cannot read OauthToken", 90), NOW);
    assertThat(unread.apps().get(0).findings()).isEmpty();
    assertThat(unread.facts().usage().unavailable()).isEqualTo("cannot read OauthToken");

    ValidationReport truncated = AppUsage.withUnusedApps(report("App"), new TargetFacts.Usage(
        Map.of("App", new TargetFacts.AppUsage(0, 0, null)), null, 90, true), NOW);
    assertThat(truncated.apps().get(0).findings()).isEmpty();
  }
}
