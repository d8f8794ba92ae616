package dev.ecaprovisioner;

import java.util.Locale;
import java.util.Optional;

/** How much a finding matters. Only {@link #ERROR} findings make a command exit with {@link ExitCode#FINDINGS}. */
public enum Severity {
  ERROR,
  WARNING,
  INFO;

  /** The lower-case word used in profiles and reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Severity> byLabel(String label) {
    for (Severity s : values()) {
      if (s.label().equals(label)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
