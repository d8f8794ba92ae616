package dev.ecaprovisioner.transcripts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The official MCP JSON schemas, one file per protocol version ({@code <version>.schema.json}).
 * Older versions are draft-07 with {@code definitions}, newer ones draft 2020-12 with
 * {@code $defs}; both are read through their own {@code $schema} dialect.
 */
final class McpSchemas {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUFFIX = ".schema.json";

  private final Map<String, JsonNode> documents;
  private final Map<String, JsonSchema> compiled = new HashMap<>();

  private McpSchemas(Map<String, JsonNode> documents) {
    this.documents = documents;
  }

  static McpSchemas load(Path dir) {
    Map<String, JsonNode> documents = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
        String name = file.getFileName().toString();
        documents.put(name.substring(0, name.length() - SUFFIX.length()), JSON.readTree(file.toFile()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the MCP schemas in " + dir, e);
    }
    if (documents.isEmpty()) {
      throw new IllegalStateException("no *" + SUFFIX + " file in " + dir);
    }
    return new McpSchemas(documents);
  }

  Set<String> versions() {
    return documents.keySet();
  }

  boolean hasDefinition(String version, String definition) {
    return definitions(version).has(definition);
  }

  /** The definition of a successful JSON-RPC response: renamed in 2025-11-25. */
  String resultResponseDefinition(String version) {
    return hasDefinition(version, "JSONRPCResultResponse") ? "JSONRPCResultResponse" : "JSONRPCResponse";
  }

  /** The definition of a JSON-RPC error response: renamed in 2025-11-25. */
  String errorResponseDefinition(String version) {
    return hasDefinition(version, "JSONRPCErrorResponse") ? "JSONRPCErrorResponse" : "JSONRPCError";
  }

  /** Whether the version has JSON-RPC batches at all (only 2025-03-26 of the four). */
  boolean allowsBatches(String version) {
    return hasDefinition(version, "JSONRPCBatchResponse");
  }

  /** Validation messages of {@code value} against one named definition; empty when it conforms. */
  List<String> validate(String version, String definition, JsonNode value) {
    if (!documents.containsKey(version)) {
      throw new IllegalArgumentException("no schema for MCP version " + version);
    }
    if (!hasDefinition(version, definition)) {
      throw new IllegalArgumentException("the " + version + " schema has no definition " + definition);
    }
    JsonSchema schema = compiled.computeIfAbsent(version + "#" + definition, key -> compile(version, definition));
    Set<ValidationMessage> messages = schema.validate(value);
    return messages.stream()
        .sorted(Comparator.comparing(ValidationMessage::getMessage))
        .map(ValidationMessage::getMessage)
        .toList();
  }

  private JsonNode definitions(String version) {
    JsonNode document = documents.get(version);
    if (document == null) {
      return JSON.createObjectNode();
    }
    return document.has("$defs") ? document.get("$defs") : document.path("definitions");
  }

  /**
   * The whole document with a root {@code $ref} to the definition, so that every internal
   * reference ({@code #/definitions/...} or {@code #/$defs/...}) still resolves.
   */
  private JsonSchema compile(String version, String definition) {
    ObjectNode root = documents.get(version).deepCopy();
    String container = root.has("$defs") ? "$defs" : "definitions";
    root.put("$ref", "#/" + container + "/" + definition);
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersionDetector.detect(root));
    return factory.getSchema(root);
  }
}
