package dev.ecaprovisioner.org;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SecretTest {
  /** Shaped like a refresh token: base64 with the characters a form or an XML answer escapes. */
  private final String value = "5Aep861" + "zRsq.Gm+/K&w<x>==";
  private final Secret secret = Secret.of(value);

  @Test
  void never_prints_itself() {
    assertThat(secret.toString()).doesNotContain(value).isEqualTo("Secret[redacted]");
  }

  @Test
  void is_redacted_as_it_is_url_encoded_and_xml_escaped() {
    String urlEncoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
    String xmlEscaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    String echoed = "plain " + value + " form refresh_token=" + urlEncoded + " xml <t>" + xmlEscaped + "</t>";

    String redacted = secret.redact(echoed);

    assertThat(redacted).doesNotContain(value, urlEncoded, xmlEscaped)
        .isEqualTo("plain [redacted] form refresh_token=[redacted] xml <t>[redacted]</t>");
  }
}
