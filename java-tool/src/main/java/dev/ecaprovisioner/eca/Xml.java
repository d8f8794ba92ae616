package dev.ecaprovisioner.eca;

/**
 * Escaping of text for XML and HTML documents the tool writes: SOAP envelopes, JUnit XML, the HTML report. All five
 * special characters are escaped, so the result is safe in element content and in quoted attribute values alike.
 */
public final class Xml {
  private Xml() {}

  /** The text escaped; "" for null. */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          // XML 1.0 cannot carry most control characters, even escaped.
          if (c >= 0x20 || c == '\n' || c == '\r' || c == '\t') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
