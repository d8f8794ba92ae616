package dev.ecaprovisioner.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecaprovisioner.mcp.CopilotToolSchemas;
import dev.ecaprovisioner.mcp.McpClient;
import dev.ecaprovisioner.org.AccessToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Step 5: whether an MCP session survives a token refresh. Initializes, lists the tools with the session id carried
 * as the server wants it (in the body where the server offers that, as a Copilot Studio connector must), refreshes
 * the token, lists again with the same session id and the new token; a 404 is answered by initializing again, and
 * reported. Then checks every tool's schema against what Copilot Studio accepts.
 */
public final class McpSessionStep {
  public static final String TITLE = "The MCP session survives refresh";
  /** The error codes a Salesforce Hosted MCP server answers an opaque token with. */
  static final List<String> JWT_ERRORS = List.of("INVALID_JWT_FORMAT", "INVALID_AUTH_HEADER");

  private McpSessionStep() {}

  /** A refreshed token, or why there is none. */
  public record Refreshed(AccessToken token, String unavailable) {}

  /**
   * @param client a client for the endpoint
   * @param version the protocol version to ask for
   * @param token the bearer token of the first listing, or null for none
   * @param refresh gives the token of the second listing; called between the two listings
   * @param copilotStudio whether the client is Copilot Studio, whose schema rules then fail the step
   * @param jwtFix the {@code provision} line that turns JWT-based access tokens on
   */
  public static StepResult run(McpClient client, String version, AccessToken token, Supplier<Refreshed> refresh,
      boolean copilotStudio, String jwtFix) {
    long start = System.nanoTime();
    List<String> details = new ArrayList<>();
    client.bearer(token);
    List<McpClient.Exchange> init = client.initialize(version);
    init.forEach(e -> details.add(line(e)));
    McpClient.Exchange first = init.get(0);
    if (!first.ok()) {
      return refused(first, details, jwtFix, start);
    }
    details.add(client.sessionId() == null ? "the server keeps no session (stateless)"
        : "session id received " + (client.sessionInBody() ? "in the body (and carried there)" : "in the "
            + "Mcp-Session-Id header (and carried there)"));
    McpClient.ToolListing before = client.listTools();
    before.exchanges().forEach(e -> details.add(line(e)));
    if (!before.complete()) {
      return refused(before.last(), details, jwtFix, start);
    }
    details.add(before.tools().size() + " tools listed");
    String session = client.sessionId();
    Refreshed refreshed = refresh.get();
    Cause cause = null;
    String summary;
    if (refreshed.token() == null) {
      summary = "Listed " + before.tools().size() + " tools; whether the session survives a refresh was not checked. "
          + refreshed.unavailable();
    } else {
      client.bearer(refreshed.token());
      details.add("token refreshed; listing again with the same session id and the new token");
      McpClient.ToolListing after = client.listTools();
      after.exchanges().forEach(e -> details.add(line(e)));
      if (!after.complete() && after.last().status() == 404 && session != null) {
        List<McpClient.Exchange> again = client.initialize(version);
        again.forEach(e -> details.add("initialize again after 404: " + line(e)));
        McpClient.ToolListing recovered = client.listTools();
        recovered.exchanges().forEach(e -> details.add("after recovery: " + line(e)));
        summary = "The session did not survive the refresh: the server answered 404 for it"
            + (recovered.complete() ? "; initializing again recovered, with a new session." : ", and initializing "
                + "again did not recover: " + recovered.last().describe() + ".");
        cause = new Cause(Cause.SESSION_LOST, summary, "make the server keep a session across token refresh (this "
            + "project's Apex endpoint does)", "A client that does not initialize again on 404 (Copilot Studio is "
                + "reported not to) loses the connection; no Salesforce setting changes that.");
      } else if (!after.complete()) {
        return refused(after.last(), details, jwtFix, start);
      } else {
        summary = session == null ? "The server is stateless; listing with the new token worked."
            : "The session survived the refresh: the same session id and the new token listed "
                + after.tools().size() + " tools.";
      }
    }
    List<CopilotToolSchemas.Problem> problems = CopilotToolSchemas.check(before.tools());
    for (CopilotToolSchemas.Problem problem : problems) {
      details.add("Copilot Studio " + problem.outcome().name().toLowerCase(Locale.ROOT) + (problem.tool().isEmpty()
          ? "" : " tool " + problem.tool()) + (problem.where().isEmpty() ? "" : " at " + problem.where()) + ": "
          + problem.why());
    }
    long dropped = problems.stream().filter(p -> p.outcome() == CopilotToolSchemas.Outcome.DROPPED)
        .map(CopilotToolSchemas.Problem::tool).distinct().count();
    long mangled = problems.stream().filter(p -> p.outcome() == CopilotToolSchemas.Outcome.MANGLED)
        .map(CopilotToolSchemas.Problem::tool).distinct().count();
    if (!problems.isEmpty()) {
      summary += " Copilot Studio would drop " + dropped + " and mangle " + mangled + " of the tools.";
      if (cause == null && copilotStudio) {
        cause = new Cause(Cause.TOOL_SCHEMAS, "Copilot Studio would drop " + dropped + " and mangle " + mangled
            + " tools of this server.", "change the tool schemas as listed in step 5",
            "Tool schemas are the server's: no Salesforce setting changes them.");
      }
    }
    boolean failed = cause != null;
    return new StepResult(TITLE, failed ? StepResult.Status.FAIL : StepResult.Status.PASS, summary, details,
        failed ? "Fix: " + cause.fix() + "." : "", elapsed(start), cause);
  }

  private static StepResult refused(McpClient.Exchange exchange, List<String> details, String jwtFix, long start) {
    String text = (exchange.body() + " " + exchange.headers().getOrDefault("www-authenticate", ""))
        .toUpperCase(Locale.ROOT);
    String code = JWT_ERRORS.stream().filter(text::contains).findFirst().orElse(null);
    if (code != null) {
      String what = "The server refused the token with " + code + ": a Salesforce Hosted MCP server takes only "
          + "JWT-based access tokens, and this app issues opaque ones (JWT-based access tokens for named users are "
          + "off), so sign-in seems to work but every MCP call fails.";
      return new StepResult(TITLE, StepResult.Status.FAIL, what, details, "Run: " + jwtFix, elapsed(start),
          new Cause(Cause.JWT_REQUIRED, what, jwtFix, null));
    }
    String what;
    if (exchange.status() == 401 || exchange.status() == 403) {
      String challenge = exchange.headers().get("www-authenticate");
      what = "The server refused the token on " + exchange.method() + " (HTTP " + exchange.status()
          + (challenge == null ? "" : ", WWW-Authenticate: " + challenge) + ").";
    } else {
      what = exchange.method() + " failed: " + exchange.describe() + ".";
    }
    return new StepResult(TITLE, StepResult.Status.FAIL, what, details, "Check the endpoint URL and the token it "
        + "needs.", elapsed(start), new Cause(Cause.OTHER, what, "check the endpoint and its token", null));
  }

  private static String line(McpClient.Exchange exchange) {
    String line = exchange.method() + ": " + exchange.describe() + " in " + exchange.elapsed().toMillis() + " ms";
    JsonNode version = exchange.result().path("protocolVersion");
    return version.isTextual() ? line + ", protocol " + version.asText() : line;
  }

  private static Duration elapsed(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
