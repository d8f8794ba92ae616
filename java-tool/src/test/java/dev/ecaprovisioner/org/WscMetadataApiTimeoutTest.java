package dev.ecaprovisioner.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecaprovisioner.eca.EcaType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** A Metadata API that accepts the connection and never answers: both calls time out the same way. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class WscMetadataApiTimeoutTest {
  private ServerSocket silent;
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private Thread acceptor;

  @BeforeEach
  void start() throws IOException {
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      try {
        while (true) {
          held.add(silent.accept());
        }
      } catch (IOException closed) {
        // The test is over.
      }
    }, "silent-org");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void stop() throws IOException {
    silent.close();
    for (Socket socket : held) {
      socket.close();
    }
  }

  private OrgSession session() {
    return new OrgSession("dev", URI.create("http://127.0.0.1:" + silent.getLocalPort()), null, null, "65.0",
        AccessToken.of("00D" + UUID.randomUUID().toString().replace("-", "")));
  }

  private final WscMetadataApi api = new WscMetadataApi(Duration.ofSeconds(2), Duration.ofMillis(300));

  @Test
  void a_read_that_gets_no_answer_is_a_retryable_timeout() {
    assertThatThrownBy(() -> api.readMetadata(session(), EcaType.OAUTH_POLICIES, List.of("App_oauthPlcy")))
        .isInstanceOfSatisfying(MetadataCallException.class, e -> {
          assertThat(e.kind()).isEqualTo(MetadataCallException.Kind.RETRYABLE);
          assertThat(e.getMessage())
              .isEqualTo("readMetadata timed out after 300 ms");
        });
  }

  @Test
  void a_list_that_gets_no_answer_is_a_retryable_timeout() {
    assertThatThrownBy(() -> api.listMetadata(session(), List.of(EcaType.EXTERNAL_CLIENT_APPLICATION)))
        .isInstanceOfSatisfying(MetadataCallException.class, e -> {
          assertThat(e.kind()).isEqualTo(MetadataCallException.Kind.RETRYABLE);
          assertThat(e.getMessage())
              .isEqualTo("listMetadata timed out after 300 ms");
        });
  }
}
