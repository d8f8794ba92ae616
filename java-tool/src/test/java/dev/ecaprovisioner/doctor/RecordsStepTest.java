package dev.ecaprovisioner.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.org.LoginHistory;
import dev.ecaprovisioner.org.OauthTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RecordsStepTest {
  static final Instant T = Instant.parse("2026-11-30T08:15:00Z");
  static final String FIX = "eca-provisioner provision --target-org dev --app A --profile copilot-studio";

  static RecordsStep.Read<OauthTokens.Result> tokens(int... useCounts) {
    List<OauthTokens.Token> rows = java.util.Arrays.stream(useCounts)
        .mapToObj(n -> new OauthTokens.Token("A", "005" + n, T, T, n)).toList();
    return RecordsStep.Read.of(new OauthTokens.Result(rows, false));
  }

  static RecordsStep.Read<LoginHistory.Result> logins(String... statuses) {
    List<LoginHistory.Attempt> rows = java.util.Arrays.stream(statuses)
        .map(s -> new LoginHistory.Attempt("A", "005", T, "Remote Access 2.0", "", s)).toList();
    return RecordsStep.Read.of(new LoginHistory.Result(rows, false));
  }

  @Test
  void a_refused_attempt_is_quoted_and_a_missing_secret_named_with_the_provision_fix() {
    StepResult step = RecordsStep.run("A", tokens(1), logins("Failed: Client secret required", "Success"), false, FIX,
        Duration.ZERO);
    assertThat(step.status()).isEqualTo(StepResult.Status.FAIL);
    assertThat(step.summary()).contains("\"Failed: Client secret required\"").contains("lacked the client secret");
    assertThat(step.cause().fix()).isEqualTo(FIX);
  }

  @Test
  void a_refusal_of_another_kind_points_to_the_refresh_step_instead_of_a_setting() {
    StepResult step = RecordsStep.run("A", tokens(3), logins("Failed: Computer activation required"), false, FIX,
        Duration.ZERO);
    assertThat(step.status()).isEqualTo(StepResult.Status.FAIL);
    assertThat(step.cause().fix()).doesNotContain("provision");
  }

  @Test
  void tokens_used_once_and_no_more_attempts_than_tokens_mean_the_client_never_came_back() {
    StepResult step = RecordsStep.run("A", tokens(1, 1), logins("Success", "Success"), false, FIX, Duration.ZERO);
    assertThat(step.cause().rank()).isEqualTo(Cause.CLIENT_NEVER_REFRESHES);
    assertThat(step.cause().noSettingFixes()).startsWith("No Salesforce setting");
  }

  @Test
  void tokens_used_again_mean_the_client_refreshes() {
    StepResult step = RecordsStep.run("A", tokens(1, 7), logins("Success"), false, FIX, Duration.ZERO);
    assertThat(step.status()).isEqualTo(StepResult.Status.PASS);
    assertThat(step.cause()).isNull();
  }

  @Test
  void unreadable_objects_name_the_permission_they_need() {
    StepResult noTokens = RecordsStep.run("A", RecordsStep.Read.failed("sObject type 'OauthToken' is not supported."),
        logins(), false, FIX, Duration.ZERO);
    assertThat(noTokens.status()).isEqualTo(StepResult.Status.SKIPPED);
    assertThat(noTokens.todo()).contains("Customize Application");

    StepResult noHistory = RecordsStep.run("A", tokens(4), RecordsStep.Read.failed("denied"), false, FIX,
        Duration.ZERO);
    assertThat(noHistory.details()).anySatisfy(d -> assertThat(d).contains("Manage Users or Monitor Login History"));
    assertThat(noHistory.status()).isEqualTo(StepResult.Status.PASS);
  }

  @Test
  void no_token_at_all_skips_the_step() {
    StepResult step = RecordsStep.run("A", tokens(), logins(), false, FIX, Duration.ZERO);
    assertThat(step.status()).isEqualTo(StepResult.Status.SKIPPED);
    assertThat(step.summary()).startsWith("Nobody holds an OAuth token of A");
  }
}
