package dev.ecaprovisioner.gates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Checks, offline, the tools an sfdx tree ships against the JSON Schema subset Copilot Studio
 * reads without loss, with the rules of the Apex class {@code McpSchemaSubset}: every McpTool row
 * names an Apex class in the tree whose {@code INPUT_SCHEMA} / {@code OUTPUT_SCHEMA} constants
 * parse as JSON and stay in the subset, every McpActionTool row and its inputs declare a valid
 * name, action and input types, and tool names are unique and match {@code ^[a-zA-Z0-9_-]{1,64}$}.
 */
final class ShippedToolSchemas {
  static final Pattern TOOL_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");
  private static final Set<String> TYPES =
      Set.of("object", "array", "string", "number", "integer", "boolean");
  private static final Set<String> INPUT_TYPES =
      Set.of("string", "integer", "number", "boolean", "date", "datetime", "id");
  private static final Pattern NAME_METHOD =
      Pattern.compile("public\\s+String\\s+name\\(\\)\\s*\\{\\s*return\\s+'([^']*)'\\s*;");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One shipped tool: where it is declared, its name and its schemas as JSON. */
  record Tool(String source, String name, JsonNode inputSchema, JsonNode outputSchema) {}

  private final Path root;
  private final List<String> problems = new ArrayList<>();
  private final List<Tool> tools = new ArrayList<>();

  private ShippedToolSchemas(Path sfdxRoot) {
    this.root = sfdxRoot.resolve("force-app/main/default");
  }

  /** Reads the tree and checks every shipped tool; the problems name the file and what is wrong. */
  static ShippedToolSchemas check(Path sfdxRoot) {
    ShippedToolSchemas check = new ShippedToolSchemas(sfdxRoot);
    check.run();
    return check;
  }

  List<String> problems() {
    return problems;
  }

  List<Tool> tools() {
    return tools;
  }

  private void run() {
    Path metadata = root.resolve("customMetadata");
    Map<String, Map<String, String>> actionRows = new TreeMap<>();
    List<Map<String, String>> inputRows = new ArrayList<>();
    for (Path file : list(metadata, ".md-meta.xml")) {
      String fileName = file.getFileName().toString();
      Map<String, String> values = values(file);
      String developerName = fileName.substring(fileName.indexOf('.') + 1, fileName.indexOf(".md-meta.xml"));
      values.put("DeveloperName", developerName);
      values.put("file", "customMetadata/" + fileName);
      if (fileName.startsWith("McpTool.")) {
        builtIn(values);
      } else if (fileName.startsWith("McpActionTool.")) {
        actionRows.put(developerName, values);
      } else if (fileName.startsWith("McpActionToolInput.")) {
        inputRows.add(values);
      }
    }
    for (Map<String, String> row : actionRows.values()) {
      action(row, inputRows.stream().filter(i -> row.get("DeveloperName").equals(i.get("ActionTool__c"))).toList());
    }
    for (Map<String, String> input : inputRows) {
      if (!actionRows.containsKey(input.get("ActionTool__c"))) {
        problems.add(input.get("file") + ": ActionTool__c '" + input.get("ActionTool__c") + "' names no McpActionTool row");
      }
    }
    Map<String, String> seen = new HashMap<>();
    for (Tool tool : tools) {
      String earlier = seen.putIfAbsent(tool.name(), tool.source());
      if (earlier != null) {
        problems.add(tool.source() + ": tool name '" + tool.name() + "' is already taken by " + earlier);
      }
    }
  }

  private void builtIn(Map<String, String> row) {
    String source = row.get("file");
    String className = row.getOrDefault("ApexClass__c", "");
    Optional<Path> classFile = list(root.resolve("classes"), ".cls").stream()
        .filter(p -> p.getFileName().toString().equals(className + ".cls"))
        .findFirst();
    if (classFile.isEmpty()) {
      problems.add(source + ": Apex class '" + className + "' is not in the tree");
      return;
    }
    String apex = read(classFile.get());
    String classSource = root.relativize(classFile.get()).toString();
    Matcher name = NAME_METHOD.matcher(apex);
    if (!name.find()) {
      problems.add(classSource + ": name() does not return a string literal");
      return;
    }
    JsonNode input = schemaConstant(apex, "INPUT_SCHEMA", classSource);
    JsonNode output = schemaConstant(apex, "OUTPUT_SCHEMA", classSource);
    if (input != null) {
      addTool(new Tool(classSource, name.group(1), input, output));
    }
  }

