package dev.ecaprovisioner.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecaprovisioner.OrgFailureException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Salesforce CLI as a child process misbehaving: hanging, flooding, leaving children behind. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProcessSfCliTest {
  static final String ENVELOPE = "{\"status\":0,\"result\":{\"id\":\"x\"}}";

  @TempDir
  Path dir;

  @AfterEach
  void endStrays() throws IOException {
    Path pid = dir.resolve("child.pid");
    if (Files.exists(pid)) {
      ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  ProcessSfCli sf(String body, Duration timeout) throws IOException {
    Path script = dir.resolve("sf");
    Files.writeString(script, "#!/bin/sh\n" + body.replace("PIDFILE", dir.resolve("child.pid").toString()) + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return new ProcessSfCli(script.toString(), timeout);
  }

  Optional<ProcessHandle> child() throws Exception {
    Path pid = dir.resolve("child.pid");
    for (int i = 0; i < 100 && !Files.exists(pid); i++) {
      Thread.sleep(20);
    }
    return ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()));
  }

  static void awaitEnd(Optional<ProcessHandle> process) throws InterruptedException {
    for (int i = 0; i < 100 && process.map(ProcessHandle::isAlive).orElse(false); i++) {
      Thread.sleep(20);
    }
  }

  @Test
  void times_out_and_ends_the_cli_with_every_process_it_started() throws Exception {
    ProcessSfCli cli = sf("sleep 300 &\necho $! > PIDFILE\nwait", Duration.ofSeconds(2));
    long start = System.nanoTime();

    assertThatThrownBy(() -> cli.run(List.of("org", "display")))
        .isInstanceOf(OrgFailureException.class)
        .hasMessage("`sf org display` did not answer within 2 s");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    Optional<ProcessHandle> sleeper = child();
    awaitEnd(sleeper);
    assertThat(sleeper.map(ProcessHandle::isAlive).orElse(false)).as("the CLI's child is ended").isFalse();
  }

  @Test
  void answers_when_the_cli_exits_while_a_child_keeps_its_output_open() throws Exception {
    ProcessSfCli cli = sf("sleep 300 &\necho $! > PIDFILE\necho '" + ENVELOPE + "'", Duration.ofSeconds(60));
    long start = System.nanoTime();

    SfCli.Envelope envelope = cli.run(List.of("org", "display"));

    assertThat(envelope.text("id")).isEqualTo("x");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void stops_reading_output_past_its_cap() throws Exception {
    ProcessSfCli cli = sf("echo '{'\nexec cat /dev/zero", Duration.ofSeconds(60));
    long start = System.nanoTime();

    assertThatThrownBy(() -> cli.run(List.of("org", "display")))
        .isInstanceOf(OrgFailureException.class)
        .hasMessage("`sf org display` printed more than 16 MB, which no answer of the Salesforce CLI is");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
  }
}
