package dev.ecaprovisioner.provision;

import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.eca.MetadataField;
import dev.ecaprovisioner.eca.Xml;
import dev.ecaprovisioner.schema.EcaSchema;
import dev.ecaprovisioner.schema.FieldSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Placeholder of the metadata writer, with the same API and output format as the real one, so that provisioning can be
 * built and tested against it. It writes elements in {@link EcaSchema} field order and does not edit text.
 */
public final class MetadataXml {
  private static final Set<String> NEVER_WRITTEN = Set.of("consumerKey", "consumerSecret");

  private MetadataXml() {}

  /** Element order for the type's top-level elements. */
  public static List<String> elementOrder(EcaType type) {
    return EcaSchema.fields(type).stream().map(FieldSpec::name).toList();
  }

  /** A whole deployable source file for the component, without consumer key or secret. */
  public static String write(EcaComponent component) {
    List<String> order = elementOrder(component.type());
    List<MetadataField> sorted = new ArrayList<>(component.fields());
    sorted.removeIf(f -> NEVER_WRITTEN.contains(f.name()));
    sorted.sort((a, b) -> Integer.compare(rank(order, a.name()), rank(order, b.name())));
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<")
        .append(component.type().apiName()).append(" xmlns=\"").append(EcaType.METADATA_NAMESPACE).append("\">\n");
    for (MetadataField field : sorted) {
      element(xml, field, 1);
    }
    return xml.append("</").append(component.type().apiName()).append(">\n").toString();
  }

  /** Not in the placeholder. */
  public static String edit(String text, String origin, EcaType type, Map<String, Optional<String>> changes) {
    throw new UnsupportedOperationException("MetadataXml.edit");
  }

  private static int rank(List<String> order, String name) {
    int index = order.indexOf(name);
    return index < 0 ? order.size() : index;
  }

  private static void element(StringBuilder xml, MetadataField field, int depth) {
    String indent = "    ".repeat(depth);
    if (field.children().isEmpty()) {
      xml.append(indent).append('<').append(field.name()).append('>').append(Xml.escape(field.value()))
          .append("</").append(field.name()).append(">\n");
      return;
    }
    xml.append(indent).append('<').append(field.name()).append(">\n");
    for (MetadataField child : field.children()) {
      element(xml, child, depth + 1);
    }
    xml.append(indent).append("</").append(field.name()).append(">\n");
  }
}
