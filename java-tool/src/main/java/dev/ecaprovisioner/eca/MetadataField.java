package dev.ecaprovisioner.eca;

import java.util.List;
import java.util.Optional;

/**
 * One element of an ECA metadata document: a simple field ({@code <isPkceRequired>true</isPkceRequired>}) has a value
 * and no children; a complex one ({@code <trustedIpRanges>...</trustedIpRanges>}) has children and a null value.
 * Repeated elements are repeated fields, in document order.
 *
 * @param line the line the element starts on in its file, or 0 when it did not come from a file (an org read)
 */
public record MetadataField(String name, String value, int line, List<MetadataField> children) {
  public MetadataField {
    children = List.copyOf(children);
  }

  public static MetadataField simple(String name, String value, int line) {
    return new MetadataField(name, value, line, List.of());
  }

  /** The first child of that name. */
  public Optional<MetadataField> child(String childName) {
    return children.stream().filter(c -> c.name.equals(childName)).findFirst();
  }
}
