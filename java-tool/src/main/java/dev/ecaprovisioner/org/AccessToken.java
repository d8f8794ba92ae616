package dev.ecaprovisioner.org;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An org's access token. It is carried only inside this type, whose {@link #toString()} never shows it, so that a
 * token cannot leak into a message, a log line, a report or an exception by accident. Only the code that puts it on
 * the wire calls {@link #reveal()}.
 */
public final class AccessToken {
  private static final String REDACTED = "[redacted]";
  /**
   * A Salesforce session id in any of the encodings below: the org id (15 or 18 characters from {@code 00D}), a
   * {@code !}, and the rest. Used for text that may hold a token this run does not know, such as another org's.
   */
  private static final Pattern ANY_SESSION_ID = Pattern.compile(
      "00D[A-Za-z0-9]{12,15}(?:!|%21|&#33;|&#x21;|\\\\u0021)[A-Za-z0-9._%+/=\\-]{20,}", Pattern.CASE_INSENSITIVE);

  private final String value;
  private final Pattern anyEncoding;

  private AccessToken(String value) {
    this.value = value;
    this.anyEncoding = Pattern.compile(Redaction.anyEncodingOf(value));
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

  /**
   * Replaces this token, and anything shaped like a Salesforce session id, in a text: for every message that quotes
   * what a server or the Salesforce CLI said. The token is found as it is, XML-escaped (named or numeric references)
   * and URL-encoded (in either case of hex digits, {@code +} for a space), each character in any of these forms, as
   * servers echo it.
   */
  public String redact(String text) {
    return text == null ? null : redactAny(anyEncoding.matcher(text).replaceAll(REDACTED));
  }

  /** Replaces anything shaped like a Salesforce session id, for text from before a token is known. */
  public static String redactAny(String text) {
    return text == null ? null : ANY_SESSION_ID.matcher(text).replaceAll(REDACTED);
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
