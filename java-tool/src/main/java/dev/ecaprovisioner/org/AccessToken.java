package dev.ecaprovisioner.org;

import java.util.Objects;

/**
 * An org's access token. It is carried only inside this type, whose {@link #toString()} never shows it, so that a
 * token cannot leak into a message, a log line, a report or an exception by accident. Only the code that puts it on
 * the wire calls {@link #reveal()}.
 */
public final class AccessToken {
  private final String value;

  private AccessToken(String value) {
    this.value = value;
  }

  /** Wraps a token; blank values are refused so that "no token" never reaches the wire as an empty header. */
  public static AccessToken of(String value) {
    Objects.requireNonNull(value, "token");
    if (value.isBlank()) {
      throw new IllegalArgumentException("an access token cannot be blank");
    }
    return new AccessToken(value.strip());
  }

  /** The token itself, for the SOAP session header and nothing else. */
  public String reveal() {
    return value;
  }

  /** Replaces every occurrence of this token in a text, for messages that quote what a server or process said. */
  public String redact(String text) {
    return text == null ? null : text.replace(value, "[redacted]");
  }

  @Override
  public String toString() {
    return "AccessToken[redacted]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AccessToken that && value.equals(that.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
