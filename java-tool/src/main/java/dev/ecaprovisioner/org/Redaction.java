package dev.ecaprovisioner.org;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * How a secret value is found in a text that quotes a server or a process: as it is, URL-encoded or XML-escaped, one
 * character at a time, as servers echo it. {@link AccessToken} and {@link Secret} both redact through it.
 */
final class Redaction {
  private Redaction() {}

  /** A pattern matching the value with each character as itself, as a %XX escape or as an XML reference. */
  static String anyEncodingOf(String token) {
    StringBuilder pattern = new StringBuilder();
    token.codePoints().forEach(c -> {
      pattern.append("(?:").append(Pattern.quote(new String(Character.toChars(c))));
      StringBuilder percent = new StringBuilder();
      for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
        percent.append('%').append((b & 0xff) < 0x10 ? "0" : "").append(hexEitherCase(b & 0xff));
      }
      pattern.append('|').append(percent);
      pattern.append("|&#0*").append(c).append(';');
      pattern.append("|&#[xX]0*").append(hexEitherCase(c)).append(';');
      String named = switch (c) {
        case '&' -> "amp";
        case '<' -> "lt";
        case '>' -> "gt";
        case '"' -> "quot";
        case '\'' -> "apos";
        default -> null;
      };
      if (named != null) {
        pattern.append("|&").append(named).append(';');
      }
      if (c == ' ') {
        pattern.append("|\\+");
      }
      pattern.append(')');
    });
    return pattern.toString();
  }

  private static String hexEitherCase(int value) {
    StringBuilder out = new StringBuilder();
    for (char h : Integer.toHexString(value).toCharArray()) {
      out.append(Character.isLetter(h) ? "[" + h + Character.toUpperCase(h) + "]" : String.valueOf(h));
    }
    return out.toString();
  }
}
