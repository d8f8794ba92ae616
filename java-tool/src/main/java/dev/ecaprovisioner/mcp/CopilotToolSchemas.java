package dev.ecaprovisioner.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What Copilot Studio does with an MCP server's tools, as Microsoft's agent-readiness checks describe it: a tool whose
 * schema uses {@code $ref} is dropped, an integer {@code exclusiveMinimum} makes it fail, a type array is cut to its
 * first type and an enum of other values than strings is read as strings; an agent takes at most {@value #MAX_TOOLS}
 * tools. Pure: tool JSON in, problems out.
 */
public final class CopilotToolSchemas {
  /** The most tools one agent is reported to take. */
  public static final int MAX_TOOLS = 128;
  /**
   * A tool name Copilot Studio keeps as it is. Its limit is not documented; this is the rule function-calling models
   * apply to tool names (letters, digits, {@code _} and {@code -}, at most 64), which a longer or other name risks.
   */
  static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private CopilotToolSchemas() {}

  /** What happens to a tool. */
  public enum Outcome {
    /** Copilot Studio leaves the tool out. */
    DROPPED,
    /** The tool is kept but its schema is changed or its calls fail. */
    MANGLED
  }

  /**
   * One problem of one tool.
   *
   * @param tool the tool's name ("" for the listing as a whole)
   * @param outcome what Copilot Studio does
   * @param where the JSON pointer of the schema part, e.g. {@code /inputSchema/properties/ids}
   * @param why in an integrator's words
   */
  public record Problem(String tool, Outcome outcome, String where, String why) {}

  /** Every problem of every tool, in the order served. */
  public static List<Problem> check(List<JsonNode> tools) {
    List<Problem> problems = new ArrayList<>();
    if (tools.size() > MAX_TOOLS) {
      problems.add(new Problem("", Outcome.DROPPED, "", tools.size() + " tools: an agent is reported to take at most "
          + MAX_TOOLS + "; the rest are left out"));
    }
    for (JsonNode tool : tools) {
      String name = tool.path("name").asText("");
      if (!SAFE_NAME.matcher(name).matches()) {
        problems.add(new Problem(name, Outcome.MANGLED, "/name", "the name is not 1 to 64 letters, digits, '_' or "
            + "'-', which tool names are safely kept as"));
      }
      walk(name, tool.path("inputSchema"), "/inputSchema", problems);
      if (tool.has("outputSchema")) {
        walk(name, tool.path("outputSchema"), "/outputSchema", problems);
      }
    }
    return problems;
  }

  private static void walk(String tool, JsonNode schema, String where, List<Problem> problems) {
    if (schema.isArray()) {
      for (int i = 0; i < schema.size(); i++) {
        walk(tool, schema.get(i), where + "/" + i, problems);
      }
      return;
    }
    if (!schema.isObject()) {
      return;
    }
    if (schema.has("$ref")) {
      problems.add(new Problem(tool, Outcome.DROPPED, where, "uses $ref (" + schema.path("$ref").asText()
          + "): Copilot Studio drops a tool whose schema refers to a definition; inline it"));
    }
    JsonNode type = schema.get("type");
    if (type != null && type.isArray()) {
      problems.add(new Problem(tool, Outcome.MANGLED, where, "type is an array " + type
          + ": Copilot Studio keeps only the first type; give one type"));
    }
    if (type != null && "integer".equals(type.asText()) && schema.has("exclusiveMinimum")) {
      problems.add(new Problem(tool, Outcome.DROPPED, where, "an integer with exclusiveMinimum fails in Copilot "
          + "Studio; use minimum (one more) instead"));
    }
    JsonNode values = schema.get("enum");
    if (values != null && values.isArray()) {
      for (JsonNode value : values) {
        if (!value.isTextual()) {
          problems.add(new Problem(tool, Outcome.MANGLED, where, "enum " + values + " holds values other than "
              + "strings: Copilot Studio reads them as strings and sends strings"));
          break;
        }
      }
    }
    Iterator<Map.Entry<String, JsonNode>> fields = schema.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getValue().isContainerNode() && !field.getKey().equals("enum") && !field.getKey().equals("const")
          && !field.getKey().equals("default") && !field.getKey().equals("examples")) {
        walk(tool, field.getValue(), where + "/" + field.getKey().replace("~", "~0").replace("/", "~1"), problems);
      }
    }
  }
}