  private void action(Map<String, String> row, List<Map<String, String>> inputs) {
    String source = row.get("file");
    String type = row.getOrDefault("ActionType__c", "").toLowerCase();
    if (type.isBlank()) {
      problems.add(source + ": ActionType__c is blank");
    } else if (Set.of("flow", "apex").contains(type) && row.getOrDefault("ActionName__c", "").isBlank()) {
      problems.add(source + ": ActionName__c is needed for action type " + type);
    }
    if (row.getOrDefault("Description__c", "").isBlank()) {
      problems.add(source + ": Description__c is blank");
    }
    var properties = JSON.createObjectNode();
    for (Map<String, String> input : inputs) {
      String inputType = input.getOrDefault("Type__c", "string").toLowerCase();
      if (!INPUT_TYPES.contains(inputType)) {
        problems.add(input.get("file") + ": Type__c '" + inputType + "' is not one of " + new TreeSet<>(INPUT_TYPES));
        continue;
      }
      String jsonType = Set.of("integer", "number", "boolean").contains(inputType) ? inputType : "string";
      properties.putObject(input.getOrDefault("ParameterName__c", "")).put("type", jsonType);
    }
    var schema = JSON.createObjectNode().put("type", "object");
    schema.set("properties", properties);
    var output = JSON.createObjectNode().put("type", "object");
    output.putObject("properties").putObject("outputs").put("type", "object");
    addTool(new Tool(source, row.getOrDefault("ToolName__c", ""), schema, output));
  }

  private void addTool(Tool tool) {
    tools.add(tool);
    if (!TOOL_NAME.matcher(tool.name()).matches()) {
      problems.add(tool.source() + ": tool name '" + tool.name() + "' does not match " + TOOL_NAME.pattern());
    }
    if (!"object".equals(tool.inputSchema().path("type").asText())) {
      problems.add(tool.source() + ": inputSchema must have type object");
    }
    subset(tool.inputSchema(), tool.source() + ": inputSchema");
    if (tool.outputSchema() != null) {
      if (!"object".equals(tool.outputSchema().path("type").asText())) {
        problems.add(tool.source() + ": outputSchema must have type object");
      }
      subset(tool.outputSchema(), tool.source() + ": outputSchema");
    }
  }

  /** The same rules as McpSchemaSubset.check in Apex. */
  private void subset(JsonNode schema, String path) {
    if (!schema.isObject()) {
      problems.add(path + " must be a schema object");
      return;
    }
    for (String keyword : List.of("$ref", "$defs", "definitions")) {
      if (schema.has(keyword)) {
        problems.add(path + " uses " + keyword);
      }
    }
    JsonNode type = schema.path("type");
    if (!type.isTextual() || !TYPES.contains(type.asText())) {
      problems.add(path + " must name one type as a string, found " + type);
      return;
    }
    if ("integer".equals(type.asText())
        && (schema.has("exclusiveMinimum") || schema.has("exclusiveMaximum"))) {
      problems.add(path + " is an integer with an exclusive bound; use minimum or maximum");
    }
    if (schema.has("enum")) {
      if (!"string".equals(type.asText())) {
        problems.add(path + " has an enum but is not of type string");
      } else {
        schema.get("enum").forEach(option -> {
          if (!option.isTextual()) {
            problems.add(path + " enum value " + option + " is not a string");
          }
        });
      }
    }
    schema.path("properties").fields().forEachRemaining(
        e -> subset(e.getValue(), path + ".properties." + e.getKey()));
    if (schema.has("items")) {
      subset(schema.get("items"), path + ".items");
    }
    if (schema.path("additionalProperties").isObject()) {
      subset(schema.get("additionalProperties"), path + ".additionalProperties");
    }
  }

  /**
   * The JSON text of a {@code private static final String NAME = '...' + '...';} constant: the
   * Apex string literals joined, with Apex escapes undone.
   */
  private JsonNode schemaConstant(String apex, String constant, String source) {
    Matcher declaration = Pattern.compile("static\\s+final\\s+String\\s+" + constant + "\\s*=").matcher(apex);
    if (!declaration.find()) {
      problems.add(source + ": no " + constant + " constant holding the schema as JSON");
      return null;
    }
    StringBuilder text = new StringBuilder();
    int i = declaration.end();
    while (i < apex.length() && apex.charAt(i) != ';') {
      char c = apex.charAt(i);
      if (c == '\'') {
        i++;
        while (apex.charAt(i) != '\'') {
          char d = apex.charAt(i);
          if (d == '\\') {
            char next = apex.charAt(++i);
            text.append(switch (next) {
              case 'n' -> '\n';
              case 't' -> '\t';
              default -> next;
            });
          } else {
            text.append(d);
          }
          i++;
        }
      }
      i++;
    }
    try {
      return JSON.readTree(text.toString());
    } catch (IOException e) {
      problems.add(source + ": " + constant + " is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
      return null;
    }
  }

  private static Map<String, String> values(Path file) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document = factory.newDocumentBuilder().parse(file.toFile());
      Map<String, String> values = new HashMap<>();
      NodeList entries = document.getElementsByTagNameNS("*", "values");
      for (int i = 0; i < entries.getLength(); i++) {
        Element entry = (Element) entries.item(i);
        String field = entry.getElementsByTagNameNS("*", "field").item(0).getTextContent().trim();
        Element value = (Element) entry.getElementsByTagNameNS("*", "value").item(0);
        values.put(field, value == null ? "" : value.getTextContent());
      }
      return values;
    } catch (Exception e) {
      throw new IllegalStateException(file + ": not readable custom metadata: " + e.getMessage(), e);
    }
  }

  private static List<Path> list(Path dir, String suffix) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
