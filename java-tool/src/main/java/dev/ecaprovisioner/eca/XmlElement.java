package dev.ecaprovisioner.eca;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed XML element with the line it starts on: the one tree both ECA source files and Metadata API SOAP answers
 * are read into.
 *
 * @param localName the element name without prefix
 * @param namespace the namespace URI, or "" for none
 * @param attributes attributes by qualified name as written (e.g. {@code xsi:type})
 * @param text the element's own text, trimmed; "" when it has only children
 * @param line the line of its start tag
 */
public record XmlElement(
    String localName, String namespace, Map<String, String> attributes, String text, int line,
    List<XmlElement> children) {
  public XmlElement {
    attributes = Map.copyOf(attributes);
    children = List.copyOf(children);
  }

  public Optional<XmlElement> child(String name) {
    return children.stream().filter(c -> c.localName.equals(name)).findFirst();
  }

  public List<XmlElement> children(String name) {
    return children.stream().filter(c -> c.localName.equals(name)).toList();
  }

  /** The value of an attribute whose qualified name ends with {@code :localName} or equals it. */
  public Optional<String> attribute(String attributeLocalName) {
    return attributes.entrySet().stream()
        .filter(e -> e.getKey().equals(attributeLocalName) || e.getKey().endsWith(":" + attributeLocalName))
        .map(Map.Entry::getValue)
        .findFirst();
  }
}
