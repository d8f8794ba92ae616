package dev.ecaprovisioner.connector;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.org.InstanceUrl;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * The MCP server a connector is for, as {@code --server} names it: this project's Apex endpoint ({@code apex}), a
 * Salesforce Hosted MCP server ({@code hosted:sobject-all}), a custom hosted server ({@code custom:NAME}) or any other
 * server by its URL.
 *
 * @param kind which of the four
 * @param name the hosted or custom server's name, or the URL itself
 */
public record McpServer(Kind kind, String name) {
  /**
   * The standard Hosted MCP servers whose {@code platform/} names Salesforce's Standard MCP Servers reference gives.
   * Product servers (Data 360, Tableau Next, ...) are named differently from page to page; such a server is given by
   * its URL.
   */
  public static final List<String> STANDARD_SERVERS = List.of("sobject-all", "sobject-reads", "sobject-mutations",
      "sobject-deletes");

  /** The four kinds of server. */
  public enum Kind {
    APEX,
    HOSTED,
    CUSTOM,
    URL;

    /** The word golden files and messages use. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Reads {@code --server}.
   *
   * @throws BadInputException for an unknown hosted server, a malformed custom name or URL
   */
  public static McpServer parse(String text) {
    String value = text == null ? "" : text.strip();
    String lower = value.toLowerCase(Locale.ROOT);
    if (lower.equals("apex")) {
      return new McpServer(Kind.APEX, "apex");
    }
    if (lower.startsWith("hosted:")) {
      String server = value.substring("hosted:".length()).strip();
      if (server.startsWith("platform/")) {
        server = server.substring("platform/".length());
      }
      if (!STANDARD_SERVERS.contains(server)) {
        throw new BadInputException("--server " + value + ": no Hosted MCP server is called '" + server
            + "' (known: " + String.join(", ", STANDARD_SERVERS) + "; a server built in Setup is custom:NAME, any other "
            + "is given by its URL)");
      }
      return new McpServer(Kind.HOSTED, server);
    }
    if (lower.startsWith("custom:")) {
      String server = value.substring("custom:".length()).strip();
      if (!server.matches("[A-Za-z][A-Za-z0-9_-]{0,79}")) {
        throw new BadInputException("--server " + value + ": a custom server's name is letters, digits, '_' and '-',"
            + " starting with a letter, as Setup shows it");
      }
      return new McpServer(Kind.CUSTOM, server);
    }
    if (lower.startsWith("https://") || lower.startsWith("http://")) {
      return new McpServer(Kind.URL, checkedUrl(value).toString());
    }
    throw new BadInputException("--server " + (value.isEmpty() ? "(empty)" : value) + ": give apex, hosted:SERVER, "
        + "custom:NAME or an https:// URL");
  }

  private static URI checkedUrl(String text) {
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      throw new BadInputException("--server " + text + ": not a URL (" + e.getReason() + ")");
    }
    if (url.getHost() == null || url.getRawQuery() != null || url.getRawFragment() != null
        || url.getRawUserInfo() != null) {
      throw new BadInputException("--server " + text + ": an MCP server URL has a host and a path, and no query, "
          + "fragment or user");
    }
    String problem = InstanceUrl.endpointProblem(url);
    if (problem != null) {
      throw new BadInputException("--server " + text + ": the URL " + problem);
    }
    return url;
  }
}
