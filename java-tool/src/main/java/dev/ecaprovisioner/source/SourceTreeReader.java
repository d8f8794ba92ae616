package dev.ecaprovisioner.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.InputFile;
import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaComponents;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.schema.EcaSchema;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the External Client App components of an sfdx source tree and joins them per app by their
 * {@code externalClientApplication} name. Files are found by suffix anywhere under the given directories, as the
 * Salesforce CLI finds them. An app whose other parts are missing is not an error here: the validator reports it.
 */
public final class SourceTreeReader {
  private static final JsonFactory JSON = new JsonFactory();
  /** A bound on what is read of {@code sfdx-project.json}: real ones are a few hundred bytes. */
  private static final long MAX_PROJECT_BYTES = 1_000_000;

  private SourceTreeReader() {}

  /**
   * The package directories that {@code sfdx-project.json} of the project lists, resolved against the project.
   *
   * @throws BadInputException when the file is missing, malformed or lists no directory
   */
  public static List<Path> packageDirectories(Path projectDirectory) {
    Path file = projectDirectory.resolve("sfdx-project.json");
    if (!Files.exists(file)) {
      throw BadInputException.at(file, 0, "not found: run in an sfdx project or name directories with --source");
    }
    List<Path> directories = new ArrayList<>();
    byte[] bytes = InputFile.read(file, MAX_PROJECT_BYTES, "sfdx-project.json");
    try (JsonParser parser = JSON.createParser(bytes)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw BadInputException.at(file, parser.currentLocation().getLineNr(), "must hold a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (!name.equals("packageDirectories")) {
          parser.skipChildren();
          continue;
        }
        if (value != JsonToken.START_ARRAY) {
          throw BadInputException.at(file, parser.currentLocation().getLineNr(), "packageDirectories must be a list");
        }
        while (parser.nextToken() == JsonToken.START_OBJECT) {
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            parser.nextToken();
            if (key.equals("path") && parser.currentToken() == JsonToken.VALUE_STRING) {
              directories.add(projectDirectory.resolve(parser.getText()).normalize());
            } else {
              parser.skipChildren();
            }
          }
        }
      }
      if (parser.currentToken() == JsonToken.END_OBJECT) {
        refuseTrailingText(parser, file);
      }
    } catch (JsonProcessingException e) {
      throw BadInputException.at(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw InputFile.cannotBeRead(file, e);
    }
    if (directories.isEmpty()) {
      throw BadInputException.at(file, 0, "lists no packageDirectories with a path");
    }
    return directories;
  }

  /** Nothing but white space may follow the object: another object, or garbage, would be silently ignored. */
  private static void refuseTrailingText(JsonParser parser, Path file) throws IOException {
    int line = parser.currentLocation().getLineNr();
    try {
      if (parser.nextToken() == null) {
        return;
      }
      line = parser.currentTokenLocation().getLineNr();
    } catch (JsonProcessingException e) {
      line = e.getLocation() == null ? line : e.getLocation().getLineNr();
    }
    throw BadInputException.at(file, line, "text after the JSON object ends; the file must hold one object");
  }

  /**
   * Reads every ECA component under the directories, in path order, and joins them per app (apps sorted by name).
   *
   * @throws BadInputException for the first bad file in path order: unreadable, malformed, a wrong root element, a
   *     value its field does not accept, no {@code externalClientApplication}, or two components of one type for one
   *     app
   */
  public static List<EcaApp> read(List<Path> directories) {
    List<Path> files = new ArrayList<>();
    for (Path directory : directories) {
      if (!Files.isDirectory(directory)) {
        throw BadInputException.at(directory, 0, "no such directory");
      }
      try {
        // A directory given as a link is followed; the files found are named under the path as given.
        Path walked = Files.isSymbolicLink(directory) ? directory.toRealPath() : directory;
        Files.walkFileTree(walked, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (!attributes.isDirectory() && EcaType.bySuffix(file.getFileName().toString()).isPresent()) {
              files.add(walked == directory ? file : directory.resolve(walked.relativize(file)));
            }
            return FileVisitResult.CONTINUE;
          }
        });
      } catch (IOException e) {
        throw BadInputException.at(directory, 0, "cannot be listed: " + e.getMessage());
      }
    }
    // The same directory named twice (or one inside another) must not make every app look duplicated.
    List<Path> unique = dedupe(files);
    unique.sort(null);
    Map<String, Map<EcaType, EcaComponent>> byApp = new TreeMap<>();
    for (Path file : unique) {
      EcaComponent component = readOne(file);
      EcaComponent other = byApp.computeIfAbsent(component.appName(), a -> new EnumMap<>(EcaType.class))
          .putIfAbsent(component.type(), component);
      if (other != null) {
        throw BadInputException.at(Path.of(component.origin()), 0, "a second " + component.type().apiName()
            + " for the app '" + component.appName() + "'; the first is " + other.origin());
      }
    }
    return byApp.entrySet().stream().map(e -> new EcaApp(e.getKey(), e.getValue())).toList();
  }

  private static List<Path> dedupe(List<Path> files) {
    Set<Path> seen = new HashSet<>();
    List<Path> unique = new ArrayList<>();
    for (Path file : files) {
      if (seen.add(file.toAbsolutePath().normalize())) {
        unique.add(file);
      }
    }
    return unique;
  }

  private static EcaComponent readOne(Path file) {
    EcaComponent component = EcaComponents.readSourceFile(file);
    if (component.appName() == null) {
      throw BadInputException.at(file, 0, "has no <externalClientApplication>, which names the app it belongs to");
    }
    List<EcaSchema.SchemaViolation> violations = EcaSchema.violations(component);
    if (!violations.isEmpty()) {
      throw BadInputException.at(file, violations.get(0).line(), violations.get(0).message());
    }
    return component;
  }
}
