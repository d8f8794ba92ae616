package dev.ecaprovisioner.profile;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.InputFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Loads profiles by name or by path, with the profiles they extend.
 *
 * <p>A reference that ends in {@code .yaml} or {@code .yml}, or contains a path separator, is a file path (relative
 * to the working directory). Any other reference is a name, looked up first in {@code config/profiles/NAME.yaml} under
 * the working directory, so a project can adjust a profile, then among the copies bundled in the jar, so the jar
 * works from any directory. A profile loaded from a file finds the profiles it extends next to it first.
 */
public final class ProfileLoader {
  /** Where the bundled copies live inside the jar. */
  static final String BUNDLED_DIR = "profiles/";
  /** The profiles shipped with the tool (also the files of {@code config/profiles/}). */
  public static final List<String> BUNDLED = List.of("copilot-studio", "claude", "chatgpt", "cursor", "gemini", "hosted-mcp",
      "apex-mcp", "mcp-client-base", "security-baseline");
  /**
   * The most a profile may hold: the limit the YAML scanner itself has, applied to the file's size before it scans a
   * byte, since scanning a huge scalar takes seconds per megabyte.
   */
  static final int MAX_PROFILE_BYTES = 3 * 1024 * 1024;
  /** The profile used when none is named. */
  public static final String DEFAULT_PROFILE = "copilot-studio";

  private final Path workingDirectory;

  public ProfileLoader(Path workingDirectory) {
    this.workingDirectory = workingDirectory;
  }

  /**
   * Loads the named profiles and everything they extend, each once, a profile after those it extends; when none is
   * named, {@value #DEFAULT_PROFILE}.
   *
   * @throws BadInputException for an unknown profile, a malformed one, a cycle of {@code extends}, two different
   *     profiles with one name, or a rule that names a control no loaded profile defines
   */
  public List<Profile> load(List<String> references) {
    Map<String, Profile> loaded = new LinkedHashMap<>();
    for (String reference : references.isEmpty() ? List.of(DEFAULT_PROFILE) : references) {
      loadInto(reference, null, loaded, new ArrayDeque<>());
    }
    List<Profile> profiles = List.copyOf(loaded.values());
    checkControls(profiles);
    return profiles;
  }

  private Profile loadInto(String reference, Path fromDir, Map<String, Profile> loaded, Deque<String> chain) {
    Source source = locate(reference, fromDir);
    Profile profile = ProfileParser.parse(YamlReader.read(source.read(), source.path()), source.origin());
    if (!source.byPath() && !profile.name().equals(reference)) {
      throw BadInputException.at(source.path(), 0, "the profile inside is named '" + profile.name()
          + "' but was looked up as '" + reference + "'");
    }
    Profile already = loaded.get(profile.name());
    if (already != null) {
      if (!already.origin().equals(profile.origin())) {
        throw BadInputException.at(source.path(), 0, "a second profile named '" + profile.name()
            + "'; the first came from " + already.origin());
      }
      return already;
    }
    if (chain.contains(profile.name())) {
      throw BadInputException.at(source.path(), 0, "'extends' makes a cycle: "
          + String.join(" -> ", chain) + " -> " + profile.name());
    }
    chain.addLast(profile.name());
    for (String parent : profile.extendsNames()) {
      try {
        loadInto(parent, source.directory(), loaded, chain);
      } catch (UnknownProfileException e) {
        throw BadInputException.at(source.path(), 0, "extends an " + e.getMessage());
      }
    }
    chain.removeLast();
    loaded.put(profile.name(), profile);
    return profile;
  }

  private Source locate(String reference, Path fromDir) {
    boolean isPath = reference.endsWith(".yaml") || reference.endsWith(".yml") || reference.contains("/")
        || reference.contains(java.io.File.separator);
    if (isPath) {
      Path file = workingDirectory.resolve(reference).normalize();
      if (!Files.exists(file)) {
        throw BadInputException.at(Path.of(reference), 0, "no such profile file");
      }
      return new Source(file, file.getParent(), file.toString(), false, true);
    }
    if (fromDir != null) {
      Path sibling = fromDir.resolve(reference + ".yaml");
      if (Files.isRegularFile(sibling)) {
        return Source.file(sibling);
      }
    }
    Path local = workingDirectory.resolve("config").resolve("profiles").resolve(reference + ".yaml");
    if (Files.isRegularFile(local)) {
      return Source.file(local);
    }
    if (ProfileLoader.class.getClassLoader().getResource(BUNDLED_DIR + reference + ".yaml") != null) {
      return Source.bundled(reference);
    }
    Set<String> known = new TreeSet<>(BUNDLED);
    known.addAll(localNames());
    throw new UnknownProfileException("unknown profile '" + reference + "': not in config/profiles/ nor bundled "
        + "(known: " + String.join(", ", known) + "); a path to a .yaml file also works");
  }

  /** A profile name found nowhere; the profile that extends it, if any, is named when it is reported. */
  private static final class UnknownProfileException extends BadInputException {
    private static final long serialVersionUID = 1L;

    UnknownProfileException(String message) {
      super(message);
    }
  }

  private List<String> localNames() {
    Path dir = workingDirectory.resolve("config").resolve("profiles");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
          .map(n -> n.substring(0, n.length() - ".yaml".length())).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void checkControls(List<Profile> profiles) {
    Set<String> controls = new TreeSet<>();
    profiles.forEach(p -> p.controls().forEach(c -> controls.add(c.id())));
    for (Profile profile : profiles) {
      for (Rule rule : profile.rules()) {
        for (String id : rule.compensatingControls()) {
          if (!controls.contains(id)) {
            throw BadInputException.at(Path.of(profile.origin()), rule.line(), "the rule '" + rule.id()
                + "' names the compensating control '" + id + "', which no loaded profile defines");
          }
        }
      }
    }
  }

  /** Where a profile's text is: a file, or a resource bundled in the jar. */
  private record Source(Path path, Path directory, String origin, boolean bundled, boolean byPath) {
    static Source file(Path file) {
      return new Source(file, file.getParent(), file.toString(), false, false);
    }

    static Source bundled(String name) {
      String origin = "bundled:" + name + ".yaml";
      return new Source(Path.of(origin), null, origin, true, false);
    }

    /** The profile's bytes, at most {@value #MAX_PROFILE_BYTES}: the size is checked before any YAML is scanned. */
    byte[] read() {
      if (!bundled) {
        return InputFile.read(path, MAX_PROFILE_BYTES, "client profile");
      }
      String resource = BUNDLED_DIR + path.toString().substring("bundled:".length());
      try (InputStream in = ProfileLoader.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw BadInputException.at(path, 0, "the bundled profile " + resource + " is missing from the jar");
        }
        return in.readNBytes(MAX_PROFILE_BYTES);
      } catch (IOException e) {
        throw InputFile.cannotBeRead(path, e);
      }
    }
  }
}
