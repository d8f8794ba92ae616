package dev.ecaprovisioner.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.OrgFailureException;
import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.org.FakeMetadataApi.Failure;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OrgReaderTest {
  private FakeMetadataApi fake;
  private String token;
  private StubSignIn signIn;

  @BeforeEach
  void start() throws Exception {
    fake = FakeMetadataApi.start();
    token = "00D" + UUID.randomUUID().toString().replace("-", "") + "!TESTTOKEN";
    fake.acceptToken(token);
    signIn = new StubSignIn();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private OrgSession session(String apiVersion) {
    return new OrgSession("dev", URI.create(fake.instanceUrl()), "00D000000000001AAA", "admin@example.com",
        apiVersion, AccessToken.of(token));
  }

  private static ReadOptions options(int concurrency) {
    return new ReadOptions(concurrency, Duration.ofSeconds(2), Duration.ofMillis(800), 3, Duration.ofMillis(10));
  }

  private OrgSnapshot read(String apiVersion, ReadOptions options) {
    return new OrgReader(new WscMetadataApi(options.connectTimeout(), options.readTimeout()), options,
        ReadProgress.NONE).read(signIn, session(apiVersion));
  }

  private void addApps(int count) {
    for (int i = 0; i < count; i++) {
      FakeOrgApps.addCopilotReadyApp(fake, String.format("App%03d", i));
    }
  }

  @Nested
  class Reading {
    @Test
    void reads_every_app_with_the_fewest_calls_the_api_allows() {
      addApps(25);
      OrgSnapshot snapshot = read("65.0", options(8));

      assertThat(snapshot.apps()).hasSize(25);
      assertThat(snapshot.unreadApps()).isEmpty();
      assertThat(snapshot.apps()).allSatisfy(app -> assertThat(app.components()).hasSize(5));
      // ceil(5 types / 3) list calls, ceil(25 / 10) read calls for each of the five types.
      assertThat(fake.calls(FakeMetadataApi.LIST)).isEqualTo(2);
      assertThat(fake.calls(FakeMetadataApi.READ)).isEqualTo(15);
      assertThat(snapshot.calls().total()).isEqualTo(17);
      assertThat(fake.limitViolations()).isZero();
    }

    @Test
    void keeps_fields_newer_than_the_generated_stubs_at_the_orgs_api_version() {
      addApps(1);
      OrgSnapshot snapshot = read("65.0", options(4));

      EcaComponent policies = snapshot.apps().get(0).component(EcaType.OAUTH_POLICIES).orElseThrow();
      assertThat(policies.value("namedUserJwtSessionTimeoutType")).contains("Custom");
      assertThat(policies.value("namedUserJwtTimeout")).contains("60");
      assertThat(policies.origin()).isEqualTo("org:dev/ExtlClntAppOauthConfigurablePolicies/App000_oauthPlcy");
      assertThat(policies.field("refreshTokenPolicyType").orElseThrow().line()).isZero();
      assertThat(fake.versionsSeen()).containsExactly("65.0");
    }

    @Test
    void talks_the_orgs_own_api_version_which_decides_the_fields_sent() {
      addApps(1);
      OrgSnapshot snapshot = read("64.0", options(4));

      EcaComponent policies = snapshot.apps().get(0).component(EcaType.OAUTH_POLICIES).orElseThrow();
      assertThat(policies.value("namedUserJwtSessionTimeoutType")).isEmpty();
      assertThat(policies.value("refreshTokenPolicyType")).contains("Infinite");
      assertThat(fake.versionsSeen()).containsExactly("64.0");
    }

    @Test
    void drops_the_consumer_secret_as_it_parses() {
      addApps(1);
      OrgSnapshot snapshot = read("65.0", options(4));

      EcaComponent global = snapshot.apps().get(0).component(EcaType.GLOBAL_OAUTH_SETTINGS).orElseThrow();
      assertThat(global.field("consumerSecret")).isEmpty();
      assertThat(global.value("isPkceRequired")).contains("false");
      assertThat(snapshot.toString()).doesNotContain(FakeOrgApps.secretFor("App000"));
    }

    @Test
    void keeps_the_number_of_calls_in_flight_within_the_bound() {
      addApps(60);
      fake.latency(Duration.ofMillis(40));
      read("65.0", options(4));

      assertThat(fake.maxInFlight()).isBetween(2, 4);
    }

    @Test
    void reads_an_org_without_apps_as_empty_and_fine() {
      OrgSnapshot snapshot = read("65.0", options(4));

      assertThat(snapshot.apps()).isEmpty();
      assertThat(snapshot.unreadApps()).isEmpty();
      assertThat(snapshot.nothingRead()).isFalse();
      assertThat(fake.calls(FakeMetadataApi.READ)).isZero();
    }

    @Test
    void leaves_out_types_the_orgs_api_version_lacks_with_a_warning() {
      addApps(2);
      OrgSnapshot snapshot = read("59.0", options(4));

      assertThat(snapshot.apps()).hasSize(2);
      assertThat(snapshot.apps().get(0).component(EcaType.PLUGIN_POLICIES)).isEmpty();
      assertThat(snapshot.warnings()).anyMatch(w -> w.contains("ExtlClntAppConfigurablePolicies needs API 60.0"));
    }

    @Test
    void reads_only_the_named_app_and_refuses_an_unknown_name() {
      addApps(12);
      OrgReader reader = new OrgReader(new WscMetadataApi(Duration.ofSeconds(2), Duration.ofSeconds(2)), options(4),
          ReadProgress.NONE);

      OrgSnapshot snapshot = reader.read(signIn, session("65.0"), Set.of("App007"));
      assertThat(snapshot.apps()).extracting(EcaApp::name).containsExactly("App007");
      assertThat(snapshot.apps().get(0).components()).hasSize(5);
      // Two list calls, then one read per type: the components named after the app.
      assertThat(fake.calls(FakeMetadataApi.READ)).isEqualTo(5);

      assertThatThrownBy(() -> reader.read(signIn, session("65.0"), Set.of("NoSuchApp")))
          .isInstanceOf(BadInputException.class)
          .hasMessage("the org dev has no External Client App named NoSuchApp");
    }

    @Test
    void finds_the_components_of_an_app_even_when_they_are_not_named_after_it() {
      addApps(12);
      fake.put(EcaType.OAUTH_SETTINGS, "Renamed_settings", """
          <commaSeparatedOauthScopes>Api</commaSeparatedOauthScopes>\
          <externalClientApplication>Lonely</externalClientApplication>""");
      fake.put(EcaType.EXTERNAL_CLIENT_APPLICATION, "Lonely", "<label>Lonely</label>");
      OrgReader reader = new OrgReader(new WscMetadataApi(Duration.ofSeconds(2), Duration.ofSeconds(2)), options(4),
          ReadProgress.NONE);

      OrgSnapshot snapshot = reader.read(signIn, session("65.0"), Set.of("Lonely"));

      assertThat(snapshot.apps()).extracting(EcaApp::name).containsExactly("Lonely");
      assertThat(snapshot.apps().get(0).component(EcaType.OAUTH_SETTINGS).orElseThrow().fullName())
          .isEqualTo("Renamed_settings");
    }
  }

  @Nested
  class Faults {
    @Test
    void retries_a_gateway_5xx_and_then_reads_everything() {
      addApps(3);
      fake.failNext(FakeMetadataApi.READ, 2, Failure.http(503));
      OrgSnapshot snapshot = read("65.0", options(1));

      assertThat(snapshot.apps()).hasSize(3);
      assertThat(snapshot.unreadApps()).isEmpty();
      assertThat(snapshot.calls().retries()).isEqualTo(2);
      assertThat(fake.calls(FakeMetadataApi.READ)).isEqualTo(5 + 2);
    }

    @Test
    void retries_request_limit_exceeded_on_list_calls() {
      addApps(3);
      fake.failNext(FakeMetadataApi.LIST, 1, Failure.fault("REQUEST_LIMIT_EXCEEDED"));
      OrgSnapshot snapshot = read("65.0", options(1));

      assertThat(snapshot.apps()).hasSize(3);
      assertThat(fake.calls(FakeMetadataApi.LIST)).isEqualTo(3);
    }

    @Test
    void retries_a_call_that_times_out() {
      addApps(2);
      fake.failNext(FakeMetadataApi.READ, 1, Failure.hang(Duration.ofMillis(1500)));
      OrgSnapshot snapshot = read("65.0", options(1));

      assertThat(snapshot.apps()).hasSize(2);
      assertThat(snapshot.calls().retries()).isEqualTo(1);
    }

    @Test
    void reports_apps_whose_reads_keep_failing_as_unread_never_as_read() {
      addApps(3);
      // Every readMetadata fails: 5 batches, each tried 1 + 3 times.
      fake.failNext(FakeMetadataApi.READ, 20, Failure.http(503));
      OrgSnapshot snapshot = read("65.0", options(1));

      assertThat(snapshot.apps()).isEmpty();
      // The names come from the list answer; nothing about them could be read.
      assertThat(snapshot.unreadApps()).containsOnlyKeys("App000", "App001", "App002");
      assertThat(snapshot.nothingRead()).isTrue();
      assertThat(snapshot.unreadApps().values()).allMatch(r -> r.contains("HTTP 503") && r.contains("tried 4 times"));
    }

    @Test
    void marks_only_the_apps_of_a_failed_batch_as_unread() {
      addApps(3);
      // The first readMetadata of the header type fails for good; children are still read.
      OrgReader reader = new OrgReader(new WscMetadataApi(Duration.ofSeconds(2), Duration.ofSeconds(2)),
          new ReadOptions(1, Duration.ofSeconds(2), Duration.ofSeconds(2), 0, Duration.ofMillis(1)),
          ReadProgress.NONE);
      fake.failNext(FakeMetadataApi.READ, 1, Failure.fault("UNKNOWN_EXCEPTION"));
      OrgSnapshot snapshot = reader.read(signIn, session("65.0"));

      assertThat(snapshot.unreadApps()).containsOnlyKeys("App000", "App001", "App002");
      assertThat(snapshot.unreadApps().get("App000")).startsWith("ExternalClientApplication: readMetadata failed");
      assertThat(snapshot.apps()).isEmpty();
    }

    @Test
    void does_not_retry_a_fault_that_will_not_go_away() {
      addApps(1);
      fake.failNext(FakeMetadataApi.LIST, 1, Failure.fault("INVALID_TYPE"));
      OrgSnapshot snapshot = read("65.0", options(1));

      assertThat(snapshot.calls().retries()).isZero();
      assertThat(snapshot.unreadApps()).isNotEmpty();
    }

    @Test
    void renews_an_expired_session_once_and_carries_on() {
      addApps(15);
      String fresh = "00D" + UUID.randomUUID().toString().replace("-", "") + "!FRESHTOKEN";
      signIn.renewals.add(fresh);
      fake.acceptToken(fresh);
      fake.latency(Duration.ofMillis(20));
      // The first list calls succeed with the old token; then the org forgets it.
      OrgReader reader = new OrgReader(new WscMetadataApi(Duration.ofSeconds(2), Duration.ofSeconds(2)), options(4),
          new ReadProgress() {
            @Override
            public void planned(int calls) {}

            @Override
            public void finished(int calls) {
              fake.expireToken(token);
            }
          });
      OrgSnapshot snapshot = reader.read(signIn, session("65.0"));

      assertThat(snapshot.apps()).hasSize(15);
      assertThat(snapshot.unreadApps()).isEmpty();
      assertThat(signIn.renewCalls.get()).isEqualTo(1);
      assertThat(snapshot.calls().renewals()).isEqualTo(1);
    }

    @Test
    void reads_the_fault_code_of_a_fault_the_stubs_cannot_bind() {
      addApps(3);
      String fresh = "00D" + UUID.randomUUID().toString().replace("-", "") + "!FRESHTOKEN";
      signIn.renewals.add(fresh);
      fake.acceptToken(fresh);
      fake.failNext(FakeMetadataApi.LIST, 1, Failure.faultWithDetail("INVALID_SESSION_ID"));
      fake.failNext(FakeMetadataApi.READ, 1, Failure.faultWithDetail("REQUEST_LIMIT_EXCEEDED"));
      OrgSnapshot snapshot = read("65.0", options(1));

      assertThat(snapshot.apps()).hasSize(3);
      assertThat(snapshot.calls().renewals()).isEqualTo(1);
      assertThat(snapshot.calls().retries()).isEqualTo(1);
    }

    @Test
    void gives_up_when_the_fresh_token_is_refused_too_and_asks_for_a_new_login() {
      addApps(3);
      fake.expireToken(token);
      signIn.renewals.add("00D" + UUID.randomUUID().toString().replace("-", "") + "!NOTACCEPTED");
      OrgSnapshot snapshot = read("65.0", options(2));

      assertThat(signIn.renewCalls.get()).isEqualTo(1);
      assertThat(snapshot.nothingRead()).isTrue();
      assertThat(snapshot.unreadApps().values())
          .allMatch(r -> r.contains("sign in again (`sf org login web -o dev`)"));
    }

    @Test
    void reports_the_consumer_secret_type_as_unknown_when_the_org_denies_it() {
      addApps(2);
      fake.deny(EcaType.GLOBAL_OAUTH_SETTINGS, "INSUFFICIENT_ACCESS");
      OrgSnapshot snapshot = read("65.0", options(2));

      assertThat(snapshot.apps()).hasSize(2);
      assertThat(snapshot.unreadApps()).isEmpty();
      assertThat(snapshot.apps()).allSatisfy(a -> assertThat(a.component(EcaType.GLOBAL_OAUTH_SETTINGS)).isEmpty());
      assertThat(snapshot.unknownParts()).containsOnlyKeys("App000", "App001");
      assertThat(snapshot.unknownParts().get("App000").get(EcaType.GLOBAL_OAUTH_SETTINGS))
          .startsWith("access denied: INSUFFICIENT_ACCESS");
      // Denied is not retried: one call per batch.
      assertThat(snapshot.calls().retries()).isZero();
    }

    @Test
    void never_puts_the_token_in_a_failure_message() {
      addApps(2);
      fake.failNext(FakeMetadataApi.READ, 40, Failure.http(500));
      fake.failNext(FakeMetadataApi.LIST, 1, Failure.fault("UNKNOWN_EXCEPTION"));
      OrgSnapshot snapshot = read("65.0", options(2));

      assertThat(snapshot.toString()).doesNotContain(token);
      assertThat(session("65.0").toString()).doesNotContain(token).contains("AccessToken[redacted]");
    }
  }

  /** A sign-in whose renewals hand out the queued tokens, counting calls. */
  private static final class StubSignIn implements OrgSignIn {
    final Deque<String> renewals = new ArrayDeque<>();
    final AtomicInteger renewCalls = new AtomicInteger();

    @Override
    public String label() {
      return "dev";
    }

    @Override
    public OrgSession open() {
      throw new UnsupportedOperationException("the test opens its own session");
    }

    @Override
    public AccessToken renew(OrgSession expired) {
      renewCalls.incrementAndGet();
      String next = renewals.poll();
      if (next == null) {
        throw new OrgFailureException("no fresh token: run `sf org login web -o dev`");
      }
      return AccessToken.of(next);
    }
  }
}
