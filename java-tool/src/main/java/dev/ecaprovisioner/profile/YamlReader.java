package dev.ecaprovisioner.profile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.InputFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads one YAML document into {@link YamlNode}s with line numbers. */
final class YamlReader {
  private static final YAMLFactory FACTORY = new YAMLFactory();

  private YamlReader() {}

  /**
   * @param source the file the stream holds, named in messages
   * @throws BadInputException naming the file and line when the YAML is malformed or empty
   */
  static YamlNode read(byte[] yaml, Path source) {
    try (JsonParser parser = FACTORY.createParser(yaml)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw BadInputException.at(source, 0, "the profile is empty");
      }
      YamlNode root = node(parser, source);
      if (parser.nextToken() != null) {
        throw BadInputException.at(source, parser.currentTokenLocation().getLineNr(),
            "a second YAML document; a profile is one document");
      }
      return root;
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw BadInputException.at(source, line, "malformed YAML: " + problemOf(e.getOriginalMessage()));
    } catch (IOException e) {
      throw InputFile.cannotBeRead(source, e);
    }
  }

  /** SnakeYAML's message without its position lines and source excerpt: the line is named already. */
  private static String problemOf(String message) {
    return String.join(", ", message.lines()
        .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
        .toList());
  }

  private static YamlNode node(JsonParser parser, Path source) throws IOException {
    int line = parser.currentTokenLocation().getLineNr();
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          int keyLine = parser.currentTokenLocation().getLineNr();
          if (entries.containsKey(key)) {
            throw BadInputException.at(source, keyLine, "the key '" + key + "' appears twice");
          }
          parser.nextToken();
          entries.put(key, node(parser, source));
          keyLines.put(key, keyLine);
        }
        return new YamlNode.Mapping(entries, keyLines, source, line);
      }
      case START_ARRAY -> {
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(node(parser, source));
        }
        return new YamlNode.Sequence(items, source, line);
      }
      case VALUE_NULL -> {
        return new YamlNode.Scalar(null, source, line);
      }
      default -> {
        return new YamlNode.Scalar(parser.getText(), source, line);
      }
    }
  }
}
