package dev.ecaprovisioner.org;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OauthTokensTest {
  private static final String TOKEN = "00Dfake!" + "oauth-token-reader";
  private FakeRestApi fake;
  private OrgSession session;
  private final RestApi api = new HttpRestApi(ReadOptions.defaults());

  @BeforeEach
  void start() throws Exception {
    fake = FakeRestApi.start().acceptToken(TOKEN);
    session = new OrgSession("fake", fake.instanceUrl(), null, null, "65.0", AccessToken.of(TOKEN));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private static Map<String, Object> token(String app, String user, String lastUsed, int uses) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("AppName", app);
    fields.put("UserId", user);
    fields.put("CreatedDate", "2026-10-01T08:00:00.000+0000");
    fields.put("LastUsedDate", lastUsed);
    fields.put("UseCount", uses);
    return FakeRestApi.record("OauthToken", "", fields);
  }

  @Test
  void sums_tokens_per_app_by_distinct_user_and_latest_use() throws Exception {
    fake.rows("OauthToken", List.of(
        token("Copilot Studio MCP", "005A", "2026-11-30T10:00:00.000+0000", 40),
        token("Copilot Studio MCP", "005A", "2026-11-01T10:00:00.000+0000", 1),
        token("Copilot Studio MCP", "005B", null, 1),
        token("Old App", "005C", "2025-01-01T00:00:00.000+0000", 3)));

    Map<String, OauthTokens.Usage> usage = OauthTokens.read(api, session, List.of()).usageByApp();

    assertThat(usage.get("Copilot Studio MCP")).isEqualTo(new OauthTokens.Usage("Copilot Studio MCP", 2, 3,
        Instant.parse("2026-11-30T10:00:00Z")));
    assertThat(usage.get("Old App").lastUsed()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
  }

  @Test
  void never_selects_the_token_fields_that_hold_secrets() throws Exception {
    fake.rows("OauthToken", List.of());

    OauthTokens.read(api, session, List.of("Copilot Studio MCP", "It's mine"));

    assertThat(fake.queries()).singleElement().satisfies(soql -> {
      assertThat(soql).doesNotContain("AccessToken", "DeleteToken", "RequestToken");
      assertThat(soql).contains("WHERE AppName IN ('Copilot Studio MCP', 'It\\'s mine')");
    });
  }

  @Test
  void reads_a_salesforce_date_time() {
    assertThat(OauthTokens.dateTime(com.fasterxml.jackson.databind.node.TextNode.valueOf(
        "2026-11-30T08:15:00.000+0000"))).isEqualTo(Instant.parse("2026-11-30T08:15:00Z"));
    assertThat(OauthTokens.dateTime(com.fasterxml.jackson.databind.node.TextNode.valueOf(
        "2026-11-30T08:15:00.250-0130"))).isEqualTo(Instant.parse("2026-11-30T09:45:00.250Z"));
    assertThat(OauthTokens.dateTime(com.fasterxml.jackson.databind.node.TextNode.valueOf(
        "2026-11-30T08:15:00Z"))).as("ISO, as a proxy may rewrite it").isEqualTo(Instant.parse("2026-11-30T08:15:00Z"));
    assertThat(OauthTokens.dateTime(com.fasterxml.jackson.databind.node.TextNode.valueOf(
        "2026-13-30T08:15:00.000+0000"))).as("no 13th month").isNull();
    assertThat(OauthTokens.dateTime(com.fasterxml.jackson.databind.node.TextNode.valueOf(
        "2026-11-30T08:15:0x.000+0000"))).isNull();
    assertThat(OauthTokens.dateTime(com.fasterxml.jackson.databind.node.NullNode.getInstance())).isNull();
  }

  @Test
  void says_when_the_user_may_not_read_tokens() {
    fake.deny("OauthToken", 400, "INVALID_TYPE", "sObject type 'OauthToken' is not supported.");

    RestCallException failure = org.junit.jupiter.api.Assertions.assertThrows(RestCallException.class,
        () -> OauthTokens.read(api, session, List.of()));

    assertThat(failure.notVisible()).isTrue();
  }
}
