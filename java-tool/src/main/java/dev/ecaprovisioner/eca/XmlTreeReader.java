package dev.ecaprovisioner.eca;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads XML into {@link XmlElement} trees with line numbers. Hardened against entity tricks (no DTDs, no external
 * entities), and it never keeps the content of an element named in {@link #SECRET_ELEMENTS}: a consumer secret is
 * discarded as it is parsed, before any object holds it. The element itself stays, empty, so that a rule can still
 * tell that a file carries a secret it should not.
 */
public final class XmlTreeReader {
  /** Elements whose content is never kept: they hold secrets. */
  public static final Set<String> SECRET_ELEMENTS = Set.of("consumerSecret");

  private static final SAXParserFactory FACTORY = newFactory();

  private XmlTreeReader() {}

  /** Parses a whole document; its secrets are dropped. */
  public static XmlElement parse(InputStream in) throws IOException, XmlProblem {
    Handler handler = new Handler();
    try {
      SAXParser parser = FACTORY.newSAXParser();
      parser.parse(in, handler);
    } catch (SAXParseException e) {
      throw new XmlProblem(e.getLineNumber(), e.getMessage());
    } catch (SAXException | ParserConfigurationException e) {
      throw new XmlProblem(handler.currentLine(), e.getMessage());
    }
    if (handler.root == null) {
      throw new XmlProblem(0, "the document has no root element");
    }
    return handler.root;
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

  private static SAXParserFactory newFactory() {
    try {
      SAXParserFactory factory = SAXParserFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      return factory;
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("the platform's XML parser lacks a required safety feature", e);
    }
  }

  private static final class Handler extends DefaultHandler {
    private final Deque<Builder> open = new ArrayDeque<>();
    private Locator locator;
    private XmlElement root;
    private int secretDepth;

    @Override
    public void setDocumentLocator(Locator locator) {
      this.locator = locator;
    }

    int currentLine() {
      return locator == null ? 0 : locator.getLineNumber();
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) {
      if (secretDepth > 0) {
        secretDepth++;
        return;
      }
      if (SECRET_ELEMENTS.contains(localName)) {
        secretDepth = 1;
        open.push(new Builder(localName, uri == null ? "" : uri, Map.of(), currentLine()));
        return;
      }
      Map<String, String> attributes = new LinkedHashMap<>();
      for (int i = 0; i < atts.getLength(); i++) {
        attributes.put(atts.getQName(i), atts.getValue(i));
      }
      open.push(new Builder(localName, uri == null ? "" : uri, attributes, currentLine()));
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      if (secretDepth == 0 && !open.isEmpty()) {
        open.peek().text.append(ch, start, length);
      }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
      if (secretDepth > 1) {
        secretDepth--;
        return;
      }
      secretDepth = 0;
      Builder done = open.pop();
      XmlElement element = done.build();
      if (open.isEmpty()) {
        root = element;
      } else {
        open.peek().children.add(element);
      }
    }
  }

  private static final class Builder {
    final String localName;
    final String namespace;
    final Map<String, String> attributes;
    final int line;
    final StringBuilder text = new StringBuilder();
    final List<XmlElement> children = new ArrayList<>();

    Builder(String localName, String namespace, Map<String, String> attributes, int line) {
      this.localName = localName;
      this.namespace = namespace;
      this.attributes = attributes;
      this.line = line;
    }

    XmlElement build() {
      return new XmlElement(localName, namespace, attributes, text.toString().strip(), line, children);
    }
  }
}
