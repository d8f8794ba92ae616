package dev.ecaprovisioner.provision;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.source.SourceTreeReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The plan applied to local source files instead of an org: each changed component's file is edited in place by
 * {@link MetadataXml#edit}, which changes only the elements the plan names and leaves every other byte as it was.
 * Every edit is made in memory first, so a file that cannot be edited safely stops the run before any file is written.
 */
public final class SourceProvisioning {
  private SourceProvisioning() {}

  /**
   * The app of that name in the source directory.
   *
   * @throws BadInputException when the directory holds no such app
   */
  public static EcaApp read(Path directory, String app) {
    List<EcaApp> apps = SourceTreeReader.read(List.of(directory));
    return apps.stream().filter(a -> a.name().equals(app)).findFirst().orElseThrow(() -> {
      TreeSet<String> names = new TreeSet<>();
      apps.forEach(a -> names.add(a.name()));
      return new BadInputException("--app " + app + ": no such app under " + directory + " (found: "
          + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
    });
  }

  /** Edits the files of the plan's changed components; returns the files changed. */
  public static List<Path> write(ProvisionPlan plan) {
    Map<Path, String> edited = new LinkedHashMap<>();
    for (Map.Entry<EcaType, List<FieldChange>> type : plan.byType().entrySet()) {
      EcaComponent component = plan.before().components().get(type.getKey());
      Path file = Path.of(component.origin());
      Map<String, Optional<String>> changes = new LinkedHashMap<>();
      type.getValue().forEach(c -> changes.put(c.field(), Optional.ofNullable(c.after())));
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw BadInputException.at(file, 0, "cannot be read: " + e.getMessage());
      }
      edited.put(file, MetadataXml.edit(text, file.toString(), type.getKey(), changes));
    }
    for (Map.Entry<Path, String> file : edited.entrySet()) {
      try {
        Path temporary = Files.createTempFile(file.getKey().toAbsolutePath().getParent(), ".eca-edit", ".tmp");
        try {
          Files.writeString(temporary, file.getValue(), StandardCharsets.UTF_8);
          Files.move(temporary, file.getKey(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
          Files.deleteIfExists(temporary);
        }
      } catch (IOException e) {
        throw BadInputException.at(file.getKey(), 0, "cannot be written: " + e.getMessage());
      }
    }
    return List.copyOf(edited.keySet());
  }
}
