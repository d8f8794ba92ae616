package dev.ecaprovisioner.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OAuthAndLoginHistoryTest {
  FakeOAuthOrg org;
  OrgSession session;
  final OAuthApi oauth = new HttpOAuthApi(Duration.ofSeconds(2), Duration.ofSeconds(5));

  @BeforeEach
  void start() throws Exception {
    org = FakeOAuthOrg.start();
    String token = "00D" + UUID.randomUUID().toString().replace("-", "") + "!T";
    org.acceptToken(token);
    session = new OrgSession("dev", org.instanceUrl(), null, null, "65.0", AccessToken.of(token));
  }

  @AfterEach
  void stop() {
    org.close();
  }

  @Nested
  class The_refresh_grant {
    @Test
    void sends_the_secret_in_the_body_as_basic_or_not_at_all() throws Exception {
      org.requireSecretForRefresh(false);
      for (OAuthApi.SecretPlacement placement : OAuthApi.SecretPlacement.values()) {
        OAuthApi.TokenAnswer answer = oauth.refresh(org.instanceUrl(), new OAuthApi.RefreshGrant(org.clientId(),
            Secret.of(org.signIn()), placement == OAuthApi.SecretPlacement.NONE ? null
                : Secret.of(org.consumerSecret()), placement));
        assertThat(answer.granted()).as(placement.name()).isTrue();
        assertThat(answer.expiresIn()).isNull();
        assertThat(answer.fields()).contains("access_token", "instance_url").doesNotContain("expires_in");
      }
      assertThat(org.refreshRequests()).extracting(r -> r.containsKey("client_secret") + "/" + r.containsKey("basic"))
          .containsExactly("false/false", "true/false", "false/true");
    }

    @Test
    void masks_a_refresh_token_or_secret_that_an_error_description_quotes() throws Exception {
      String refreshToken = org.signIn();
      try (FakeRestApi echoing = FakeRestApi.start()) {
        echoing.handle("/services/oauth2/token", exchange -> {
          String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String echoed = URLDecoder.decode(form, StandardCharsets.UTF_8);
          byte[] body = new ObjectMapper().writeValueAsBytes(Map.of("error", "invalid_grant",
              "error_description", "bad request: " + echoed));
          exchange.sendResponseHeaders(400, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
        OAuthApi.TokenAnswer answer = oauth.refresh(echoing.instanceUrl(), new OAuthApi.RefreshGrant(org.clientId(),
            Secret.of(refreshToken), Secret.of(org.consumerSecret()), OAuthApi.SecretPlacement.BODY));

        assertThat(answer.granted()).isFalse();
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorDescription()).contains("refresh_token=[redacted]", "client_secret=[redacted]")
            .doesNotContain(refreshToken).doesNotContain(org.consumerSecret());
        assertThat(answer.toString()).doesNotContain(refreshToken).doesNotContain(org.consumerSecret());
      }
    }

    @Test
    void throws_only_when_no_answer_came() {
      OAuthApi.RefreshGrant grant = new OAuthApi.RefreshGrant(org.clientId(), Secret.of(org.signIn()), null,
          OAuthApi.SecretPlacement.NONE);
      assertThatThrownBy(() -> oauth.refresh(java.net.URI.create("http://127.0.0.1:9"), grant))
          .isInstanceOf(RestCallException.class)
          .hasMessageContaining("the connection to 127.0.0.1 failed");
    }
  }

  @Nested
  class Login_history {
    @Test
    void reads_the_apps_attempts_by_label_or_name_in_any_case_and_filters_the_query_on_time() throws Exception {
      org.loginRows(List.of(
          FakeOAuthOrg.loginRow("Sales MCP", "005A", FakeOAuthOrg.recently(Duration.ofHours(1)), "Success"),
          FakeOAuthOrg.loginRow("SALES_MCP", "005B", FakeOAuthOrg.recently(Duration.ofHours(2)), "Failed: x"),
          FakeOAuthOrg.loginRow("Other", "005C", FakeOAuthOrg.recently(Duration.ofHours(3)), "Success")));

      LoginHistory.Result result = LoginHistory.read(new HttpRestApi(ReadOptions.defaults()), session,
          List.of("Sales MCP", "Sales_MCP"), Instant.parse("2026-11-01T10:15:30.250Z"));

      assertThat(result.attempts()).extracting(LoginHistory.Attempt::userId).containsExactly("005A", "005B");
      assertThat(result.failures()).extracting(LoginHistory.Attempt::status).containsExactly("Failed: x");
      assertThat(org.rest().queries()).singleElement().satisfies(q -> assertThat(q)
          .contains("FROM LoginHistory WHERE LoginTime >= 2026-11-01T10:15:30Z ORDER BY LoginTime DESC")
          .doesNotContain("Application ="));
    }

    @Test
    void says_when_the_user_may_not_read_it() {
      org.rest().deny("LoginHistory", 400, "INVALID_TYPE", "sObject type 'LoginHistory' is not supported.");
      assertThatThrownBy(() -> LoginHistory.read(new HttpRestApi(ReadOptions.defaults()), session,
          List.of("A"), Instant.now())).isInstanceOfSatisfying(RestCallException.class,
              e -> assertThat(e.notVisible()).isTrue());
    }
  }
}
