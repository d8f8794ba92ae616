package dev.ecaprovisioner.eca;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads XML into {@link XmlElement} trees with line numbers: ECA source files and Metadata API SOAP answers.
 *
 * <p>A small reader of its own rather than the JDK's parser: a source tree holds thousands of small files, and
 * setting up the JDK parser for each cost more than reading it (several times over, in a fresh JVM). It accepts
 * well-formed XML 1.0 documents without a document type declaration: elements, attributes, namespaces, character and
 * the five predefined entity references, CDATA sections, comments and processing instructions. A DOCTYPE is rejected
 * outright, so no entity can be declared and nothing external is ever fetched.
 *
 * <p>It never keeps the content of an element named in {@link #SECRET_ELEMENTS}: a consumer secret is skipped as it
 * is read. The element itself stays, empty, so that a rule can still tell that a file carries a secret it should not.
 */
public final class XmlTreeReader {
  /** Elements whose content is never kept: they hold secrets. */
  public static final Set<String> SECRET_ELEMENTS = Set.of("consumerSecret");

  /** Deeper nesting is no metadata this tool reads, and would only exhaust the stack. */
  static final int MAX_DEPTH = 256;

  private static final String XMLNS = "http://www.w3.org/2000/xmlns/";
  private static final String XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";

  private final char[] text;
  private int pos;
  private int line = 1;

  private XmlTreeReader(char[] text) {
    this.text = text;
  }

  /** Parses a whole document; its secrets are dropped. */
  public static XmlElement parse(InputStream in) throws IOException, XmlProblem {
    return parse(in.readAllBytes());
  }

  /** Parses a whole document held in memory; its secrets are dropped. */
  public static XmlElement parse(byte[] document) throws XmlProblem {
    return new XmlTreeReader(decode(document)).document();
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

  /** UTF-8 unless the XML declaration names another encoding; a byte-order mark is skipped. */
  private static char[] decode(byte[] bytes) throws XmlProblem {
    int start = 0;
    Charset charset = StandardCharsets.UTF_8;
    if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
      start = 3;
    } else if (bytes.length >= 2 && ((bytes[0] & 0xff) == 0xFE || (bytes[0] & 0xff) == 0xFF)) {
      charset = (bytes[0] & 0xff) == 0xFE ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE;
      start = 2;
    } else {
      String declared = declaredEncoding(bytes);
      if (declared != null) {
        try {
          charset = Charset.forName(declared);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
          throw new XmlProblem(1, "unsupported encoding '" + declared + "'");
        }
      }
    }
    try {
      CharBuffer chars = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, start, bytes.length - start));
      char[] text = new char[chars.remaining()];
      chars.get(text);
      return text;
    } catch (CharacterCodingException e) {
      throw new XmlProblem(0, "the bytes are not valid " + charset.name());
    }
  }

  /** The encoding named in an XML declaration at the very start, read as ASCII. */
  private static String declaredEncoding(byte[] bytes) {
    int end = Math.min(bytes.length, 200);
    String head = new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    if (!head.startsWith("<?xml")) {
      return null;
    }
    int close = head.indexOf("?>");
    String declaration = close < 0 ? head : head.substring(0, close);
    int at = declaration.indexOf("encoding");
    if (at < 0) {
      return null;
    }
    int quote = at + "encoding".length();
    while (quote < declaration.length() && declaration.charAt(quote) != '"' && declaration.charAt(quote) != '\'') {
      quote++;
    }
    if (quote >= declaration.length()) {
      return null;
    }
    int stop = declaration.indexOf(declaration.charAt(quote), quote + 1);
    return stop < 0 ? null : declaration.substring(quote + 1, stop).strip();
  }

  private XmlElement document() throws XmlProblem {
    XmlElement root = null;
    while (true) {
      skipWhitespace();
      if (pos >= text.length) {
        break;
      }
      if (text[pos] != '<') {
        throw problem(root == null ? "text before the root element" : "text after the root element");
      }
      if (startsWith("<?")) {
        processingInstruction();
      } else if (startsWith("<!--")) {
        comment();
      } else if (startsWith("<!DOCTYPE") || startsWith("<!doctype")) {
        throw problem("a DOCTYPE is not allowed");
      } else if (startsWith("</")) {
        throw problem("an end tag without a start tag");
      } else if (root != null) {
        throw problem("a second root element");
      } else {
        root = element(new ArrayDeque<>(), false);
      }
    }
    if (root == null) {
      throw new XmlProblem(0, "the document has no root element");
    }
    return root;
  }

  /**
   * Reads an element from its {@code <}, with everything inside it.
   *
   * @param insideSecret the element sits inside a secret one: nothing of it is kept
   */
  private XmlElement element(Deque<Map<String, String>> scopes, boolean insideSecret) throws XmlProblem {
    int startLine = line;
    if (scopes.size() >= MAX_DEPTH) {
      throw problem("elements nested deeper than " + MAX_DEPTH + " levels");
    }
    pos++;
    String qName = name();
    Map<String, String> attributes = Map.of();
    Map<String, String> declared = null;
    boolean empty;
    while (true) {
      boolean spaced = skipWhitespace();
      if (pos >= text.length) {
        throw new XmlProblem(line, "the document ends inside the start tag <" + qName + ">");
      }
      if (text[pos] == '>') {
        pos++;
        empty = false;
        break;
      }
      if (startsWith("/>")) {
        pos += 2;
        empty = true;
        break;
      }
      if (!spaced) {
        throw problem("expected whitespace, '>' or '/>' in the start tag <" + qName + ">");
      }
      String attribute = name();
      skipWhitespace();
      expect('=', "'=' after the attribute " + attribute);
      skipWhitespace();
      String value = attributeValue(attribute);
      if (attributes.isEmpty()) {
        attributes = new LinkedHashMap<>();
      }
      if (attributes.put(attribute, value) != null) {
        throw problem("the attribute " + attribute + " appears twice in <" + qName + ">");
      }
      if (attribute.equals("xmlns") || attribute.startsWith("xmlns:")) {
        if (declared == null) {
          declared = new HashMap<>();
        }
        declared.put(attribute.equals("xmlns") ? "" : attribute.substring("xmlns:".length()), value);
      }
    }
    scopes.push(declared == null ? Map.of() : declared);
    try {
      String localName = localName(qName);
      String namespace = namespaceOf(prefix(qName), scopes, qName);
      for (String attribute : attributes.keySet()) {
        String prefix = prefix(attribute);
        if (!prefix.isEmpty() && !prefix.equals("xmlns")) {
          namespaceOf(prefix, scopes, attribute);
        }
      }
      boolean secret = insideSecret || SECRET_ELEMENTS.contains(localName);
      StringBuilder content = secret ? null : new StringBuilder();
      List<XmlElement> children = new ArrayList<>();
      if (!empty) {
        content(qName, startLine, scopes, content, children, secret);
      }
      return new XmlElement(localName, namespace, attributes, content == null ? "" : content.toString().strip(),
          startLine, children);
    } finally {
      scopes.pop();
    }
  }

  /** Reads an element's content up to and including its end tag. */
  private void content(
      String qName, int startLine, Deque<Map<String, String>> scopes, StringBuilder content,
      List<XmlElement> children, boolean secret) throws XmlProblem {
    while (true) {
      if (pos >= text.length) {
        throw new XmlProblem(line, "the document ends before <" + qName + "> (line " + startLine + ") is closed");
      }
      char c = text[pos];
      if (c == '<') {
        if (startsWith("</")) {
          pos += 2;
          String closing = name();
          skipWhitespace();
          expect('>', "'>' to end the end tag </" + closing + ">");
          if (!closing.equals(qName)) {
            throw new XmlProblem(line, "<" + qName + "> (line " + startLine + ") is closed by </" + closing + ">");
          }
          return;
        } else if (startsWith("<!--")) {
          comment();
        } else if (startsWith("<![CDATA[")) {
          int end = indexOf("]]>", pos + 9);
          if (end < 0) {
            throw problem("a CDATA section that never ends");
          }
          if (!secret) {
            content.append(text, pos + 9, end - pos - 9);
          }
          advanceTo(end + 3);
        } else if (startsWith("<?")) {
          processingInstruction();
        } else if (startsWith("<!")) {
          throw problem("a declaration is not allowed inside an element");
        } else {
          XmlElement child = element(scopes, secret);
          if (!secret) {
            children.add(child);
          }
        }
      } else if (c == '&') {
        String resolved = reference();
        if (!secret) {
          content.append(resolved);
        }
      } else {
        int start = pos;
        while (pos < text.length && text[pos] != '<' && text[pos] != '&' && text[pos] != '\r') {
          char t = text[pos++];
          if (t == '\n') {
            line++;
          } else if (t == '>' && pos - start >= 3 && text[pos - 2] == ']' && text[pos - 3] == ']') {
            throw problem("']]>' is not allowed in text");
          }
        }
        if (!secret) {
          content.append(text, start, pos - start);
        }
        if (pos < text.length && text[pos] == '\r') {
          if (!secret) {
            content.append('\n');
          }
          advance();
        }
      }
    }
  }

  private String attributeValue(String attribute) throws XmlProblem {
    if (pos >= text.length || (text[pos] != '"' && text[pos] != '\'')) {
      throw problem("the value of the attribute " + attribute + " must be in quotes");
    }
    char quote = text[pos++];
    StringBuilder value = new StringBuilder();
    while (true) {
      if (pos >= text.length) {
        throw problem("the value of the attribute " + attribute + " never ends");
      }
      char c = text[pos];
      if (c == quote) {
        pos++;
        return value.toString();
      }
      if (c == '<') {
        throw problem("'<' is not allowed in the value of the attribute " + attribute);
      }
      if (c == '&') {
        value.append(reference());
      } else {
        value.append(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
        advance();
      }
    }
  }

  /** Resolves {@code &name;} or {@code &#...;} at the current position. */
  private String reference() throws XmlProblem {
    int end = pos + 1;
    while (end < text.length && end - pos < 12 && text[end] != ';') {
      end++;
    }
    if (end >= text.length || text[end] != ';') {
      throw problem("'&' must start an entity reference such as &amp;");
    }
    String name = new String(text, pos + 1, end - pos - 1);
    pos = end + 1;
    switch (name) {
      case "lt" -> {
        return "<";
      }
      case "gt" -> {
        return ">";
      }
      case "amp" -> {
        return "&";
      }
      case "quot" -> {
        return "\"";
      }
      case "apos" -> {
        return "'";
      }
      default -> {
        if (name.startsWith("#")) {
          try {
            int code = name.startsWith("#x") ? Integer.parseInt(name.substring(2), 16)
                : Integer.parseInt(name.substring(1));
            if (code == 0 || !Character.isValidCodePoint(code)) {
              throw problem("&" + name + "; is not a valid character");
            }
            return new String(Character.toChars(code));
          } catch (NumberFormatException e) {
            throw problem("&" + name + "; is not a valid character reference");
          }
        }
        throw problem("the entity &" + name + "; is not defined");
      }
    }
  }

  private void comment() throws XmlProblem {
    int end = indexOf("-->", pos + 4);
    if (end < 0) {
      throw problem("a comment that never ends");
    }
    advanceTo(end + 3);
  }

  private void processingInstruction() throws XmlProblem {
    int end = indexOf("?>", pos + 2);
    if (end < 0) {
      throw problem("a processing instruction that never ends");
    }
    advanceTo(end + 2);
  }

  private String name() throws XmlProblem {
    int start = pos;
    while (pos < text.length && isNameChar(text[pos], pos == start)) {
      pos++;
    }
    if (pos == start) {
      throw problem(pos < text.length ? "unexpected '" + text[pos] + "' where a name belongs"
          : "the document ends where a name belongs");
    }
    return new String(text, start, pos - start);
  }

  private static boolean isNameChar(char c, boolean first) {
    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= 0xC0 && c != 0xD7 && c != 0xF7) {
      return true;
    }
    return !first && (c >= '0' && c <= '9' || c == '-' || c == '.' || c == 0xB7);
  }

  private static String prefix(String qName) {
    int colon = qName.indexOf(':');
    return colon < 0 ? "" : qName.substring(0, colon);
  }

  private static String localName(String qName) {
    return qName.substring(qName.indexOf(':') + 1);
  }

  private String namespaceOf(String prefix, Deque<Map<String, String>> scopes, String qName) throws XmlProblem {
    if (prefix.equals("xml")) {
      return XML_NAMESPACE;
    }
    if (prefix.equals("xmlns")) {
      return XMLNS;
    }
    for (Map<String, String> scope : scopes) {
      String uri = scope.get(prefix);
      if (uri != null) {
        return uri;
      }
    }
    if (prefix.isEmpty()) {
      return "";
    }
    throw problem("the prefix '" + prefix + "' of " + qName + " is not bound to a namespace");
  }

  private boolean skipWhitespace() {
    int start = pos;
    while (pos < text.length && (text[pos] == ' ' || text[pos] == '\n' || text[pos] == '\t' || text[pos] == '\r')) {
      advance();
    }
    return pos > start;
  }

  private void expect(char c, String what) throws XmlProblem {
    if (pos >= text.length || text[pos] != c) {
      throw problem("expected " + what);
    }
    pos++;
  }

  /** Moves one character on, counting lines ({@code \r\n}, {@code \r} and {@code \n} each end one). */
  private void advance() {
    char c = text[pos++];
    if (c == '\n' || c == '\r' && (pos >= text.length || text[pos] != '\n')) {
      line++;
    }
  }

  private void advanceTo(int target) {
    while (pos < target) {
      advance();
    }
  }

  private boolean startsWith(String s) {
    if (pos + s.length() > text.length) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (text[pos + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private int indexOf(String s, int from) {
    outer:
    for (int i = from; i + s.length() <= text.length; i++) {
      for (int j = 0; j < s.length(); j++) {
        if (text[i + j] != s.charAt(j)) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private XmlProblem problem(String message) {
    return new XmlProblem(line, message);
  }
}
