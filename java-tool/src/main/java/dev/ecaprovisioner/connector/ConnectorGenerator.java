package dev.ecaprovisioner.connector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.validate.Finding;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a Power Platform custom connector for an MCP server and an External Client App: the Swagger 2.0 API
 * definition, the API properties with the OAuth settings, the import README and, for the actions variant, the script
 * that carries the session id. Pure: a spec in, file contents out. No secret is ever written: the consumer key and
 * secret are pasted into the connector's Security tab by the admin.
 */
public final class ConnectorGenerator {
  /** Salesforce's brand blue: certification refuses #007ee5 and #ffffff. */
  public static final String ICON_BRAND_COLOR = "#00a1e0";
  /** The protocol marker Copilot Studio's MCP support looks for on the one operation. */
  public static final String AGENTIC_PROTOCOL = "mcp-streamable-1.0";
  /** The MCP version the actions variant's initialize asks for: one every server of this project speaks. */
  public static final String PROTOCOL_VERSION = "2025-06-18";
  public static final String SECURITY_NAME = "oauth2_auth";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ConnectorGenerator() {}

  /** The connector's files and its findings. */
  public static GeneratedConnector generate(ConnectorSpec spec) {
    List<String> scopes = spec.scopes();
    Map<String, String> files = new LinkedHashMap<>();
    files.put(GeneratedConnector.API_DEFINITION, json(apiDefinition(spec, scopes)));
    files.put(GeneratedConnector.API_PROPERTIES, json(apiProperties(spec, scopes)));
    if (spec.variant() == Variant.ACTIONS) {
      files.put(GeneratedConnector.SCRIPT, ConnectorScript.render(spec));
    }
    List<Finding> findings = AgreementChecks.check(spec);
    files.put(GeneratedConnector.README, ConnectorReadme.render(spec, scopes, findings));
    return new GeneratedConnector(files, findings);
  }

  /** Whether any finding is an error: then nothing is written without {@code --force}. */
  public static boolean disagrees(GeneratedConnector connector) {
    return connector.findings().stream().anyMatch(f -> f.severity() == Severity.ERROR);
  }

  static String title(ConnectorSpec spec) {
    String title = switch (spec.server().kind()) {
      case APEX -> "Salesforce Apex MCP";
      case HOSTED -> "Salesforce " + spec.server().name();
      case CUSTOM -> "Salesforce MCP " + spec.server().name();
      case URL -> "MCP " + spec.serverUrl().getHost();
    };
    // Power Platform refuses connector titles longer than 30 characters.
    return title.length() > 30 ? title.substring(0, 30).strip() : title;
  }

  static ObjectNode apiDefinition(ConnectorSpec spec, List<String> scopes) {
    URI url = spec.serverUrl();
    ObjectNode root = NODES.objectNode();
    root.put("swagger", "2.0");
    ObjectNode info = root.putObject("info");
    info.put("title", title(spec));
    info.put("description", "The MCP server " + url + " for Copilot Studio agents, signed in through the External "
        + "Client App " + spec.app().name() + " (" + spec.variant().label() + " variant).");
    info.put("version", "1.0.0");
    root.put("host", url.getAuthority());
    root.put("basePath", "/");
    root.putArray("schemes").add(url.getScheme());
    root.putArray("consumes").add("application/json");
    root.putArray("produces").add("application/json");
    ObjectNode paths = root.putObject("paths");
    if (spec.variant() == Variant.STREAMABLE) {
      ObjectNode post = paths.putObject(path(url)).putObject("post");
      post.put("summary", "Invoke the MCP server");
      post.put("description", "Every MCP request of the agent: Copilot Studio lists and calls the server's tools "
          + "through this one operation.");
      post.put("operationId", "InvokeMCP");
      post.put("x-ms-agentic-protocol", AGENTIC_PROTOCOL);
      post.putArray("tags").add("Agentic").add("McpStreamable");
      post.putObject("responses").putObject("200").put("description", "Success");
    } else {
      initializeOperation(paths.putObject("/initialize").putObject("post"));
      messageOperation(paths.putObject("/message").putObject("post"));
    }
    ObjectNode oauth = root.putObject("securityDefinitions").putObject(SECURITY_NAME);
    oauth.put("type", "oauth2");
    oauth.put("flow", "accessCode");
    oauth.put("authorizationUrl", spec.authorizationUrl());
    oauth.put("tokenUrl", spec.tokenUrl());
    ObjectNode scopeNames = oauth.putObject("scopes");
    scopes.forEach(s -> scopeNames.put(s, scopeDescription(s)));
    ArrayNode granted = root.putArray("security").addObject().putArray(SECURITY_NAME);
    scopes.forEach(granted::add);
    ArrayNode metadata = root.putArray("x-ms-connector-metadata");
    metadata.addObject().put("propertyName", "Website").put("propertyValue", website(spec));
    metadata.addObject().put("propertyName", "Privacy policy")
        .put("propertyValue", "https://www.salesforce.com/company/privacy/");
    metadata.addObject().put("propertyName", "Categories").put("propertyValue", "AI;Sales and CRM");
    return root;
  }

