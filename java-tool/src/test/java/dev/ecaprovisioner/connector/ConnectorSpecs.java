package dev.ecaprovisioner.connector;

import java.net.URI;
import java.util.List;

/** The specs the connector tests generate from: one org and app per server kind, built in memory. */
final class ConnectorSpecs {
  private ConnectorSpecs() {}

  /** An app set up as Copilot Studio needs it: PKCE and the refresh secret off, JWT on, the Power Platform callback. */
  static AppFacts copilotReadyApp() {
    return new AppFacts("Copilot_Studio_MCP", List.of("api", "refresh_token", "mcp_api"),
        List.of("https://global.consent.azure-apim.net/redirect/salesforce-mcp"), false, false, true,
        "org:acme/ExternalClientApplication/Copilot_Studio_MCP");
  }

  static OrgFacts production() {
    return OrgFacts.of(URI.create("https://acme.my.salesforce.com"), false, "Enterprise Edition", null, false);
  }

  static OrgFacts sandbox() {
    return OrgFacts.of(URI.create("https://acme--uat.sandbox.my.salesforce.com"), true, "Enterprise Edition", null,
        false);
  }

  static OrgFacts productionThroughMyDomain() {
    return OrgFacts.of(URI.create("https://acme.my.salesforce.com"), false, "Enterprise Edition", "acme", false);
  }

  /** One case per server kind: apex on production, hosted on a sandbox, custom through My Domain, a URL. */
  static List<Case> cases() {
    return List.of(
        new Case("apex", "apex", production()),
        new Case("hosted", "hosted:sobject-all", sandbox()),
        new Case("custom", "custom:Support_Tools", productionThroughMyDomain()),
        new Case("url", "https://mcp.example.com/v2/mcp", production()));
  }

  record Case(String kind, String server, OrgFacts org) {
    ConnectorSpec spec(Variant variant) {
      return spec(variant, IdentityProvider.DEFAULT, copilotReadyApp());
    }

    ConnectorSpec spec(Variant variant, IdentityProvider provider, AppFacts app) {
      return new ConnectorSpec(McpServer.parse(server), org, app, variant, provider, "acme");
    }

    String name(Variant variant) {
      return kind + "-" + variant.label();
    }
  }
}
