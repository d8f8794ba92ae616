package dev.ecaprovisioner.provision;

import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.eca.Xml;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * What a Metadata API {@code deploy} takes: a zip of a {@code package.xml} and one file per component in the
 * metadata format ({@code externalClientApps/NAME.eca}, {@code extlClntAppGlobalOauthSets/NAME.ecaGlblOauth}, ...).
 * Each file is the component whole, written by {@link MetadataXml#write}, so it never holds a consumer key or secret.
 */
public final class DeployPackage {
  static final Set<String> ROTATION_REQUESTS = Set.of("shouldRotateConsumerKey", "shouldRotateConsumerSecret");

  private DeployPackage() {}

  /** The zip of the components, with a manifest at the API version given. */
  public static byte[] zip(List<EcaComponent> components, String apiVersion) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
      entry(zip, "package.xml", manifest(components, apiVersion));
      for (EcaComponent component : components) {
        entry(zip, metadataPath(component), MetadataXml.write(deployable(component)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * The component as it may be deployed: without {@code shouldRotateConsumerKey} and
   * {@code shouldRotateConsumerSecret}. Salesforce documents that either set to true replaces the app's key or secret
   * on deploy, and that both default to false; they are requests, not settings, so a deploy or a backup never carries
   * them and never rotates anything.
   */
  public static EcaComponent deployable(EcaComponent component) {
    if (component.type() != EcaType.GLOBAL_OAUTH_SETTINGS) {
      return component;
    }
    return new EcaComponent(component.type(), component.fullName(), component.appName(), component.origin(),
        component.fields().stream().filter(f -> !ROTATION_REQUESTS.contains(f.name())).toList());
  }

  /** The component's file in the metadata format: its folder, its name and the suffix without {@code -meta.xml}. */
  public static String metadataPath(EcaComponent component) {
    return component.type().directory() + "/" + component.fullName()
        + component.type().suffix().replace("-meta.xml", "");
  }

  /** The component's file in the source format the Salesforce CLI and {@code validate --source} read. */
  public static String sourcePath(EcaComponent component) {
    return component.type().directory() + "/" + component.fullName() + component.type().suffix();
  }

  /** A {@code package.xml} naming every component, types in the order the Metadata API lists them. */
  public static String manifest(List<EcaComponent> components, String apiVersion) {
    Map<EcaType, TreeSet<String>> members = new EnumMap<>(EcaType.class);
    for (EcaComponent component : components) {
      members.computeIfAbsent(component.type(), t -> new TreeSet<>()).add(component.fullName());
    }
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Package xmlns=\"")
        .append(EcaType.METADATA_NAMESPACE).append("\">\n");
    List<EcaType> types = new ArrayList<>(members.keySet());
    for (EcaType type : types) {
      xml.append("    <types>\n");
      for (String name : members.get(type)) {
        xml.append("        <members>").append(Xml.escape(name)).append("</members>\n");
      }
      xml.append("        <name>").append(type.apiName()).append("</name>\n    </types>\n");
    }
    return xml.append("    <version>").append(Xml.escape(apiVersion)).append("</version>\n</Package>\n").toString();
  }

  private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }
}