  private static String path(URI url) {
    String path = url.getRawPath();
    return path == null || path.isEmpty() ? "/" : path;
  }

  private static String website(ConnectorSpec spec) {
    return switch (spec.server().kind()) {
      case APEX -> spec.org().myDomainUrl();
      case HOSTED, CUSTOM -> "https://www.salesforce.com";
      case URL -> spec.serverUrl().getScheme() + "://" + spec.serverUrl().getAuthority();
    };
  }

  private static String scopeDescription(String scope) {
    return switch (scope) {
      case "api" -> "Access the Salesforce REST API (the Apex endpoint)";
      case "mcp_api" -> "Access Salesforce Hosted MCP servers";
      case "refresh_token", "offline_access" -> "Stay signed in: refresh the access token";
      default -> "The Salesforce scope " + scope;
    };
  }

  private static void initializeOperation(ObjectNode post) {
    post.put("summary", "Start an MCP session");
    post.put("description", "Sends MCP initialize; map the Session id it answers into a variable for every "
        + "Send MCP message action after it.");
    post.put("operationId", "InitializeSession");
    ObjectNode schema = bodyParameter(post, "The initialize request");
    ObjectNode properties = schema.putObject("properties");
    internal(properties, "jsonrpc", "2.0");
    internal(properties, "id", "initialize");
    internal(properties, "method", "initialize");
    ObjectNode params = internalObject(properties, "params");
    ObjectNode paramProperties = params.putObject("properties");
    internal(paramProperties, "protocolVersion", PROTOCOL_VERSION);
    ObjectNode capabilities = internalObject(paramProperties, "capabilities");
    capabilities.putObject("default");
    ObjectNode client = internalObject(paramProperties, "clientInfo");
    ObjectNode clientProperties = client.putObject("properties");
    internal(clientProperties, "name", "power-platform-connector");
    internal(clientProperties, "version", "1.0.0");
    schema.putArray("required").add("jsonrpc").add("id").add("method").add("params");
    ObjectNode answer = response(post);
    ObjectNode result = summarisedObject(answer, "result", "Result");
    ObjectNode resultProperties = result.putObject("properties");
    summarised(resultProperties, "protocolVersion", "string", "Protocol version",
        "The MCP version the server chose");
    ObjectNode server = summarisedObject(resultProperties, "serverInfo", "Server");
    ObjectNode serverProperties = server.putObject("properties");
    summarised(serverProperties, "name", "string", "Server name", "The MCP server's name");
    summarised(serverProperties, "version", "string", "Server version", "The MCP server's version");
  }

  private static void messageOperation(ObjectNode post) {
    post.put("summary", "Send MCP message");
    post.put("description", "Sends one MCP request (tools/list, tools/call, ...) in the session that Start an MCP "
        + "session began; pass its Session id back in.");
    post.put("operationId", "SendMessage");
    ObjectNode schema = bodyParameter(post, "One MCP request");
    ObjectNode properties = schema.putObject("properties");
    summarised(properties, SessionAlias.PROPERTY, "string", "Session id",
        "The Session id the previous action answered");
    internal(properties, "jsonrpc", "2.0");
    summarised(properties, "id", "string", "Request id", "Any text; the answer repeats it");
    summarised(properties, "method", "string", "Method", "The MCP method, such as tools/list or tools/call");
    ObjectNode params = summarisedObject(properties, "params", "Parameters");
    ObjectNode paramProperties = params.putObject("properties");
    summarised(paramProperties, "name", "string", "Tool name", "For tools/call: the tool to call");
    ObjectNode arguments = summarisedObject(paramProperties, "arguments", "Tool arguments");
    arguments.put("description", "For tools/call: the tool's arguments, as its input schema says");
    summarised(paramProperties, "cursor", "string", "Cursor", "For a list's next page: the nextCursor it gave");
    schema.putArray("required").add(SessionAlias.PROPERTY).add("jsonrpc").add("id").add("method");
    // MCP 2025-06-18: every request after initialize names the protocol version in this header.
    ObjectNode version = ((ArrayNode) post.get("parameters")).addObject();
    version.put("name", "MCP-Protocol-Version");
    version.put("in", "header");
    version.put("required", true);
    version.put("type", "string");
    version.put("default", PROTOCOL_VERSION);
    version.put("x-ms-visibility", "internal");
    version.put("description", "The MCP version initialize agreed on");
    ObjectNode answer = response(post);
    ObjectNode result = summarisedObject(answer, "result", "Result");
    result.put("description", "The MCP result: for tools/list its tools, for tools/call its content");
    ObjectNode error = summarisedObject(answer, "error", "Error");
    ObjectNode errorProperties = error.putObject("properties");
    summarised(errorProperties, "code", "integer", "Error code", "The JSON-RPC error code");
    summarised(errorProperties, "message", "string", "Error message", "What went wrong");
    post.with("responses").putObject("202").put("description", "Accepted: a notification, which has no answer");
  }

