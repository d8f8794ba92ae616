package dev.ecaprovisioner.transcripts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the transcript file (see TRANSCRIPTS.md in the project notes) offline: every expected
 * message against the MCP schema of its version, plus what a schema cannot say: JSON bodies are
 * {@code application/json}, notifications and responses get 202 with no body (or, refused, a 4xx with none), ids come back
 * unchanged, and a request only uses placeholders that an earlier step captured.
 */
final class TranscriptContract {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]+)}}");
  private static final String ANY = "*";
  private static final String SAMPLE = "placeholder-sample";
  private static final Set<String> HTTP_METHODS = Set.of("POST", "GET", "DELETE");

  private final McpSchemas schemas;

  TranscriptContract(McpSchemas schemas) {
    this.schemas = schemas;
  }

  /** Every breach of the contract, each naming its transcript and step; empty when all hold. */
  List<String> check(JsonNode file) {
    List<String> problems = new ArrayList<>();
    JsonNode transcripts = file.path("transcripts");
    if (!transcripts.isArray() || transcripts.isEmpty()) {
      problems.add("the file has no \"transcripts\" array with at least one transcript");
      return problems;
    }
    if (!file.path("sessionMetaKey").isTextual()) {
      problems.add("the file has no \"sessionMetaKey\" string");
    }
    Set<String> names = new HashSet<>();
    for (int t = 0; t < transcripts.size(); t++) {
      JsonNode transcript = transcripts.get(t);
      String name = transcript.path("name").asText("");
      String where = name.isEmpty() ? "transcript #" + (t + 1) : "transcript '" + name + "'";
      if (name.isEmpty()) {
        problems.add(where + ": has no name");
      } else if (!names.add(name)) {
        problems.add(where + ": the name is used twice");
      }
      JsonNode steps = transcript.path("steps");
      if (!steps.isArray() || steps.isEmpty()) {
        problems.add(where + ": has no steps");
        continue;
      }
      Set<String> captured = new HashSet<>();
      for (int s = 0; s < steps.size(); s++) {
        checkStep(steps.get(s), where + " step " + (s + 1), captured, problems);
      }
    }
    return problems;
  }

  private void checkStep(JsonNode step, String where, Set<String> captured, List<String> problems) {
    JsonNode request = step.path("request");
    JsonNode expect = step.path("expect");
    if (!request.isObject() || !expect.isObject()) {
      problems.add(where + ": needs a \"request\" and an \"expect\" object");
      return;
    }
    String httpMethod = request.path("httpMethod").asText("");
    if (!HTTP_METHODS.contains(httpMethod)) {
      problems.add(where + ": request.httpMethod must be POST, GET or DELETE, not '" + httpMethod + "'");
    }
    if (request.has("body") && request.has("rawBody")) {
      problems.add(where + ": request has both body and rawBody");
    }
    if (request.has("rawBody") && !request.get("rawBody").isTextual()) {
      problems.add(where + ": request.rawBody must be a string");
    }
    for (String used : placeholdersIn(request)) {
      if (ANY.equals(used) || !captured.contains(used)) {
        problems.add(where + ": request uses {{" + used + "}}, which no earlier step captured");
      }
    }
    captureFrom(expect.path("headers"), captured);
    captureFrom(expect.path("body"), captured);

    if (!expect.path("status").canConvertToInt() || !expect.path("status").isIntegralNumber()) {
      problems.add(where + ": expect.status must be an integer");
      return;
    }
    int status = expect.get("status").asInt();
    JsonNode headers = expect.path("headers");
    if (!headers.isMissingNode() && !headers.isObject()) {
      problems.add(where + ": expect.headers must be an object");
    }
    JsonNode body = expect.path("body");
    boolean hasBody = !body.isMissingNode() && !body.isNull();
    JsonNode requestBody = request.path("body");

    // A notification or response the server cannot accept gets an HTTP error status, still with no body: a
    // notification is never answered with a JSON-RPC message ("If the server cannot accept the input, it MUST return
    // an HTTP error status code (e.g., 400 Bad Request)", transports, Sending Messages to the Server).
    boolean refusedWithoutBody = status >= 400 && status < 500 && !hasBody;
    if ("POST".equals(httpMethod) && expectsNoAnswer(requestBody) && (status != 202 || hasBody) && !refusedWithoutBody) {
      problems.add(where + ": a notification or response must be answered 202 with no body, not "
          + status + (hasBody ? " with a body" : ""));
    }
    if ("GET".equals(httpMethod) && (status != 405 || header(headers, "Allow") == null)) {
      problems.add(where + ": GET must be answered 405 with an Allow header");
    }
    if (status == 202 && hasBody) {
      problems.add(where + ": a 202 answer carries no body");
    }
    if (!hasBody) {
      if (expect.has("schemaDefinition")) {
        problems.add(where + ": schemaDefinition is given but no body is expected");
      }
      return;
    }

    String contentType = header(headers, "Content-Type");
    if (contentType == null || !isJson(contentType)) {
      problems.add(where + ": a response with a body must have Content-Type application/json, not "
          + (contentType == null ? "none" : "'" + contentType + "'"));
    }
    String version = expect.path("protocolVersion").asText("");
    if (!schemas.versions().contains(version)) {
      problems.add(where + ": expect.protocolVersion '" + version + "' is not one of " + schemas.versions());
      return;
    }
    JsonNode sample = withSamples(body);
    if (sample.isArray()) {
      checkBatch(request, expect, (ArrayNode) sample, version, where, problems);
    } else {
      checkMessage(expect, sample, version, where, problems, true);
      checkIdEchoed(requestBody, sample, where, problems);
    }
  }

  private void checkBatch(JsonNode request, JsonNode expect, ArrayNode body, String version,
      String where, List<String> problems) {
    if (!schemas.allowsBatches(version)) {
      problems.add(where + ": version " + version + " has no JSON-RPC batches, yet a batch answer is expected");
      return;
    }
    if (body.isEmpty()) {
      problems.add(where + ": an empty batch answer is never sent");
    }
    List<JsonNode> requestIds = new ArrayList<>();
    request.path("body").forEach(message -> {
      if (message.has("method") && message.has("id")) {
        requestIds.add(message.get("id"));
      }
    });
    for (int i = 0; i < body.size(); i++) {
      String item = where + " batch item " + (i + 1);
      JsonNode message = body.get(i);
      checkMessage(expect, message, version, item, problems, false);
      JsonNode id = message.path("id");
      if (id.isValueNode() && !id.isNull() && !isSample(id)
          && requestIds.stream().noneMatch(sent -> sameId(sent, id))) {
        problems.add(item + ": id " + id + " answers no request of the batch (ids come back unchanged, type included)");
      }
    }
  }

  private void checkMessage(JsonNode expect, JsonNode message, String version, String where,
      List<String> problems, boolean requireDefinition) {
    boolean isResult = message.has("result");
    String envelope = isResult ? schemas.resultResponseDefinition(version) : schemas.errorResponseDefinition(version);
    for (String error : schemas.validate(version, envelope, message)) {
      problems.add(where + ": not a " + version + " " + envelope + ": " + error);
    }
    String definition = expect.path("schemaDefinition").asText("");
    if (!isResult) {
      if (!definition.isEmpty() && requireDefinition) {
        problems.add(where + ": schemaDefinition is for results; omit it for an error response");
      }
      return;
    }
    if (definition.isEmpty()) {
      if (requireDefinition) {
        problems.add(where + ": a result needs expect.schemaDefinition (e.g. InitializeResult)");
      }
      return;
    }
    if (!schemas.hasDefinition(version, definition)) {
      problems.add(where + ": the " + version + " schema has no definition '" + definition + "'");
      return;
    }
    for (String error : schemas.validate(version, definition, message.path("result"))) {
      problems.add(where + ": result is not a " + version + " " + definition + ": " + error);
    }
  }

  private static void checkIdEchoed(JsonNode requestBody, JsonNode response, String where, List<String> problems) {
    if (!requestBody.isObject() || !requestBody.has("method") || !isValidId(requestBody.path("id"))) {
      return;
    }
    JsonNode sent = requestBody.get("id");
    JsonNode id = response.path("id");
    if (isSample(id)) {
      return;
    }
    boolean absent = id.isMissingNode() || id.isNull();
    if (absent && response.has("error")) {
      return; // refused before the message was read (Origin, size, version header): no id to echo
    }
    if (absent || !sameId(sent, id)) {
      problems.add(where + ": the request's id " + describe(sent) + " must come back unchanged, not " + describe(id));
    }
  }

  /** A notification (a method without id) or a response (result or error): neither is answered with a body. */
  private static boolean expectsNoAnswer(JsonNode body) {
    if (body.isArray()) {
      if (body.isEmpty()) {
        return false;
      }
      for (JsonNode message : body) {
        if (!expectsNoAnswer(message)) {
          return false;
        }
      }
      return true;
    }
    if (!body.isObject() || !"2.0".equals(body.path("jsonrpc").asText())) {
      return false;
    }
    boolean notification = body.path("method").isTextual() && !body.has("id");
    boolean response = !body.has("method") && isValidId(body.path("id"))
        && (body.has("result") || body.has("error"));
    return notification || response;
  }

  private static boolean isValidId(JsonNode id) {
    return id.isTextual() || id.isIntegralNumber();
  }

  private static boolean sameId(JsonNode sent, JsonNode received) {
    if (sent.isTextual() && received.isTextual()) {
      return sent.asText().equals(received.asText());
    }
    if (sent.isIntegralNumber() && received.isIntegralNumber()) {
      return sent.bigIntegerValue().equals(received.bigIntegerValue());
    }
    return false;
  }

  private static String describe(JsonNode id) {
    if (id.isMissingNode()) {
      return "(none)";
    }
    return id + (id.isTextual() ? " (string)" : id.isNumber() ? " (number)" : "");
  }

  private static boolean isJson(String contentType) {
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json");
  }

  private static String header(JsonNode headers, String name) {
    if (!headers.isObject()) {
      return null;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (entry.getKey().equalsIgnoreCase(name)) {
        return entry.getValue().asText();
      }
    }
    return null;
  }

  private static Set<String> placeholdersIn(JsonNode node) {
    Set<String> found = new HashSet<>();
    collectPlaceholders(node, found);
    return found;
  }

  private static void collectPlaceholders(JsonNode node, Set<String> found) {
    if (node.isTextual()) {
      Matcher matcher = PLACEHOLDER.matcher(node.asText());
      while (matcher.find()) {
        found.add(matcher.group(1));
      }
    }
    node.forEach(child -> collectPlaceholders(child, found));
  }

  private static void captureFrom(JsonNode expected, Set<String> captured) {
    if (expected.isTextual()) {
      Matcher matcher = PLACEHOLDER.matcher(expected.asText());
      if (matcher.matches() && !ANY.equals(matcher.group(1))) {
        captured.add(matcher.group(1));
      }
    }
    expected.forEach(child -> captureFrom(child, captured));
  }

  /** The expected body with every whole-string placeholder replaced by a sample string. */
  private static JsonNode withSamples(JsonNode node) {
    if (node.isTextual() && PLACEHOLDER.matcher(node.asText()).matches()) {
      return TextNode.valueOf(SAMPLE);
    }
    if (node.isObject()) {
      ObjectNode copy = ((ObjectNode) node).objectNode();
      node.fields().forEachRemaining(field -> copy.set(field.getKey(), withSamples(field.getValue())));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = ((ArrayNode) node).arrayNode();
      node.forEach(item -> copy.add(withSamples(item)));
      return copy;
    }
    return node;
  }

  private static boolean isSample(JsonNode node) {
    return node.isTextual() && SAMPLE.equals(node.asText());
  }
}
