package dev.ecaprovisioner.eca;

import java.util.List;
import java.util.Optional;

/**
 * One metadata component of an External Client App, as read from a source file or from an org.
 *
 * @param type the metadata type
 * @param fullName the component's name (the file name without suffix, or the org's fullName)
 * @param appName the app it belongs to: its {@code externalClientApplication} field, or for the
 *     ExternalClientApplication type its own name; null when a component does not name its app
 * @param origin where it came from: a file path for source, {@code org:<alias>} for an org, so that reports can point
 *     at it
 * @param fields the top-level elements in document order (the consumer secret is never among them)
 */
public record EcaComponent(EcaType type, String fullName, String appName, String origin, List<MetadataField> fields) {
  public EcaComponent {
    fields = List.copyOf(fields);
  }

  /** The first top-level field of that name. */
  public Optional<MetadataField> field(String name) {
    return fields.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /** The value of the first top-level simple field of that name. */
  public Optional<String> value(String name) {
    return field(name).map(MetadataField::value);
  }

  /** Every top-level field of that name, for repeated elements such as {@code trustedIpRanges}. */
  public List<MetadataField> all(String name) {
    return fields.stream().filter(f -> f.name().equals(name)).toList();
  }
}
