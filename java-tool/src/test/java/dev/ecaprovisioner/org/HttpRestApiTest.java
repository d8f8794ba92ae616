package dev.ecaprovisioner.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class HttpRestApiTest {
  private static final String TOKEN = "00Dfake!" + "rest-token-for-tests";
  private FakeRestApi fake;
  private OrgSession session;
  private final HttpRestApi api = new HttpRestApi(new ReadOptions(1, Duration.ofSeconds(2), Duration.ofSeconds(5), 1,
      Duration.ofMillis(10)));

  @BeforeEach
  void start() throws Exception {
    fake = FakeRestApi.start().acceptToken(TOKEN);
    session = new OrgSession("fake", fake.instanceUrl(), null, null, "65.0", AccessToken.of(TOKEN));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void follows_next_records_url_until_every_record_is_read() throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      rows.add(FakeRestApi.record("PermissionSet", "0PS00000000000" + i, Map.of("Name", "Set" + i)));
    }
    fake.rows("PermissionSet", rows).pageSize(2);

    RestApi.QueryResult result = api.query(session, "SELECT Id, Name FROM PermissionSet", 100);

    assertThat(result.records()).extracting(r -> r.path("Name").asText())
        .containsExactly("Set0", "Set1", "Set2", "Set3", "Set4");
    assertThat(result.totalSize()).isEqualTo(5);
    assertThat(result.truncated()).isFalse();
  }

  @Test
  void stops_at_the_record_cap_and_says_so() throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      rows.add(FakeRestApi.record("OauthToken", "0CQ00000000000" + i, Map.of("UseCount", i)));
    }
    fake.rows("OauthToken", rows).pageSize(2);

    RestApi.QueryResult result = api.query(session, "SELECT Id FROM OauthToken", 3);

    assertThat(result.records()).hasSize(3);
    assertThat(result.truncated()).isTrue();
  }

  @Test
  void sends_the_query_text_as_given() throws Exception {
    fake.rows("PermissionSet", List.of());
    String soql = "SELECT Id FROM PermissionSet WHERE Name IN " + Soql.inList(List.of("O'Brien", "a\\b"));

    api.query(session, soql, 10);

    assertThat(fake.queries()).containsExactly(soql);
    assertThat(soql).endsWith("('O\\'Brien', 'a\\\\b')");
  }

  @Test
  void classifies_an_object_the_user_cannot_see() {
    fake.deny("LoginHistory", 400, "INVALID_TYPE", "sObject type 'LoginHistory' is not supported.");

    assertThatThrownBy(() -> api.query(session, "SELECT Id FROM LoginHistory", 10))
        .isInstanceOfSatisfying(RestCallException.class, e -> {
          assertThat(e.notVisible()).isTrue();
          assertThat(e.errorCode()).isEqualTo("INVALID_TYPE");
          assertThat(e.getMessage()).contains("LoginHistory");
        });
  }

  @Test
  void classifies_an_expired_token_and_never_quotes_it() {
    fake.expireToken(TOKEN);

    assertThatThrownBy(() -> api.query(session, "SELECT Id FROM PermissionSet", 10))
        .isInstanceOfSatisfying(RestCallException.class, e -> {
          assertThat(e.kind()).isEqualTo(MetadataCallException.Kind.SESSION_INVALID);
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.getMessage()).doesNotContain(TOKEN);
        });
  }

  @Test
  void gives_each_record_as_salesforce_sent_it() throws Exception {
    fake.rows("Organization", List.of(FakeRestApi.record("Organization", "00D000000000001",
        Map.of("IsSandbox", true))));

    JsonNode org = api.query(session, "SELECT IsSandbox FROM Organization", 1).records().get(0);

    assertThat(org.path("IsSandbox").asBoolean()).isTrue();
    assertThat(org.path("attributes").path("type").asText()).isEqualTo("Organization");
  }
}
