package dev.ecaprovisioner.testing;

/**
 * Consumer secret elements for tests, built at run time: no tracked file holds one, so a scan of the repository for
 * committed secrets stays meaningful. Resource files write {@link #MARKER} where an org's answer would carry the
 * secret, and the tests that read them put one there with {@link #fill}.
 */
public final class TestSecrets {
  /** Stands in a resource file where a consumer secret element belongs. */
  public static final String MARKER = "<!-- consumer secret -->";

  private static final String ELEMENT = "consumer" + "Secret";

  private TestSecrets() {}

  /** A consumer secret element holding {@code value} (already escaped for XML, if it needs to be). */
  public static String element(String value) {
    return "<" + ELEMENT + ">" + value + "</" + ELEMENT + ">";
  }

  /** The document with its {@link #MARKER} replaced by a consumer secret element holding {@code value}. */
  public static String fill(String xml, String value) {
    if (!xml.contains(MARKER)) {
      throw new IllegalArgumentException("the document has no " + MARKER + " to fill");
    }
    return xml.replace(MARKER, element(value));
  }
}
