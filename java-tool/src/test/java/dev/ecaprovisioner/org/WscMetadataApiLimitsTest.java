package dev.ecaprovisioner.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecaprovisioner.eca.EcaType;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** What an answer may expand to: the cap counts the bytes after gzip, not only those on the wire. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class WscMetadataApiLimitsTest {
  static final int CAP = 1 << 20;
  FakeMetadataApi fake;
  OrgSession session;

  @BeforeEach
  void start() throws Exception {
    fake = FakeMetadataApi.start();
    String token = "00D" + UUID.randomUUID().toString().replace("-", "") + "!LIMITS";
    fake.acceptToken(token);
    session = new OrgSession("dev", URI.create(fake.instanceUrl()), null, null, "65.0", AccessToken.of(token));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void refuses_a_gzip_answer_that_expands_past_the_cap() {
    // Two megabytes of one letter compress to a few kilobytes: under the cap as sent, over it once expanded.
    fake.put(EcaType.EXTERNAL_CLIENT_APPLICATION, "Big", "<label>Big</label><description>" + "a".repeat(2 * CAP)
        + "</description>");
    WscMetadataApi api = new WscMetadataApi(Duration.ofSeconds(5), Duration.ofSeconds(30), CAP);

    assertThatThrownBy(() -> api.readMetadata(session, EcaType.EXTERNAL_CLIENT_APPLICATION, List.of("Big")))
        .isInstanceOf(MetadataCallException.class)
        .hasMessage("readMetadata failed: the answer is larger than 1 MB once decompressed")
        .satisfies(e -> assertThat(((MetadataCallException) e).kind()).isEqualTo(MetadataCallException.Kind.FAILED));
  }

  @Test
  void reads_an_answer_under_the_cap() throws Exception {
    fake.put(EcaType.EXTERNAL_CLIENT_APPLICATION, "Small", "<label>Small</label><description>" + "a".repeat(CAP / 2)
        + "</description>");
    WscMetadataApi api = new WscMetadataApi(Duration.ofSeconds(5), Duration.ofSeconds(30), CAP);

    assertThat(api.readMetadata(session, EcaType.EXTERNAL_CLIENT_APPLICATION, List.of("Small"))).hasSize(1);
  }
}
