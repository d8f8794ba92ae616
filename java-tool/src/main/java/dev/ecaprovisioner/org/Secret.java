package dev.ecaprovisioner.org;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A refresh token or a consumer secret. Like {@link AccessToken}, it prints as {@code [redacted]}, so it cannot reach
 * a message, a report or a log by accident; only the code that puts it on the wire calls {@link #reveal()}.
 */
public final class Secret {
  private final String value;
  private final Pattern anyEncoding;

  private Secret(String value) {
    this.value = value;
    this.anyEncoding = Pattern.compile(Redaction.anyEncodingOf(value));
  }

  /** Wraps a value; a blank one is refused, so "no secret" is always null and never an empty form field. */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "secret");
    if (value.isBlank()) {
      throw new IllegalArgumentException("a secret cannot be blank");
    }
    return new Secret(value.strip());
  }

  /** The value itself, for the request body or header and nothing else. */
  public String reveal() {
    return value;
  }

  /**
   * Replaces every occurrence of this secret in a text that quotes what a server said: as it is, XML-escaped or
   * URL-encoded, as {@link AccessToken#redact} finds a token.
   */
  public String redact(String text) {
    return text == null ? null : anyEncoding.matcher(text).replaceAll("[redacted]");
  }

  @Override
  public String toString() {
    return "Secret[redacted]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret that && value.equals(that.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
