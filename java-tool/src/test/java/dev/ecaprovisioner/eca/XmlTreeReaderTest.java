package dev.ecaprovisioner.eca;

import dev.ecaprovisioner.testing.TestSecrets;
import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class XmlTreeReaderTest {
  private static XmlElement parse(String xml) throws Exception {
    return parse(xml, StandardCharsets.UTF_8);
  }

  private static XmlElement parse(String xml, Charset charset) throws Exception {
    return XmlTreeReader.parse(new ByteArrayInputStream(xml.getBytes(charset)));
  }

  @Nested
  class Reading_well_formed_documents {
    @Test
    void keeps_names_namespace_text_and_the_line_of_each_start_tag() throws Exception {
      XmlElement root = parse("""
          <?xml version="1.0" encoding="UTF-8"?>
          <!-- a comment -->
          <ExtlClntAppGlobalOauthSettings xmlns="http://soap.sforce.com/2006/04/metadata">
              <callbackUrl>https://a.example/cb</callbackUrl>
              <isPkceRequired>false</isPkceRequired>
          </ExtlClntAppGlobalOauthSettings>
          """);
      assertThat(root.localName()).isEqualTo("ExtlClntAppGlobalOauthSettings");
      assertThat(root.namespace()).isEqualTo(EcaType.METADATA_NAMESPACE);
      assertThat(root.line()).isEqualTo(3);
      assertThat(root.children()).extracting(XmlElement::localName, XmlElement::text, XmlElement::line)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("callbackUrl", "https://a.example/cb", 4),
              org.assertj.core.groups.Tuple.tuple("isPkceRequired", "false", 5));
      assertThat(root.children().get(0).namespace()).isEqualTo(EcaType.METADATA_NAMESPACE);
    }

    @Test
    void resolves_prefixes_as_a_soap_answer_uses_them() throws Exception {
      XmlElement envelope = parse("""
          <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
              xmlns="http://soap.sforce.com/2006/04/metadata"
              xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><readMetadataResponse><result>
          <records xsi:type="ExtlClntAppConfigurablePolicies"><fullName>A_plcy</fullName></records>
          </result></readMetadataResponse></soapenv:Body></soapenv:Envelope>""");
      assertThat(envelope.localName()).isEqualTo("Envelope");
      assertThat(envelope.namespace()).isEqualTo("http://schemas.xmlsoap.org/soap/envelope/");
      XmlElement records = envelope.child("Body").orElseThrow().child("readMetadataResponse").orElseThrow()
          .child("result").orElseThrow().child("records").orElseThrow();
      assertThat(records.namespace()).isEqualTo(EcaType.METADATA_NAMESPACE);
      assertThat(records.attribute("type")).hasValue("ExtlClntAppConfigurablePolicies");
      assertThat(records.line()).isEqualTo(4);
    }

    @Test
    void resolves_entity_and_character_references_and_cdata() throws Exception {
      XmlElement root = parse("<a title=\"x &amp; y\">&lt;b&gt; &#65;&#x42; <![CDATA[<c> & d]]></a>");
      assertThat(root.text()).isEqualTo("<b> AB <c> & d");
      assertThat(root.attribute("title")).hasValue("x & y");
    }

    @Test
    void decodes_long_non_ascii_text_exactly() throws Exception {
      String text = "d\u00e9j\u00e0 \u2713 ".repeat(2000).strip();
      assertThat(parse("<a>" + text + "</a>").text()).isEqualTo(text);
    }

    @Test
    void counts_lines_the_same_for_crlf_and_lf() throws Exception {
      XmlElement root = parse("<a>\r\n<b/>\r\n\r\n<c/></a>");
      assertThat(root.children()).extracting(XmlElement::line).containsExactly(2, 4);
    }

    @Test
    void skips_a_byte_order_mark_and_honours_a_declared_encoding() throws Exception {
      assertThat(parse("\uFEFF<a>x</a>").text()).isEqualTo("x");
      assertThat(parse("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf\u00e9</a>", StandardCharsets.ISO_8859_1)
          .text()).isEqualTo("caf\u00e9");
    }

    @Test
    void keeps_a_consumer_secret_element_but_never_its_content() throws Exception {
      String secret = "S" + System.nanoTime();
      XmlElement root = parse("<a><consumerKey>k</consumerKey><consumerSecret>" + secret
          + "<inner>" + secret + "</inner></consumerSecret></a>");
      XmlElement kept = root.child("consumerSecret").orElseThrow();
      assertThat(kept.text()).isEmpty();
      assertThat(kept.children()).isEmpty();
      assertThat(root.toString()).doesNotContain(secret);
    }
  }

  @Nested
  class Rejecting_malformed_documents {
    /** The parser's own words, checked by a fragment that names the problem, and the line it points at. */
    static Stream<Arguments> malformed() {
      return Stream.of(
        Arguments.of("a DOCTYPE, so no entity can be declared", "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>", 2, "a DOCTYPE is not allowed"),
        Arguments.of("a DOCTYPE that would expand entities", "<!-- x -->\n\n<!DOCTYPE a [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><a>&b;</a>", 3, "a DOCTYPE is not allowed"),
        Arguments.of("an end tag that does not match", "<root>\n  <label>x\n</root>\n", 3, "Unexpected end tag: expected </label>"),
        Arguments.of("an element never closed", "<a>\n<b></b>", 2, "End-of-input"),
        Arguments.of("an undefined entity", "<a>&nbsp;</a>", 1, "the entity &nbsp; is not defined"),
        Arguments.of("a bare ampersand", "<a>fish & chips</a>", 1, "Invalid name start character"),
        Arguments.of("an unquoted attribute", "<a b=c/>", 1, "Expected a quote"),
        Arguments.of("a repeated attribute", "<a b=\"1\" b=\"2\"/>", 1, "Duplicate attributes \"b\""),
        Arguments.of("an unbound prefix", "<x:a/>", 1, "Unbound namespace prefix 'x'"),
        Arguments.of("two root elements", "<a/>\n<b/>", 2, "Second root element"),
        Arguments.of("text after the root", "<a/>\nstray", 2, "in epilog"),
        Arguments.of("an empty document", "<!-- nothing -->", 1, "End-of-input"),
        Arguments.of("a comment that never ends", "<a><!-- oops</a>", 1, "COMMENT"),
        Arguments.of("']]>' in text", "<a>\nx ]]> y</a>", 2, "']]>' not allowed"),
        Arguments.of("a control character", "<a>\u0001</a>", 1, "Illegal XML character"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void with_the_line_and_the_reason_on_one_line(String what, String xml, int line, String reason) {
      assertThatThrownBy(() -> parse(xml))
          .as(what)
          .isInstanceOfSatisfying(XmlTreeReader.XmlProblem.class, p -> {
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.getMessage()).contains(reason).doesNotContain("\n").doesNotContain("row,col");
          });
    }

    @Test
    void nesting_too_deep_to_be_metadata() {
      String xml = "<a>".repeat(XmlTreeReader.MAX_DEPTH + 1) + "</a>".repeat(XmlTreeReader.MAX_DEPTH + 1);
      assertThatThrownBy(() -> parse(xml)).hasMessage("elements nested deeper than 256 levels");
    }

    @Test
    void nesting_too_deep_inside_a_secret() {
      String xml = "<consumerSecret>" + "<a>".repeat(XmlTreeReader.MAX_DEPTH) + "</a>".repeat(XmlTreeReader.MAX_DEPTH)
          + "</consumerSecret>";
      assertThatThrownBy(() -> parse(xml)).hasMessage("elements nested deeper than 256 levels");
    }

    @Test
    void malformed_content_inside_a_secret_is_refused_without_quoting_it() {
      String secretPart = "s3cr3tTail";
      for (String content : List.of("abc&" + secretPart, "abc<" + secretPart, "abc&#xFFFFFF;" + secretPart,
          "<b>" + secretPart + "</c>")) {
        assertThatThrownBy(() -> parse("<a>\n" + TestSecrets.element(content) + "\n</a>"))
            .as(content)
            .isInstanceOf(XmlTreeReader.XmlProblem.class)
            .hasMessage("malformed content inside a secret element (not shown)")
            .satisfies(e -> assertThat(((XmlTreeReader.XmlProblem) e).line()).isEqualTo(2));
      }
    }

    @Test
    void malformed_content_inside_a_secret_is_refused_too() {
      assertThatThrownBy(() -> parse("<a>" + TestSecrets.element("x & y") + "</a>"))
          .isInstanceOf(XmlTreeReader.XmlProblem.class);
    }

    @Test
    void bytes_that_are_not_utf_8() {
      assertThatThrownBy(() -> XmlTreeReader.parse(new ByteArrayInputStream(new byte[] {'<', 'a', '>', (byte) 0xC3,
          '<', '/', 'a', '>'}))).isInstanceOf(XmlTreeReader.XmlProblem.class).hasMessageContaining("UTF-8");
    }
  }
}
