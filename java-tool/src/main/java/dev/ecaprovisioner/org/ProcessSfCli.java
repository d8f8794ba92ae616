package dev.ecaprovisioner.org;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecaprovisioner.OrgFailureException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Salesforce CLI as a child process. The executable is {@code sf} on the PATH unless the environment variable
 * {@value #EXECUTABLE_VARIABLE} names another (an npx install, a pinned version, a test double).
 */
public final class ProcessSfCli implements SfCli {
  public static final String EXECUTABLE_VARIABLE = "ECA_PROVISIONER_SF";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The most of the CLI's output that is read: its envelopes are a few kilobytes. */
  static final int MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
  private static final long POLL_MILLIS = 20;

  private final String executable;
  private final Duration timeout;

  public ProcessSfCli(String executable, Duration timeout) {
    this.executable = executable;
    this.timeout = timeout;
  }

  /** The CLI the environment names, or {@code sf} on the PATH. */
  public static ProcessSfCli fromEnvironment(Map<String, String> environment) {
    String configured = environment.get(EXECUTABLE_VARIABLE);
    return new ProcessSfCli(configured == null || configured.isBlank() ? "sf" : configured, Duration.ofSeconds(120));
  }

  @Override
  public Envelope run(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(executable);
    command.addAll(args);
    command.add("--json");
    // stderr holds only the CLI's progress and warnings; the envelope on stdout says everything the tool needs.
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    // Without these the CLI may try to reach the network for telemetry or an update, and colour its output.
    builder.environment().put("SF_DISABLE_TELEMETRY", "true");
    builder.environment().put("SF_AUTOUPDATE_DISABLE", "true");
    builder.environment().put("FORCE_COLOR", "0");
    String shown = "sf " + String.join(" ", args);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new OrgFailureException("the Salesforce CLI (" + executable + ") cannot be started: install it with "
          + "`npm install --global @salesforce/cli`, or set " + EXECUTABLE_VARIABLE + " to its path");
    }
    closeQuietly(process);
    Output stdout = Output.readFrom(process.getInputStream());
    Set<ProcessHandle> family = new HashSet<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      // Polled, not one long wait: the CLI's own children are noted while it runs (once it exits they belong to no
      // one), and output past the cap stops the run at once.
      while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(family::add);
        if (stdout.overflowed()) {
          endTree(process, family);
          throw new OrgFailureException("`" + shown + "` printed more than " + (MAX_OUTPUT_BYTES >> 20)
              + " MB, which no answer of the Salesforce CLI is");
        }
        if (System.nanoTime() > deadline) {
          endTree(process, family);
          throw new OrgFailureException("`" + shown + "` did not answer within " + timeout.toSeconds() + " s");
        }
      }
      process.descendants().forEach(family::add);
      // A child that outlives the CLI may hold its output open: what was printed by then is the answer.
      long grace = Math.max(0, Math.min(deadline - System.nanoTime(), TimeUnit.SECONDS.toNanos(2)));
      boolean ended = stdout.awaitEnd(grace);
      if (!ended) {
        endTree(process, family);
        stdout.close();
      }
      if (stdout.overflowed()) {
        throw new OrgFailureException("`" + shown + "` printed more than " + (MAX_OUTPUT_BYTES >> 20)
            + " MB, which no answer of the Salesforce CLI is");
      }
      return parse(new String(stdout.bytes(), StandardCharsets.UTF_8), shown);
    } catch (InterruptedException e) {
      endTree(process, family);
      Thread.currentThread().interrupt();
      throw new OrgFailureException("interrupted while waiting for `" + shown + "`");
    }
  }

  /** Ends the CLI and every process it started that is still running. */
  private static void endTree(Process process, Set<ProcessHandle> family) {
    process.descendants().forEach(family::add);
    family.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** Reads an envelope; the CLI may print a warning line before the JSON, so it starts at the first brace. */
  static Envelope parse(String out, String shown) {
    int start = out.indexOf('{');
    if (start < 0) {
      throw new OrgFailureException("`" + shown + "` printed no JSON: is `sf` the Salesforce CLI?");
    }
    JsonNode root;
    try {
      root = JSON.readTree(out.substring(start));
    } catch (IOException e) {
      throw new OrgFailureException("`" + shown + "` printed JSON the tool cannot read");
    }
    int status = root.path("status").asInt(root.has("result") ? 0 : 1);
    return new Envelope(status, root.path("result"), root.path("name").asText(""), root.path("message").asText(""));
  }

  /** The CLI must not wait for input (a prompt would hang the run). */
  private static void closeQuietly(Process process) {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // The process has already exited or closed its input: nothing to do.
    }
  }

  /**
   * The CLI's stdout, read on its own thread (so that waiting for the process can time out) up to
   * {@value #MAX_OUTPUT_BYTES} bytes; past that the reading stops and the stream is closed.
   */
  private static final class Output implements Runnable {
    private final InputStream in;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean overflowed;

    private Output(InputStream in) {
      this.in = in;
    }

    static Output readFrom(InputStream in) {
      Output output = new Output(in);
      Thread reader = new Thread(output, "sf-output");
      reader.setDaemon(true);
      reader.start();
      return output;
    }

    @Override
    public void run() {
      byte[] chunk = new byte[8192];
      try (in) {
        for (int n; (n = in.read(chunk)) >= 0; ) {
          synchronized (buffer) {
            if (buffer.size() + n > MAX_OUTPUT_BYTES) {
              overflowed = true;
              return;
            }
            buffer.write(chunk, 0, n);
          }
        }
      } catch (IOException e) {
        // Closed on purpose, or the process went away: what was read is all there is.
      } finally {
        ended.countDown();
      }
    }

    boolean overflowed() {
      return overflowed;
    }

    boolean awaitEnd(long nanos) throws InterruptedException {
      return ended.await(nanos, TimeUnit.NANOSECONDS);
    }

    byte[] bytes() {
      synchronized (buffer) {
        return buffer.toByteArray();
      }
    }

    void close() {
      try {
        in.close();
      } catch (IOException e) {
        // Nothing more will be read either way.
      }
    }
  }
}
