package dev.ecaprovisioner.connector;

import dev.ecaprovisioner.BadInputException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a connector is generated from, and the URLs that follow from it. Pure: no file, no network.
 *
 * @param server the MCP server
 * @param org where and what the org is
 * @param app the External Client App the connector signs in through
 * @param variant streamable (Copilot Studio's MCP support) or actions
 * @param provider the OAuth identity provider the connector names
 * @param orgAlias how the README's commands name the org ({@code --target-org})
 */
public record ConnectorSpec(McpServer server, OrgFacts org, AppFacts app, Variant variant, IdentityProvider provider,
    String orgAlias) {
  /** The path this project's Apex endpoint answers on. */
  public static final String APEX_PATH = "/services/apexrest/mcp";
  /** The host of every Hosted MCP server URL. */
  public static final String HOSTED_BASE = "https://api.salesforce.com/platform/mcp/v1";

  /** The MCP server's URL, in the form Salesforce's Hosted MCP guide gives for the org's kind. */
  public URI serverUrl() {
    return switch (server.kind()) {
      case APEX -> URI.create(org.myDomainUrl() + APEX_PATH);
      case URL -> URI.create(server.name());
      case HOSTED, CUSTOM -> URI.create(hostedUrl());
    };
  }

  private String hostedUrl() {
    String name = (server.kind() == McpServer.Kind.HOSTED ? "platform/" : "custom/") + server.name();
    if (org.myDomainGiven()) {
      String kind = org.sandbox() ? "sandbox/" : org.developerEdition() ? "develop/" : "";
      return HOSTED_BASE + "/d/" + org.myDomain() + "/" + kind + name;
    }
    return HOSTED_BASE + "/" + (org.sandbox() ? "sandbox/" : "") + name;
  }

  /**
   * Where the OAuth endpoints are: the org's My Domain, except for Hosted MCP servers reached through the standard URL
   * form, which sign in through login.salesforce.com (test.salesforce.com for a sandbox).
   */
  public String oauthBase() {
    if ((server.kind() == McpServer.Kind.HOSTED || server.kind() == McpServer.Kind.CUSTOM) && !org.myDomainGiven()) {
      return org.sandbox() ? "https://test.salesforce.com" : "https://login.salesforce.com";
    }
    return org.myDomainUrl();
  }

  public String authorizationUrl() {
    return oauthBase() + "/services/oauth2/authorize";
  }

  public String tokenUrl() {
    return oauthBase() + "/services/oauth2/token";
  }

  /** Salesforce refreshes at the token endpoint ({@code grant_type=refresh_token}). */
  public String refreshUrl() {
    return tokenUrl();
  }

  /** The scope without which the server refuses every call: {@code api} for Apex REST, else {@code mcp_api}. */
  public String accessScope() {
    return switch (server.kind()) {
      case APEX -> "api";
      case HOSTED, CUSTOM -> "mcp_api";
      case URL -> null;
    };
  }

  /**
   * The scopes the connector asks for, in wire names: the access scope and the refresh scope the app grants (for any
   * other server, every scope the app grants).
   *
   * @throws BadInputException when the app grants no scope the server can be reached with
   */
  public List<String> scopes() {
    String access = accessScope();
    if (access == null) {
      if (app.scopes().isEmpty()) {
        throw new BadInputException("app " + app.name() + " grants no OAuth scope: add the scopes the MCP server at "
            + server.name() + " needs (and refresh_token) to its Selected OAuth Scopes");
      }
      return app.scopes();
    }
    if (server.kind() == McpServer.Kind.APEX && !app.scopes().contains(access) && app.scopes().contains("full")) {
      // "Full access" includes the REST API.
      access = "full";
    }
    if (!app.scopes().contains(access)) {
      throw new BadInputException("app " + app.name() + " does not grant the " + access + " scope, which "
          + (server.kind() == McpServer.Kind.APEX ? "the Apex endpoint (Apex REST)" : "Hosted MCP servers")
          + " need: add it to the app's Selected OAuth Scopes (it grants: "
          + (app.scopes().isEmpty() ? "none" : String.join(" ", app.scopes())) + ")");
    }
    List<String> scopes = new ArrayList<>(List.of(access));
    app.scopes().stream().filter(s -> s.equals("refresh_token") || s.equals("offline_access")).findFirst()
        .ifPresent(scopes::add);
    return scopes;
  }
}
