package dev.ecaprovisioner.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.OrgFailureException;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.org.AccessToken;
import dev.ecaprovisioner.org.FakeMetadataApi;
import dev.ecaprovisioner.org.FakeOrgApps;
import dev.ecaprovisioner.org.HttpRestApi;
import dev.ecaprovisioner.org.OrgSession;
import dev.ecaprovisioner.org.OrgSignIn;
import dev.ecaprovisioner.org.ReadOptions;
import dev.ecaprovisioner.org.WscMetadataApi;
import dev.ecaprovisioner.profile.ProfileLoader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin's answer decides: a plan declined deploys nothing and writes no backup. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProvisionerTest {
  @TempDir
  Path dir;
  FakeMetadataApi fake;
  OrgSession session;
  final List<ProvisionPlan> shown = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    fake = FakeMetadataApi.start();
    String token = "00D" + UUID.randomUUID().toString().replace("-", "");
    fake.acceptToken(token);
    FakeOrgApps.addSeedScenarioApp(fake, "Seed_App");
    session = new OrgSession("dev", URI.create(fake.instanceUrl()), null, "admin@example.com", "65.0",
        AccessToken.of(token));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  Provisioner provisioner() {
    OrgSignIn signIn = new OrgSignIn() {
      @Override
      public String label() {
        return "dev";
      }

      @Override
      public OrgSession open() {
        return session;
      }

      @Override
      public AccessToken renew(OrgSession expired) {
        throw new OrgFailureException("no renewal in this test");
      }
    };
    ReadOptions read = ReadOptions.defaults();
    OrgProvisioning org = new OrgProvisioning(new WscMetadataApi(Duration.ofSeconds(2), Duration.ofSeconds(5)),
        new HttpRestApi(read), signIn, session, read, new Deployer.Polling(Duration.ofMillis(10),
        Duration.ofMillis(20), Duration.ofSeconds(10), 2));
    return new Provisioner(org, new ProfileLoader(dir).load(List.of()), dir,
        () -> Instant.parse("2026-01-05T10:00:00Z"));
  }

  Provisioner.Dialogue answering(boolean yes) {
    return new Provisioner.Dialogue() {
      @Override
      public void show(ProvisionPlan plan) {
        shown.add(plan);
      }

      @Override
      public boolean confirm(ProvisionPlan plan) {
        return yes;
      }
    };
  }

  Provisioner.Request apply() {
    return new Provisioner.Request("Seed_App", false, null, List.of(), null, Provisioner.Action.APPLY);
  }

  @Test
  void a_declined_plan_deploys_nothing_and_writes_no_backup() {
    Provisioner.Result result = provisioner().provision(apply(), answering(false));

    assertThat(shown).containsExactly(result.plan());
    assertThat(result.outcome().mode()).isEqualTo(ProvisionOutcome.Mode.PLAN);
    assertThat(fake.calls(FakeMetadataApi.DEPLOY)).isZero();
    assertThat(Files.exists(dir.resolve(Backup.ROOT))).isFalse();
  }

  @Test
  void a_confirmed_plan_is_backed_up_deployed_and_read_back() {
    Provisioner.Result result = provisioner().provision(apply(), answering(true));

    assertThat(result.outcome().exitCode()).isZero();
    assertThat(result.outcome().backup()).isEqualTo(dir.resolve(Backup.ROOT).resolve("dev/Seed_App/20260105T100000Z"));
    assertThat(result.outcome().verification().passed()).isTrue();
    assertThat(fake.stored(EcaType.OAUTH_POLICIES, "Seed_App_oauthPlcy")).contains("Bypass");
  }
}