  private static ObjectNode bodyParameter(ObjectNode post, String description) {
    ObjectNode body = post.putArray("parameters").addObject();
    body.put("name", "body");
    body.put("in", "body");
    body.put("required", true);
    body.put("description", description);
    ObjectNode schema = body.putObject("schema");
    schema.put("type", "object");
    return schema;
  }

  /** The 200 answer's schema properties, the session alias first. */
  private static ObjectNode response(ObjectNode post) {
    ObjectNode ok = post.putObject("responses").putObject("200");
    ok.put("description", "The MCP answer, with the session id as a plain property");
    ObjectNode schema = ok.putObject("schema");
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    summarised(properties, SessionAlias.PROPERTY, "string", "Session id",
        "Map it into a variable and pass it to the next Send MCP message action");
    summarised(properties, "jsonrpc", "string", "JSON-RPC version", "Always 2.0");
    summarised(properties, "id", "string", "Request id", "The id of the request answered");
    return properties;
  }

  private static void internal(ObjectNode properties, String name, String value) {
    ObjectNode property = properties.putObject(name);
    property.put("type", "string");
    property.put("default", value);
    property.put("x-ms-visibility", "internal");
  }

  /** An object property the designer does not show: its value is the connector's, not the maker's. */
  private static ObjectNode internalObject(ObjectNode properties, String name) {
    ObjectNode property = properties.putObject(name);
    property.put("type", "object");
    property.put("x-ms-visibility", "internal");
    return property;
  }

  /** An object property the designer shows under {@code summary}. */
  private static ObjectNode summarisedObject(ObjectNode properties, String name, String summary) {
    ObjectNode property = properties.putObject(name);
    property.put("type", "object");
    property.put("x-ms-summary", summary);
    return property;
  }

  private static void summarised(ObjectNode properties, String name, String type, String summary,
      String description) {
    ObjectNode property = properties.putObject(name);
    property.put("type", type);
    property.put("x-ms-summary", summary);
    property.put("description", description);
  }

  static ObjectNode apiProperties(ConnectorSpec spec, List<String> scopes) {
    ObjectNode root = NODES.objectNode();
    ObjectNode properties = root.putObject("properties");
    ObjectNode token = properties.putObject("connectionParameters").putObject("token");
    token.put("type", "oauthSetting");
    ObjectNode oauth = token.putObject("oAuthSettings");
    oauth.put("identityProvider", spec.provider().wireName());
    ArrayNode scopeList = oauth.putArray("scopes");
    scopes.forEach(scopeList::add);
    oauth.put("redirectMode", "GlobalPerConnector");
    ObjectNode custom = oauth.putObject("customParameters");
    if (spec.provider() == IdentityProvider.SALESFORCE_V2) {
      // The Salesforce provider takes the login host and finds the endpoints under it.
      custom.putObject("LoginUri").put("value", spec.oauthBase());
    } else {
      custom.putObject("authorizationUrl").put("value", spec.authorizationUrl());
      custom.putObject("tokenUrl").put("value", spec.tokenUrl());
      custom.putObject("refreshUrl").put("value", spec.refreshUrl());
    }
    oauth.putObject("properties").put("IsFirstParty", "False");
    ObjectNode ui = token.putObject("uiDefinition");
    ui.put("displayName", "Sign in with Salesforce");
    ui.put("description", "Signs in to Salesforce through the External Client App " + spec.app().name());
    ui.put("tooltip", "Provide your Salesforce credentials");
    ui.putObject("constraints").put("required", "true");
    properties.put("iconBrandColor", ICON_BRAND_COLOR);
    properties.putArray("capabilities");
    properties.put("publisher", "eca-provisioner");
    properties.put("stackOwner", "Salesforce");
    return root;
  }

  private static String json(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
