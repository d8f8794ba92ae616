package dev.ecaprovisioner.eca;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.InputFile;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns XML into {@link EcaComponent}s: a source file of the Salesforce CLI's layout, or one {@code records} element
 * of a Metadata API {@code readMetadata} answer (the same child elements either way).
 */
public final class EcaComponents {
  private static final String APP_FIELD = "externalClientApplication";
  /** A bound on what is read into memory: real ECA files are a few hundred bytes. */
  private static final long MAX_FILE_BYTES = 10_000_000;

  private EcaComponents() {}

  /**
   * Reads one source file. Its type comes from the file name suffix and must match the root element.
   *
   * @throws BadInputException naming the file and line when it cannot be read, is not well-formed, or its root element
   *     is not the type its name promises
   */
  public static EcaComponent readSourceFile(Path file) {
    String fileName = file.getFileName().toString();
    EcaType type = EcaType.bySuffix(fileName)
        .orElseThrow(() -> BadInputException.at(file, 0, "not an External Client App metadata file name"));
    XmlElement root;
    try {
      root = XmlTreeReader.parse(InputFile.read(file, MAX_FILE_BYTES, "External Client App metadata file"));
    } catch (XmlTreeReader.XmlProblem e) {
      throw BadInputException.at(file, e.line(), "malformed XML: " + e.getMessage());
    }
    if (!root.localName().equals(type.apiName())) {
      throw BadInputException.at(file, root.line(),
          "root element <" + root.localName() + "> but a " + type.suffix() + " file must hold <" + type.apiName() + ">");
    }
    if (!root.namespace().equals(EcaType.METADATA_NAMESPACE)) {
      throw BadInputException.at(file, root.line(),
          "root element is not in the Metadata API namespace " + EcaType.METADATA_NAMESPACE);
    }
    checkStructure(file, root);
    String fullName = fileName.substring(0, fileName.length() - type.suffix().length());
    return fromElement(type, root, fullName, file.toString());
  }

  /**
   * Every element under a metadata root is in the Metadata API namespace, and holds either text or elements: an
   * element in no or another namespace, or text beside elements, is nothing the Metadata API reads, and reading past it
   * would silently pick one meaning.
   */
  private static void checkStructure(Path file, XmlElement element) {
    for (XmlElement child : element.children()) {
      if (!child.namespace().equals(EcaType.METADATA_NAMESPACE)) {
        throw BadInputException.at(file, child.line(), "<" + child.localName() + "> is "
            + (child.namespace().isEmpty() ? "in no namespace" : "in the namespace " + child.namespace())
            + ", but every element of a metadata file is in " + EcaType.METADATA_NAMESPACE);
      }
      if (!child.children().isEmpty() && !child.text().isEmpty()) {
        throw BadInputException.at(file, child.line(), "<" + child.localName() + "> mixes text with elements, "
            + "which no metadata field does");
      }
      checkStructure(file, child);
    }
  }

  /**
   * Builds a component from an element whose children are the type's fields: a source file's root, or a
   * {@code readMetadata} record (whose {@code fullName} child, if present, names the component).
   */
  public static EcaComponent fromElement(EcaType type, XmlElement element, String fullName, String origin) {
    List<MetadataField> fields = element.children().stream()
        .filter(c -> !c.localName().equals("fullName"))
        .map(EcaComponents::toField)
        .toList();
    String name = element.child("fullName").map(XmlElement::text).filter(s -> !s.isEmpty()).orElse(fullName);
    String appName = type == EcaType.EXTERNAL_CLIENT_APPLICATION
        ? name
        : element.child(APP_FIELD).map(XmlElement::text).filter(s -> !s.isEmpty()).orElse(null);
    return new EcaComponent(type, name, appName, origin, fields);
  }

  private static MetadataField toField(XmlElement element) {
    if (element.children().isEmpty()) {
      return MetadataField.simple(element.localName(), element.text(), element.line());
    }
    return new MetadataField(element.localName(), null, element.line(),
        element.children().stream().map(EcaComponents::toField).toList());
  }
}
