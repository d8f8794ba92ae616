package dev.ecaprovisioner.provision;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.eca.XmlElement;
import dev.ecaprovisioner.eca.XmlTreeReader;
import dev.ecaprovisioner.source.SourceTreeReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A backup of an app's settings before a deploy changes them: every component the org holds, as deployable source
 * ({@code extlClntAppGlobalOauthSets/NAME.ecaGlblOauth-meta.xml} and so on, without consumer key or secret) plus a
 * {@code package.xml}, under {@code .eca-provisioner/backups/ORG/APP/TIMESTAMP/}. {@code validate --source} reads it
 * as it reads any tree, {@code rollback --backup} puts it back, and {@code sf project deploy start --manifest} can
 * deploy it too. The folder is written under a temporary name and renamed when complete, so a half-written backup never
 * looks like one.
 */
public final class Backup {
  /** Where backups go, under the working directory. */
  public static final String ROOT = ".eca-provisioner/backups";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  private Backup() {}

  /** Writes the backup of {@code app} as read from {@code org}, and returns its folder. */
  public static Path write(Path workingDirectory, String org, EcaApp app, String apiVersion, Instant now) {
    Path parent = workingDirectory.resolve(ROOT).resolve(safe(org)).resolve(safe(app.name()));
    List<EcaComponent> components = List.copyOf(app.components().values());
    try {
      Files.createDirectories(parent);
      Path folder = parent.resolve(STAMP.format(now));
      for (int n = 2; Files.exists(folder); n++) {
        folder = parent.resolve(STAMP.format(now) + "-" + n);
      }
      Path partial = parent.resolve("." + folder.getFileName() + ".partial");
      Files.createDirectories(partial);
      for (EcaComponent component : components) {
        Path file = partial.resolve(DeployPackage.sourcePath(component));
        Files.createDirectories(file.getParent());
        Files.writeString(file, MetadataXml.write(DeployPackage.deployable(component)), StandardCharsets.UTF_8);
      }
      Files.writeString(partial.resolve("package.xml"), DeployPackage.manifest(components, apiVersion),
          StandardCharsets.UTF_8);
      Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the backup under " + parent + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a backup folder back into the app it holds.
   *
   * @throws BadInputException naming the folder when it is not a backup: no folder, no {@code package.xml}, a manifest
   *     naming components the folder lacks, files of more than one app or of none
   */
  public static EcaApp read(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw BadInputException.at(folder, 0, "not a backup folder: no such directory");
    }
    Path manifest = folder.resolve("package.xml");
    if (!Files.isRegularFile(manifest)) {
      throw BadInputException.at(folder, 0, "not a backup folder: it has no package.xml");
    }
    Set<String> listed = members(manifest);
    List<EcaApp> apps = SourceTreeReader.read(List.of(folder));
    if (apps.size() != 1) {
      throw BadInputException.at(folder, 0, "not a backup folder: it holds " + (apps.isEmpty() ? "no External Client"
          + " App" : "the components of " + apps.size() + " apps") + ", where a backup holds one");
    }
    EcaApp app = apps.get(0);
    Set<String> found = new TreeSet<>();
    app.components().values().forEach(c -> found.add(c.type().apiName() + ":" + c.fullName()));
    Set<String> lacking = new TreeSet<>(listed);
    lacking.removeAll(found);
    Set<String> unnamed = new TreeSet<>(found);
    unnamed.removeAll(listed);
    if (!lacking.isEmpty()) {
      throw BadInputException.at(manifest, 0, "names " + String.join(", ", lacking) + ", which the folder lacks");
    }
    if (!unnamed.isEmpty()) {
      throw BadInputException.at(manifest, 0, "does not name " + String.join(", ", unnamed)
          + ", which the folder holds");
    }
    return app;
  }

  /** The backups of an app, newest last. */
  public static List<Path> list(Path workingDirectory, String org, String app) {
    Path parent = workingDirectory.resolve(ROOT).resolve(safe(org)).resolve(safe(app));
    if (!Files.isDirectory(parent)) {
      return List.of();
    }
    try (Stream<Path> folders = Files.list(parent)) {
      return folders.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted(Comparator.comparing(Path::getFileName)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> members(Path manifest) {
    XmlElement root;
    try {
      root = XmlTreeReader.parse(Files.readAllBytes(manifest));
    } catch (XmlTreeReader.XmlProblem e) {
      throw BadInputException.at(manifest, e.line(), "malformed XML: " + e.getMessage());
    } catch (IOException e) {
      throw BadInputException.at(manifest, 0, "cannot be read: " + e.getMessage());
    }
    if (!root.localName().equals("Package")) {
      throw BadInputException.at(manifest, root.line(), "root element <" + root.localName() + "> where a manifest "
          + "holds <Package>");
    }
    Set<String> members = new TreeSet<>();
    for (XmlElement types : root.children("types")) {
      String name = types.child("name").map(XmlElement::text).orElse("");
      if (EcaType.byApiName(name).isEmpty()) {
        throw BadInputException.at(manifest, types.line(), "names the type '" + name + "', which is not one of the"
            + " five External Client App types");
      }
      types.children("members").forEach(m -> members.add(name + ":" + m.text()));
    }
    return members;
  }

  /** A name safe as one path segment: an alias or app name never climbs out of the backup folder. */
  static String safe(String name) {
    String cleaned = name.replaceAll("[^A-Za-z0-9._@-]", "_");
    return cleaned.isEmpty() || cleaned.startsWith(".") ? "_" + cleaned : cleaned;
  }
}
