package dev.ecaprovisioner.profile;

import dev.ecaprovisioner.BadInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as maps, lists and scalars that remember their line, so that a problem in a profile is reported at
 * the line that has it (Jackson's tree model forgets where a value came from).
 */
sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {
  int line();

  /** Where the document came from, for messages. */
  Path source();

  /** The name of this node's kind in a message ("a mapping", "a list", "a value"). */
  String describe();

  default BadInputException problem(String message) {
    return BadInputException.at(source(), line(), message);
  }

  record Mapping(Map<String, YamlNode> entries, Map<String, Integer> keyLines, Path source, int line)
      implements YamlNode {
    @Override
    public String describe() {
      return "a mapping";
    }
  }

  record Sequence(List<YamlNode> items, Path source, int line) implements YamlNode {
    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A scalar's text; null for YAML null ({@code ~} or nothing). */
  record Scalar(String text, Path source, int line) implements YamlNode {
    @Override
    public String describe() {
      return "a value";
    }
  }
}
