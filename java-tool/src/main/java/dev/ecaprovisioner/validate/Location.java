package dev.ecaprovisioner.validate;

/**
 * Where a finding points: a source file and line, or a component read from an org.
 *
 * @param origin a file path, or {@code org:<alias>/<Type>/<name>} style text for a component read from an org
 * @param line the line in the file, or 0 for the file as a whole or when there is no file
 */
public record Location(String origin, int line) {
  /** A line means nothing for a component read from an org (it would be a line of the API's answer): it is dropped. */
  public Location {
    if (origin != null && origin.startsWith("org:")) {
      line = 0;
    }
  }

  /** Whether the origin is a file a code-scanning tool can open (not a component read from an org). */
  public boolean isFile() {
    return origin != null && !origin.startsWith("org:");
  }
}
