package dev.ecaprovisioner.eca;

import com.fasterxml.aalto.UncheckedStreamException;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads XML into {@link XmlElement} trees with line numbers: ECA source files and Metadata API SOAP answers.
 *
 * <p>Built on Aalto, a non-validating StAX parser: one factory for the whole run, so a source tree of thousands of
 * small files pays for the parser's setup once and shares its table of names. It reads as fast as the small reader of
 * our own it replaced and much faster than the JDK's StAX parser, whose setup per file costs more than reading it
 * (figures in docs/xml-library.md); and a kept library answers for XML 1.0 corner cases we would otherwise own.
 *
 * <p>A DOCTYPE is refused as soon as the parser reports it, with DTD support and external entities switched off
 * beforehand, so no entity can be declared or expanded and nothing external is ever fetched.
 *
 * <p>It never keeps the content of an element named in {@link #SECRET_ELEMENTS}: the events inside a consumer secret
 * are stepped over without asking the parser for their text, which Aalto then skips without decoding it into a
 * string; a consumer key is replaced by a one-way fingerprint as it is read (so {@code provision} can tell the org
 * issued a new key). The element itself stays, so that a rule can still tell that a file carries a secret it should
 * not; the validator never shows the value of either.
 */
public final class XmlTreeReader {
  /**
   * Elements whose content is never kept: the consumer secret, and the consumer key, which is no secret to the org but
   * must never reach a report. What is not read cannot be shown, whatever a profile asks of the field.
   */
  public static final Set<String> SECRET_ELEMENTS = Set.of("consumerSecret", "consumerKey");
  private static final String CONSUMER_KEY = "consumerKey";
  /** The one element whose content is dropped without a trace. */
  public static final String CONSUMER_SECRET = "consumerSecret";
  /** What a consumer key's text becomes: a one-way fingerprint, so a changed key can be told without holding it. */
  public static final String FINGERPRINT_PREFIX = "sha256:";

  /** Deeper nesting is no metadata this tool reads, and would only exhaust the stack. */
  static final int MAX_DEPTH = 256;

  private static final XMLInputFactory FACTORY = factory();
  private static final Pattern UNDECLARED_ENTITY = Pattern.compile("General entity reference \\((&[^)\\s]+;)\\)");

  private final XMLStreamReader reader;
  private final byte[] document;
  private int depth;

  private XmlTreeReader(XMLStreamReader reader, byte[] document) {
    this.reader = reader;
    this.document = document;
  }

  /** Parses a whole document; its secrets are dropped. */
  public static XmlElement parse(InputStream in) throws IOException, XmlProblem {
    return parse(in.readAllBytes());
  }

  /** Parses a whole document held in memory; its secrets are dropped. */
  public static XmlElement parse(byte[] document) throws XmlProblem {
    XMLStreamReader reader = null;
    try {
      reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(document));
      return new XmlTreeReader(reader, document).document();
    } catch (XMLStreamException e) {
      throw problem(e);
    } catch (UncheckedStreamException e) {
      // Text is decoded when it is asked for, so a malformed run of text surfaces from getText...() unchecked.
      if (e.getCause() instanceof XMLStreamException cause) {
        throw problem(cause);
      }
      throw e;
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException e) {
          // Closing a reader over bytes in memory frees nothing that matters.
        }
      }
    }
  }

  /** A document that is not well-formed XML. {@link #line()} is 0 when unknown. */
  public static final class XmlProblem extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    public XmlProblem(int line, String message) {
      super(message);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  private static XMLInputFactory factory() {
    XMLInputFactory factory = new InputFactoryImpl();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLInputFactory.IS_COALESCING, false);
    return factory;
  }

  private XmlElement document() throws XMLStreamException, XmlProblem {
    XmlElement root = null;
    while (reader.hasNext()) {
      int event = reader.next();
      if (event == XMLStreamConstants.DTD) {
        throw new XmlProblem(prologLine(), "a DOCTYPE is not allowed");
      }
      if (event == XMLStreamConstants.START_ELEMENT) {
        root = element(prologLine());
      }
    }
    if (root == null) {
      throw new XmlProblem(0, "the document has no root element");
    }
    return root;
  }

  /** Reads the element whose start tag (on {@code line}) the reader is on, up to and including its end tag. */
  private XmlElement element(int line) throws XMLStreamException, XmlProblem {
    if (++depth > MAX_DEPTH) {
      throw new XmlProblem(line, "elements nested deeper than " + MAX_DEPTH + " levels");
    }
    String localName = reader.getLocalName();
    String namespace = orEmpty(reader.getNamespaceURI());
    Map<String, String> attributes = attributes();
    if (localName.equals(CONSUMER_KEY)) {
      String fingerprint = fingerprintOfContent();
      depth--;
      return new XmlElement(localName, namespace, attributes, fingerprint, line, List.of());
    }
    if (SECRET_ELEMENTS.contains(localName)) {
      skipContent();
      depth--;
      return new XmlElement(localName, namespace, attributes, "", line, List.of());
    }
    StringBuilder text = new StringBuilder();
    List<XmlElement> children = new ArrayList<>();
    while (true) {
      switch (reader.next()) {
        case XMLStreamConstants.START_ELEMENT -> children.add(element(line()));
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
            text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
        case XMLStreamConstants.END_ELEMENT -> {
          depth--;
          return new XmlElement(localName, namespace, attributes, text.toString().strip(), line, children);
        }
        default -> {
          // Comments and processing instructions carry nothing this tool reads.
        }
      }
    }
  }

  /**
   * Steps over everything inside a secret element without asking for any text, so its content stays in the parser's
   * own buffer; the parser still checks that it is well-formed. A problem found in there is reported by its line
   * alone: the parser's own message may quote the characters it stumbled on, which are part of the secret.
   */
  /**
   * The consumer key's text turned at once into {@link #FINGERPRINT_PREFIX} and the first 16 hex digits of its SHA-256:
   * enough to tell that the org issued a new key, never enough to recover it. An empty key gives "".
   */
  private String fingerprintOfContent() throws XmlProblem {
    int startLine = line();
    StringBuilder key = new StringBuilder();
    try {
      while (true) {
        int event = reader.next();
        if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
            || event == XMLStreamConstants.SPACE) {
          if (key.length() + reader.getTextLength() > 4096) {
            throw new XmlProblem(startLine, "a consumer key longer than 4096 characters (not shown)");
          }
          key.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
        } else if (event == XMLStreamConstants.START_ELEMENT) {
          throw new XmlProblem(startLine, "an element inside consumerKey (not shown)");
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          break;
        }
      }
    } catch (XMLStreamException | UncheckedStreamException e) {
      throw new XmlProblem(startLine, "malformed content inside a secret element (not shown)");
    }
    String fingerprint = fingerprint(key.toString());
    key.setLength(0);
    return fingerprint;
  }

  /** What {@link #fingerprintOfContent} keeps of a consumer key's text. */
  static String fingerprint(String keyText) {
    String stripped = keyText.strip();
    if (stripped.isEmpty()) {
      return "";
    }
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(stripped.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return FINGERPRINT_PREFIX + java.util.HexFormat.of().formatHex(digest, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private void skipContent() throws XmlProblem {
    int startLine = line();
    try {
      skipSecret();
    } catch (XMLStreamException | UncheckedStreamException e) {
      throw new XmlProblem(startLine, "malformed content inside a secret element (not shown)");
    }
  }

  private void skipSecret() throws XMLStreamException, XmlProblem {
    int inner = 0;
    while (true) {
      int event = reader.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        inner++;
        if (depth + inner > MAX_DEPTH) {
          throw new XmlProblem(line(), "elements nested deeper than " + MAX_DEPTH + " levels");
        }
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        if (inner-- == 0) {
          return;
        }
      }
    }
  }

  /** Attributes by qualified name as written, namespace declarations included. */
  private Map<String, String> attributes() {
    int declarations = reader.getNamespaceCount();
    int count = reader.getAttributeCount();
    if (declarations == 0 && count == 0) {
      return Map.of();
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    for (int i = 0; i < declarations; i++) {
      String prefix = reader.getNamespacePrefix(i);
      attributes.put(prefix == null || prefix.isEmpty() ? "xmlns" : "xmlns:" + prefix,
          orEmpty(reader.getNamespaceURI(i)));
    }
    for (int i = 0; i < count; i++) {
      String prefix = reader.getAttributePrefix(i);
      String name = reader.getAttributeLocalName(i);
      attributes.put(prefix == null || prefix.isEmpty() ? name : prefix + ":" + name, reader.getAttributeValue(i));
    }
    return attributes;
  }

  /**
   * The line of the {@code <} of a DOCTYPE or root element. Aalto reports no whitespace events in the prolog, and
   * places such an event's start where the whitespace before it starts; the line breaks in that whitespace are counted
   * here, from the byte offset the parser gives.
   */
  private int prologLine() {
    int line = line();
    Location location = reader.getLocation();
    for (int i = location == null ? document.length : location.getCharacterOffset(); i >= 0 && i < document.length
        && (document[i] == ' ' || document[i] == '\t' || document[i] == '\n' || document[i] == '\r'); i++) {
      if (document[i] == '\n' || document[i] == '\r' && (i + 1 == document.length || document[i + 1] != '\n')) {
        line++;
      }
    }
    return line;
  }

  private int line() {
    Location location = reader.getLocation();
    return location == null ? 0 : Math.max(location.getLineNumber(), 0);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /** The parser's complaint on one line, with the line it names. */
  private static XmlProblem problem(XMLStreamException e) {
    Location location = e.getLocation();
    int line = location == null ? 0 : Math.max(location.getLineNumber(), 0);
    String message = e.getMessage() == null ? "not well-formed" : e.getMessage();
    int body = message.indexOf("Message: ");
    if (message.startsWith("ParseError at ") && body >= 0) {
      message = message.substring(body + "Message: ".length());
    }
    int at = message.indexOf("\n at [");
    if (at >= 0) {
      message = message.substring(0, at);
    }
    // Aalto words an undeclared entity as a feature it lacks; without a DOCTYPE no entity can be declared at all.
    Matcher entity = UNDECLARED_ENTITY.matcher(message);
    if (entity.lookingAt()) {
      message = "the entity " + entity.group(1) + " is not defined (only &lt; &gt; &amp; &quot; &apos; and &#...; are)";
    }
    return new XmlProblem(line, message.replaceAll("\\s+", " ").strip());
  }
}
