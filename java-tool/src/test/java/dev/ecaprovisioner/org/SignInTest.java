package dev.ecaprovisioner.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.OrgFailureException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SignInTest {
  private static final String INSTANCE = "https://acme.my.salesforce.com";

  private static String newToken(String mark) {
    return "00D" + UUID.randomUUID().toString().replace("-", "") + "!" + mark;
  }

  @Nested
  class Through_the_salesforce_cli {
    @TempDir
    Path dir;
    FakeSfCli sf;
    SfCli cli;

    @BeforeEach
    void install() {
      sf = FakeSfCli.installIn(dir);
      cli = new ProcessSfCli(sf.executable().toString(), Duration.ofSeconds(30));
    }

    @Test
    void takes_the_org_from_org_display_and_the_token_from_show_access_token() {
      String token = newToken("CURRENT");
      sf.signedIn("dev", INSTANCE + "/", "65.0", token);

      OrgSession session = new SfCliSignIn(cli, "dev").open();

      assertThat(session.instanceUrl()).hasToString(INSTANCE);
      assertThat(session.apiVersion()).isEqualTo("65.0");
      assertThat(session.orgId()).isEqualTo("00D5g000004ABCDEA2");
      assertThat(session.username()).isEqualTo("admin@dev.example.com");
      assertThat(session.token().reveal()).isEqualTo(token);
      assertThat(session.metadataEndpoint()).hasToString(INSTANCE + "/services/Soap/m/65.0");
      assertThat(sf.calls()).containsExactly("org display -o dev --json",
          "org auth show-access-token -o dev --json");
    }

    @Test
    void falls_back_to_the_token_in_org_display_on_an_older_cli() {
      String token = newToken("OLDCLI");
      sf.signedInWithOldCli("old", INSTANCE, "62.0", token);

      OrgSession session = new SfCliSignIn(cli, "old").open();

      assertThat(session.token().reveal()).isEqualTo(token);
      assertThat(session.apiVersion()).isEqualTo("62.0");
    }

    @Test
    void renews_with_the_next_token_the_cli_hands_out() {
      String first = newToken("FIRST");
      String second = newToken("SECOND");
      sf.signedIn("dev", INSTANCE, "65.0", first, second);
      SfCliSignIn signIn = new SfCliSignIn(cli, "dev");

      OrgSession session = signIn.open();
      assertThat(signIn.renew(session).reveal()).isEqualTo(second);
    }

    @Test
    void says_to_log_in_when_the_cli_hands_out_the_same_refused_token_again() {
      String only = newToken("ONLY");
      sf.signedIn("dev", INSTANCE, "65.0", only);
      SfCliSignIn signIn = new SfCliSignIn(cli, "dev");
      OrgSession session = signIn.open();

      assertThatThrownBy(() -> signIn.renew(session))
          .isInstanceOf(OrgFailureException.class)
          .hasMessage("the org refused the session the Salesforce CLI holds for dev: run `sf org login web -o dev`");
    }

    @Test
    void says_what_to_run_for_an_unknown_alias() {
      assertThatThrownBy(() -> new SfCliSignIn(cli, "nope").open())
          .isInstanceOf(OrgFailureException.class)
          .hasMessage("the Salesforce CLI knows no org called nope: run `sf org login web -o nope`");
    }

    @Test
    void says_what_to_run_when_the_login_has_expired() {
      sf.loginExpired("stale", INSTANCE);

      assertThatThrownBy(() -> new SfCliSignIn(cli, "stale").open())
          .isInstanceOf(OrgFailureException.class)
          .hasMessage("the Salesforce CLI's login to stale has expired: run `sf org login web -o stale`");
    }

    @Test
    void says_how_to_install_the_cli_when_it_is_missing() {
      SfCli missing = new ProcessSfCli(dir.resolve("no-such-sf").toString(), Duration.ofSeconds(5));

      assertThatThrownBy(() -> new SfCliSignIn(missing, "dev").open())
          .isInstanceOf(OrgFailureException.class)
          .hasMessageStartingWith("the Salesforce CLI (")
          .hasMessageContaining("cannot be started: install it with `npm install --global @salesforce/cli`");
    }

    @Test
    void refuses_an_alias_that_would_read_as_a_flag() {
      assertThatThrownBy(() -> new SfCliSignIn(cli, "--json"))
          .isInstanceOf(BadInputException.class);
    }

    @Test
    void refuses_an_instance_url_from_the_cli_that_breaks_the_instance_url_rules_before_any_token_is_fetched() {
      for (String url : new String[] {"http://some-host.example", "file:///etc/passwd", "ftp://acme.example",
          "https://acme.example:99999", "https://user@acme.example", "https://acme.example/path", "not a url"}) {
        sf.signedIn("odd", url, "65.0", newToken("ODD"));
        assertThatThrownBy(() -> new SfCliSignIn(cli, "odd").open()).as(url)
            .isInstanceOf(OrgFailureException.class)
            .hasMessageStartingWith("the Salesforce CLI's instance URL for odd (" + url + ") ")
            .hasMessageContaining("so no token is sent to it: run `sf org login web -o odd");
      }
      assertThat(sf.calls()).noneMatch(c -> c.contains("show-access-token"));
    }

    @Test
    void accepts_plain_http_from_the_cli_only_on_loopback() {
      sf.signedIn("local", "http://127.0.0.1:8443", "65.0", newToken("LOCAL"));
      assertThat(new SfCliSignIn(cli, "local").open().instanceUrl()).hasToString("http://127.0.0.1:8443");
    }

    @Test
    void redacts_a_token_the_cli_quotes_in_an_error_in_any_encoding() {
      String token = newToken("QUOTED") + "&x/y";
      String[] quotes = {token, java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8),
          java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8).replace("%2F", "%2f"),
          dev.ecaprovisioner.eca.Xml.escape(token)};
      for (String quoted : quotes) {
        sf.tokenErrorQuoting("leaky", INSTANCE, token, quoted);
        assertThatThrownBy(() -> new SfCliSignIn(cli, "leaky").open()).as(quoted)
            .isInstanceOf(OrgFailureException.class)
            .hasMessageContaining("AuthDecryptError", "[redacted]")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain(quoted).doesNotContain("QUOTED"));
      }
    }

    @Test
    void redacts_a_session_id_it_was_never_given() {
      String unknown = "00D5g000004ABCD!AQ" + UUID.randomUUID().toString().replace("-", "");
      sf.tokenErrorQuoting("other", INSTANCE, null, unknown);
      assertThatThrownBy(() -> new SfCliSignIn(cli, "other").open())
          .isInstanceOf(OrgFailureException.class)
          .satisfies(e -> assertThat(e.getMessage()).contains("[redacted]").doesNotContain(unknown));
    }

    @Test
    void reads_an_envelope_printed_after_a_warning_line() {
      SfCli.Envelope envelope = ProcessSfCli.parse("Warning: update available\n{\"status\":0,\"result\":{\"id\":\"x\"}}",
          "sf org display");
      assertThat(envelope.ok()).isTrue();
      assertThat(envelope.text("id")).isEqualTo("x");
    }
  }

  @Nested
  class With_a_token_from_the_environment {
    @Test
    void takes_the_token_from_sf_access_token() {
      String token = newToken("ENV");
      OrgSession session = TokenSignIn.of(INSTANCE, "65.0", Map.of("SF_ACCESS_TOKEN", token)).open();

      assertThat(session.token().reveal()).isEqualTo(token);
      assertThat(session.label()).isEqualTo("acme.my.salesforce.com");
      assertThat(session.toString()).doesNotContain(token);
    }

    @Test
    void needs_the_environment_variable() {
      assertThatThrownBy(() -> TokenSignIn.of(INSTANCE, "65.0", Map.of()))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("SF_ACCESS_TOKEN");
    }

    @Test
    void allows_plain_http_only_on_loopback() {
      Map<String, String> env = Map.of("SF_ACCESS_TOKEN", newToken("ENV"));
      assertThat(TokenSignIn.of("http://127.0.0.1:8080", "65.0", env).open().instanceUrl())
          .hasToString("http://127.0.0.1:8080");
      assertThat(TokenSignIn.of("http://localhost:9", "65.0", env).open().instanceUrl()).hasToString("http://localhost:9");
      assertThat(TokenSignIn.of("http://[::1]:9", "65.0", env).open().instanceUrl()).hasToString("http://[::1]:9");

      assertThatThrownBy(() -> TokenSignIn.of("http://acme.my.salesforce.com", "65.0", env))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("plain http:// is allowed only for loopback");
      assertThatThrownBy(() -> TokenSignIn.of("http://10.0.0.1", "65.0", env)).isInstanceOf(BadInputException.class);
      assertThatThrownBy(() -> TokenSignIn.of("ftp://acme.example", "65.0", env)).isInstanceOf(BadInputException.class);
      assertThatThrownBy(() -> TokenSignIn.of("https://acme.example/services", "65.0", env))
          .isInstanceOf(BadInputException.class);
    }

    @Test
    void names_the_ports_allowed() {
      Map<String, String> env = Map.of("SF_ACCESS_TOKEN", newToken("ENV"));
      assertThatThrownBy(() -> TokenSignIn.of("https://acme.example:99999", "65.0", env))
          .isInstanceOf(BadInputException.class)
          .hasMessage("--instance-url has the port 99999; a port is 1 to 65535: https://acme.example:99999");
      assertThatThrownBy(() -> TokenSignIn.of("https://acme.example:0", "65.0", env))
          .isInstanceOf(BadInputException.class).hasMessageContaining("a port is 1 to 65535");
    }

    @Test
    void cannot_renew_and_says_so() {
      TokenSignIn signIn = TokenSignIn.of(INSTANCE, "65.0", Map.of("SF_ACCESS_TOKEN", newToken("ENV")));
      OrgSession session = signIn.open();

      assertThatThrownBy(() -> signIn.renew(session))
          .isInstanceOf(OrgFailureException.class)
          .hasMessageContaining("refused the token in SF_ACCESS_TOKEN");
    }
  }

  @Test
  void an_access_token_never_shows_itself() {
    String value = newToken("SHOW");
    AccessToken token = AccessToken.of(value);

    assertThat(token.toString()).isEqualTo("AccessToken[redacted]").doesNotContain(value);
    assertThat(token.redact("server said " + value + " is bad")).isEqualTo("server said [redacted] is bad");
  }

  @Test
  void an_access_token_is_redacted_as_servers_echo_it() {
    String value = newToken("ECHO") + "&<'\" /+";
    AccessToken token = AccessToken.of(value);
    String urlEncoded = java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    String numeric = value.chars().mapToObj(c -> "&#" + c + ";").reduce("", String::concat);
    for (String echoed : new String[] {value, urlEncoded, urlEncoded.replace("%2F", "%2f"),
        dev.ecaprovisioner.eca.Xml.escape(value), numeric}) {
      assertThat(token.redact("<faultstring>bad " + echoed + "</faultstring>")).as(echoed)
          .isEqualTo("<faultstring>bad [redacted]</faultstring>");
    }
  }
}
