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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Salesforce CLI as a child process. The executable is {@code sf} on the PATH unless the environment variable
 * {@value #EXECUTABLE_VARIABLE} names another (an npx install, a pinned version, a test double).
 */
public final class ProcessSfCli implements SfCli {
  public static final String EXECUTABLE_VARIABLE = "ECA_PROVISIONER_SF";
  private static final ObjectMapper JSON = new ObjectMapper();

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
    try {
      closeQuietly(process);
      CompletableFuture<byte[]> stdout = drain(process.getInputStream());
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new OrgFailureException("`" + shown + "` did not answer within " + timeout.toSeconds() + " s");
      }
      String out = new String(stdout.join(), StandardCharsets.UTF_8);
      return parse(out, shown);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new OrgFailureException("interrupted while waiting for `" + shown + "`");
    }
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

  /** Reads a stream on its own thread, so that waiting for the process can time out. */
  private static CompletableFuture<byte[]> drain(InputStream in) {
    CompletableFuture<byte[]> done = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (in; ByteArrayOutputStream buffer = new ByteArrayOutputStream()) {
        in.transferTo(buffer);
        done.complete(buffer.toByteArray());
      } catch (IOException e) {
        done.complete(new byte[0]);
      }
    }, "sf-output");
    reader.setDaemon(true);
    reader.start();
    return done;
  }
}
