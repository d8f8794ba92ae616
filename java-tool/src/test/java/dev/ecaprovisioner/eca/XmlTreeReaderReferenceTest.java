package dev.ecaprovisioner.eca;

import dev.ecaprovisioner.testing.RepositoryPaths;
import dev.ecaprovisioner.testing.TestSecrets;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.SAXParserFactory;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reads a corpus of documents with the product's reader and with the JDK's SAX parser, and expects the same tree from
 * both (names, namespaces, attributes, text, line numbers), or a refusal from both. The corpus: every XML file of the
 * shipped template, every XML test fixture, a Metadata API readMetadata answer, documents written to reach the corners
 * of XML 1.0, and each of them again with CRLF and with CR line ends.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class XmlTreeReaderReferenceTest {
  private static final Path ROOT = RepositoryPaths.repositoryRoot();
  private static final Path TEMPLATE = ROOT.resolve("force-app/main/default");
  private static final Path TEST_RESOURCES = ROOT.resolve("java-tool/src/test/resources");

  /** Well-formed documents written to reach the corners a metadata file or a SOAP answer could hold. */
  private static final Map<String, String> CORNERS = corners();

  /** Documents that are not well-formed, or that a safe reader must refuse. */
  private static final Map<String, String> MALFORMED = malformed();

  private static Map<String, String> corners() {
    Map<String, String> corners = new LinkedHashMap<>();
    corners.put("references, CDATA, comments and processing instructions", """
        <?xml version="1.0" encoding="UTF-8"?>
        <?app-hint keep?>
        <!-- before -->
        <a x="1 &amp; 2" y='&lt;&#65;&#x42;&quot;&apos;'>&lt;b&gt; &#65;&#x42; <![CDATA[<c> & ]] d]]><!-- c --><?pi x?>tail
          <b>&#x20AC;&#8364;</b></a>
        <!-- after -->
        """);
    corners.put("prefixes, rebound prefixes, an undeclared default namespace and xml:lang", """
        <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
            xmlns="urn:outer" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>
          <p:a xmlns:p="urn:one" p:k="v" xsi:type="p:T"><p:b xmlns:p="urn:two" p:k="w"/></p:a>
          <c xmlns="" xml:lang="fr"><d>no namespace</d></c>
          <soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>INVALID_TYPE: bad</faultstring></soapenv:Fault>
        </soapenv:Body></soapenv:Envelope>
        """);
    corners.put("attribute values with tabs, line ends, references and '>'", "<a t=\"x\ty\n z\" u=\"&#10;&#9;&#13;\""
        + " v='x > y' w=\"\"\n  z = \"spaced\"\n/>");
    corners.put("start tags spread over lines", "<a\n  b=\"1\"\n  c=\"2\">\n  <d\n    e=\"3\"/>\n  <f\n>text</f\n>\n</a\n>");
    corners.put("mixed content, blank text and a secret", """
        <root>  one <b/> two
          <empty></empty>
          <blank>   \t </blank>
          <consumerSecret>not &amp; kept<inner a="1">deeper</inner><![CDATA[nor this]]></consumerSecret>
          <consumerSecret/>
        </root>
        """);
    corners.put("non-ASCII names and text", "<\u00e9t\u00e9 attr\u00ef=\"\u00e7a\">d\u00e9j\u00e0 \u2713 \u65e5\u672c"
        + "<n\u00b7x/></\u00e9t\u00e9>");
    corners.put("a byte-order mark", "\uFEFF<?xml version=\"1.0\"?>\n<a>\n<b>x</b></a>");
    corners.put("a character outside the basic plane, last on its line", "<a>\n<b>x \uD83D\uDE00</b>\n<c/></a>");
    return corners;
  }

  private static Map<String, String> malformed() {
    Map<String, String> malformed = new LinkedHashMap<>();
    malformed.put("an unclosed tag", "<a>\n<b></b>");
    malformed.put("a mismatched tag", "<a>\n<b>\n</a>");
    malformed.put("an unquoted attribute", "<a b=c/>");
    malformed.put("a repeated attribute", "<a b=\"1\" b=\"2\"/>");
    malformed.put("a repeated attribute through two prefixes of one namespace",
        "<a xmlns:p=\"urn:x\" xmlns:q=\"urn:x\" p:b=\"1\" q:b=\"2\"/>");
    malformed.put("']]>' in text", "<a>x ]]> y</a>");
    malformed.put("an undefined entity", "<a>&nbsp;</a>");
    malformed.put("a bare ampersand", "<a>fish & chips</a>");
    malformed.put("'<' in an attribute value", "<a b=\"<\"/>");
    malformed.put("an unbound prefix", "<x:a/>");
    malformed.put("an unbound attribute prefix", "<a x:b=\"1\"/>");
    malformed.put("two root elements", "<a/>\n<b/>");
    malformed.put("text after the root", "<a/>\nstray");
    malformed.put("text before the root", "stray<a/>");
    malformed.put("no root element", "<!-- nothing -->");
    malformed.put("an empty document", "");
    malformed.put("an unterminated comment", "<a><!-- oops</a>");
    malformed.put("'--' inside a comment", "<a><!-- x -- y --></a>");
    malformed.put("an unterminated CDATA section", "<a><![CDATA[x</a>");
    malformed.put("a name starting with a digit", "<1a/>");
    malformed.put("a character reference to NUL", "<a>&#0;</a>");
    malformed.put("a character reference to a surrogate", "<a>&#xD800;</a>");
    malformed.put("a character reference out of range", "<a>&#x110000;</a>");
    malformed.put("a control character in text", "<a>x\u0001y</a>");
    malformed.put("a control character in an attribute", "<a b=\"x\u0002\"/>");
    malformed.put("an XML declaration after the start", "<a/><?xml version=\"1.0\"?>");
    malformed.put("an external entity in a DOCTYPE",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>");
    malformed.put("entity expansion in a DOCTYPE", "<!DOCTYPE a [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">"
        + "<!ENTITY c \"&b;&b;&b;&b;&b;\">]><a>&c;</a>");
    malformed.put("an external DTD", "<!DOCTYPE a SYSTEM \"http://127.0.0.1:9/a.dtd\"><a/>");
    malformed.put("a DOCTYPE without a subset", "<!DOCTYPE a><a/>");
    malformed.put("a DOCTYPE after a comment", "<!-- x -->\n<!DOCTYPE a []>\n<a/>");
    malformed.put("an end tag without a start tag", "</a>");
    malformed.put("a declaration inside an element", "<a><!ELEMENT b ANY></a>");
    return malformed;
  }

  static Stream<Arguments> corpus() throws IOException {
    Map<String, byte[]> documents = new LinkedHashMap<>();
    addFiles(documents, TEMPLATE);
    addFiles(documents, TEST_RESOURCES);
    CORNERS.forEach((name, xml) -> documents.put(name, xml.getBytes(StandardCharsets.UTF_8)));
    documents.put("Latin-1 declared in the XML declaration",
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<a>caf\u00e9</a>".getBytes(StandardCharsets.ISO_8859_1));
    List<Arguments> cases = new ArrayList<>();
    documents.forEach((name, bytes) -> {
      cases.add(Arguments.of(name, bytes));
      String text = new String(bytes, charsetOf(bytes));
      if (text.contains("\n")) {
        cases.add(Arguments.of(name + " (CRLF)", text.replace("\n", "\r\n").getBytes(charsetOf(bytes))));
        cases.add(Arguments.of(name + " (CR)", text.replace("\n", "\r").getBytes(charsetOf(bytes))));
      }
    });
    return cases.stream();
  }

  /** The XML files below a folder: those ending in .xml, and golden inputs that hold XML. */
  private static void addFiles(Map<String, byte[]> documents, Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".xml") || name.endsWith(".input") && Files.readString(file).stripLeading().startsWith("<")) {
          documents.put(ROOT.relativize(file).toString(), Files.readAllBytes(file));
        }
      }
    }
  }

  static Stream<Arguments> malformedCorpus() {
    return MALFORMED.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @Test
  void the_corpus_holds_the_template_the_fixtures_a_soap_answer_and_the_corners() throws IOException {
    List<String> names = corpus().map(a -> (String) a.get()[0]).toList();
    assertThat(names).anyMatch(n -> n.startsWith("force-app/main/default/") && n.endsWith(".eca-meta.xml"))
        .anyMatch(n -> n.contains("/fixtures/") && n.endsWith("-meta.xml"))
        .anyMatch(n -> n.endsWith("org-read.input"))
        .anyMatch(n -> n.endsWith("readMetadata-response.xml"))
        .contains("a byte-order mark (CRLF)", "Latin-1 declared in the XML declaration");
    assertThat(names.size()).isGreaterThan(40);
  }

  @Test
  void the_soap_answer_reads_as_the_reference_reads_it_with_secret_and_key_dropped() throws Exception {
    byte[] answer = TestSecrets.fill(Files.readString(TEST_RESOURCES.resolve("xml/readMetadata-response.xml")),
        "SECRET-PLACEHOLDER").getBytes(StandardCharsets.UTF_8);
    XmlElement envelope = XmlTreeReader.parse(answer);
    XmlElement records = envelope.child("Body").orElseThrow().child("readMetadataResponse").orElseThrow()
        .child("result").orElseThrow();
    assertThat(envelope.line()).isEqualTo(2);
    assertThat(records.children("records")).extracting(r -> r.attribute("type").orElse("nil"))
        .containsExactly("ExternalClientApplication", "ExtlClntAppOauthSettings", "ExtlClntAppGlobalOauthSettings",
            "ExtlClntAppOauthConfigurablePolicies", "ExtlClntAppConfigurablePolicies", "nil");
    assertThat(envelope.toString()).doesNotContain("SECRET-PLACEHOLDER").doesNotContain("KEY-PLACEHOLDER");
    assertThat(envelope).isEqualTo(Reference.parse(answer));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void reads_the_same_tree_as_the_jdk_sax_parser(String name, byte[] document) throws Exception {
    XmlElement expected;
    try {
      expected = Reference.parse(document);
    } catch (SAXException e) {
      assertThatThrownBy(() -> XmlTreeReader.parse(document)).as("%s is refused by the reference", name)
          .isInstanceOf(XmlTreeReader.XmlProblem.class);
      return;
    }
    assertThat(XmlTreeReader.parse(document)).as(name).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedCorpus")
  void refuses_what_the_jdk_sax_parser_refuses(String name, String xml) {
    byte[] document = xml.getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Reference.parse(document)).as("the reference refuses %s", name)
        .isInstanceOf(SAXException.class);
    assertThatThrownBy(() -> XmlTreeReader.parse(document)).as(name)
        .isInstanceOfSatisfying(XmlTreeReader.XmlProblem.class, p -> assertThat(p.getMessage()).isNotBlank()
            .doesNotContain("\n"));
  }

  private static Charset charsetOf(byte[] bytes) {
    String head = new String(bytes, 0, Math.min(bytes.length, 100), StandardCharsets.ISO_8859_1);
    return head.contains("encoding=\"ISO-8859-1\"") ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
  }

  /**
   * Builds the tree the product promises with the JDK's SAX parser: namespace declarations kept as attributes, text
   * trimmed, the content of secret elements dropped, each element at the line of its {@code <}. SAX reports where a
   * start tag ends; the line it starts on is found by walking back to the {@code <} (which no attribute value can
   * hold unescaped).
   */
  static final class Reference extends DefaultHandler {
    private static final Pattern LINE_END = Pattern.compile("\r\n|\r|\n");

    private final int[] lineStarts;
    private final String text;
    private final Deque<Frame> open = new ArrayDeque<>();
    private Locator locator;
    private XmlElement root;

    private record Frame(String localName, String namespace, Map<String, String> attributes, int line,
        StringBuilder text, List<XmlElement> children) {}

    private Reference(String text) {
      this.text = text;
      List<Integer> starts = new ArrayList<>(List.of(0));
      Matcher m = LINE_END.matcher(text);
      while (m.find()) {
        starts.add(m.end());
      }
      this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    static XmlElement parse(byte[] document) throws Exception {
      SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://xml.org/sax/features/namespace-prefixes", true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      String text = new String(document, charsetOf(document));
      Reference handler = new Reference(text.startsWith("\uFEFF") ? text.substring(1) : text);
      factory.newSAXParser().parse(new InputSource(new ByteArrayInputStream(document)), handler);
      return handler.root;
    }

    @Override
    public void setDocumentLocator(Locator locator) {
      this.locator = locator;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) {
      Map<String, String> kept = new LinkedHashMap<>();
      for (int i = 0; i < attributes.getLength(); i++) {
        kept.put(attributes.getQName(i), attributes.getValue(i));
      }
      open.push(new Frame(localName, uri, kept, startLine(), new StringBuilder(), new ArrayList<>()));
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      open.peek().text.append(ch, start, length);
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
      Frame f = open.pop();
      boolean secret = XmlTreeReader.SECRET_ELEMENTS.contains(f.localName);
      String text = !secret ? f.text.toString().strip()
          : f.localName.equals("consumerKey") ? XmlTreeReader.fingerprint(f.text.toString()) : "";
      XmlElement element = new XmlElement(f.localName, f.namespace, f.attributes, text, f.line,
          secret ? List.of() : f.children);
      if (open.isEmpty()) {
        root = element;
      } else {
        open.peek().children.add(element);
      }
    }

    /** The line of the {@code <} of the start tag that SAX has just read to its end. */
    private int startLine() {
      int end = lineStarts[locator.getLineNumber() - 1] + locator.getColumnNumber() - 1;
      int lt = text.lastIndexOf('<', Math.min(end, text.length()) - 1);
      int found = Arrays.binarySearch(lineStarts, lt);
      return found >= 0 ? found + 1 : -found - 1;
    }
  }
}
