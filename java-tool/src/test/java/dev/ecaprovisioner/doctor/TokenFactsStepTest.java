package dev.ecaprovisioner.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.org.AccessToken;
import dev.ecaprovisioner.org.FakeOAuthOrg;
import dev.ecaprovisioner.org.HttpOAuthApi;
import dev.ecaprovisioner.org.OAuthApi;
import dev.ecaprovisioner.org.RestCallException;
import dev.ecaprovisioner.org.Secret;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TokenFactsStepTest {
  FakeOAuthOrg org;
  final OAuthApi oauth = new HttpOAuthApi(Duration.ofSeconds(2), Duration.ofSeconds(5));

  @BeforeEach
  void start() throws Exception {
    org = FakeOAuthOrg.start().requireSecretForRefresh(false);
  }

  @AfterEach
  void stop() {
    org.close();
  }

  private OAuthApi.TokenAnswer refresh() throws RestCallException {
    return oauth.refresh(org.instanceUrl(), new OAuthApi.RefreshGrant(org.clientId(), Secret.of(org.signIn()), null,
        OAuthApi.SecretPlacement.NONE));
  }

  private StepResult facts(AccessToken token, Instant now) {
    return TokenFactsStep.run(token, null, true, () -> {
      try {
        return RecordsStep.Read.of(oauth.publishedKeys(org.instanceUrl()));
      } catch (RestCallException e) {
        return RecordsStep.Read.failed(e.getMessage());
      }
    }, () -> {
      try {
        return RecordsStep.Read.of(oauth.introspect(org.instanceUrl(), token, org.clientId(),
            Secret.of(org.consumerSecret())));
      } catch (RestCallException e) {
        return RecordsStep.Read.failed(e.getMessage());
      }
    }, now, Duration.ZERO);
  }

  @Test
  void watches_a_jwt_with_a_two_second_lifetime_expire() throws Exception {
    org.tokenLifetime(Duration.ofSeconds(2));
    OAuthApi.TokenAnswer answer = refresh();
    assertThat(answer.granted()).isTrue();
    assertThat(answer.expiresIn()).isNull();

    StepResult fresh = facts(answer.accessToken(), Instant.now());
    assertThat(fresh.status()).isEqualTo(StepResult.Status.PASS);
    assertThat(fresh.summary()).matches("A valid JWT with [012] s left\\.");
    assertThat(fresh.details()).contains("the signature verifies against the org's published keys")
        .anySatisfy(d -> assertThat(d).startsWith("the token answer carried no expires_in"));

    Thread.sleep(2_100);
    StepResult expired = facts(answer.accessToken(), Instant.now());
    assertThat(expired.status()).isEqualTo(StepResult.Status.FAIL);
    assertThat(expired.summary()).matches("The JWT expired [12] s ago\\.");
  }

  @Test
  void decodes_a_jwt_without_verifying_it_when_the_keys_cannot_be_read() throws Exception {
    AccessToken token = refresh().accessToken();

    StepResult result = TokenFactsStep.run(token, null, false, () -> RecordsStep.Read.failed("no --target-org"),
        () -> RecordsStep.Read.failed("unused"), Instant.now(), Duration.ZERO);

    assertThat(result.status()).isEqualTo(StepResult.Status.SKIPPED);
    assertThat(result.details()).contains("the signature was not verified: no --target-org")
        .anySatisfy(d -> assertThat(d).matches("exp \\S+ \\(unverified\\): 3[56]\\d\\d s left"));
  }

  @Test
  void refuses_a_jwt_whose_signature_does_not_verify() throws Exception {
    String token = refresh().accessToken().reveal();
    String[] parts = token.split("\\.");
    String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();

    StepResult result = facts(AccessToken.of(tampered), Instant.now());

    assertThat(result.status()).isEqualTo(StepResult.Status.FAIL);
    assertThat(result.summary()).contains("does not verify");
  }

  @Test
  void asks_introspection_about_an_opaque_token() throws Exception {
    org.jwtAccessTokens(false).tokenLifetime(Duration.ofMinutes(30));
    AccessToken token = refresh().accessToken();

    StepResult result = facts(token, Instant.now());

    assertThat(result.status()).isEqualTo(StepResult.Status.PASS);
    assertThat(result.summary()).startsWith("A valid opaque token with ");
    assertThat(result.details()).contains("the token is opaque (not a JWT): asked /services/oauth2/introspect",
        "scopes: refresh_token mcp_api api");
    assertThat(String.join(" ", result.details())).doesNotContain(token.reveal());
  }
}
