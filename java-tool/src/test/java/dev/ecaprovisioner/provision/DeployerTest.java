package dev.ecaprovisioner.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecaprovisioner.OrgFailureException;
import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.eca.MetadataField;
import dev.ecaprovisioner.org.AccessToken;
import dev.ecaprovisioner.org.FakeMetadataApi;
import dev.ecaprovisioner.org.FakeMetadataApi.Failure;
import dev.ecaprovisioner.org.FakeOrgApps;
import dev.ecaprovisioner.org.OrgSession;
import dev.ecaprovisioner.org.OrgSignIn;
import dev.ecaprovisioner.org.WscMetadataApi;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The deploy and its polling on the real SOAP wire: what is sent again, and what never is. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DeployerTest {
  static final Deployer.Polling FAST = new Deployer.Polling(Duration.ofMillis(20), Duration.ofMillis(80),
      Duration.ofSeconds(20), 3);

  FakeMetadataApi fake;
  String token;
  final Deque<String> freshTokens = new ArrayDeque<>();
  final WscMetadataApi api = new WscMetadataApi(Duration.ofSeconds(2), Duration.ofMillis(400));
  byte[] zip;

  @BeforeEach
  void start() throws Exception {
    fake = FakeMetadataApi.start();
    token = newToken();
    fake.acceptToken(token).pollsUntilDone(2);
    FakeOrgApps.addSeedScenarioApp(fake, "Seed_App");
    EcaApp app = new EcaApp("Seed_App", Map.of(EcaType.PLUGIN_POLICIES,
        new EcaComponent(EcaType.PLUGIN_POLICIES, "Seed_App_plcy", "Seed_App", "test",
            List.of(MetadataField.simple("externalClientApplication", "Seed_App", 0),
                MetadataField.simple("isEnabled", "true", 0),
                MetadataField.simple("isOauthPluginEnabled", "true", 0),
                MetadataField.simple("label", "changed by the deploy", 0)))));
    zip = DeployPackage.zip(List.copyOf(app.components().values()), "65.0");
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  static String newToken() {
    return "00D" + UUID.randomUUID().toString().replace("-", "");
  }

  OrgSession session() {
    return new OrgSession("dev", URI.create(fake.instanceUrl()), null, null, "65.0", AccessToken.of(token));
  }

  final OrgSignIn signIn = new OrgSignIn() {
    @Override
    public String label() {
      return "dev";
    }

    @Override
    public OrgSession open() {
      return session();
    }

    @Override
    public AccessToken renew(OrgSession expired) {
      if (freshTokens.isEmpty()) {
        throw new OrgFailureException("no fresh token");
      }
      return AccessToken.of(freshTokens.pop());
    }
  };

  Deployer.Outcome deploy() {
    return new Deployer(api, signIn, FAST).deploy(session(), zip, false);
  }

  @Test
  void polls_until_done_and_the_org_holds_the_component() {
    fake.pollsUntilDone(4);

    Deployer.Outcome outcome = deploy();

    assertThat(outcome.status().success()).isTrue();
    assertThat(outcome.polls()).isEqualTo(4);
    assertThat(fake.stored(EcaType.PLUGIN_POLICIES, "Seed_App_plcy")).contains("changed by the deploy");
  }

  @Test
  void a_poll_that_times_out_polls_the_same_deploy_again() {
    fake.failNext(FakeMetadataApi.CHECK_DEPLOY, 2, Failure.hang(Duration.ofMillis(900)));

    Deployer.Outcome outcome = deploy();

    assertThat(outcome.status().success()).isTrue();
    assertThat(fake.calls(FakeMetadataApi.DEPLOY)).isEqualTo(1);
    assertThat(fake.calls(FakeMetadataApi.CHECK_DEPLOY)).isEqualTo(4);
  }

  @Test
  void a_deploy_request_that_got_no_answer_is_never_sent_again() {
    fake.failNext(FakeMetadataApi.DEPLOY, 1, Failure.hang(Duration.ofMillis(900)));

    assertThatThrownBy(this::deploy).isInstanceOf(OrgFailureException.class)
        .hasMessageContaining("it may have been queued, so it is not sent again; look in Setup > Deployment Status");
    assertThat(fake.calls(FakeMetadataApi.DEPLOY)).isEqualTo(1);
    assertThat(fake.calls(FakeMetadataApi.CHECK_DEPLOY)).isZero();
  }

  @Test
  void a_deploy_the_org_refused_with_a_limit_fault_is_sent_again_after_a_wait() {
    fake.failNext(FakeMetadataApi.DEPLOY, 1, new Failure.Fault("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit"));

    assertThat(deploy().status().success()).isTrue();
    assertThat(fake.calls(FakeMetadataApi.DEPLOY)).isEqualTo(2);
    assertThat(fake.deployedZips()).hasSize(1);
  }

  @Test
  void an_expired_session_while_polling_is_renewed_once() {
    String fresh = newToken();
    freshTokens.add(fresh);
    fake.acceptToken(fresh).expireTokenOnDeploy(token);

    Deployer.Outcome outcome = deploy();

    assertThat(outcome.status().success()).isTrue();
    assertThat(outcome.renewals()).isEqualTo(1);
    assertThat(outcome.session().token()).isEqualTo(AccessToken.of(fresh));
    assertThat(fake.calls(FakeMetadataApi.DEPLOY)).isEqualTo(1);
  }

  @Test
  void a_session_refused_again_after_renewal_says_to_sign_in_again() {
    String fresh = newToken();
    freshTokens.add(fresh);
    fake.expireTokenOnDeploy(token);

    assertThatThrownBy(this::deploy).isInstanceOf(OrgFailureException.class)
        .hasMessageContaining("refused the session again after a fresh token")
        .hasMessageContaining("sf org login web -o dev");
    assertThat(fake.calls(FakeMetadataApi.DEPLOY)).isEqualTo(1);
  }

  @Test
  void polls_that_keep_failing_give_up_naming_the_deploy_id() {
    fake.failNext(FakeMetadataApi.CHECK_DEPLOY, 10, Failure.http(503));

    assertThatThrownBy(this::deploy).isInstanceOf(OrgFailureException.class)
        .hasMessageStartingWith("deploy 0Af").hasMessageContaining("4 times in a row")
        .hasMessageContaining("the deploy may still finish");
    assertThat(fake.calls(FakeMetadataApi.DEPLOY)).isEqualTo(1);
  }
}
