package dev.ecaprovisioner.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SarifUriTest {
  @Test
  void a_relative_path_keeps_its_slashes_and_encodes_everything_a_uri_would_read() {
    assertThat(SarifRenderer.relativeUri("force-app/main/A_b.eca-meta.xml"))
        .isEqualTo("force-app/main/A_b.eca-meta.xml");
    assertThat(SarifRenderer.relativeUri("my dir/a#b?c%d.xml")).isEqualTo("my%20dir/a%23b%3Fc%25d.xml");
    assertThat(SarifRenderer.relativeUri("dir\\caf\u00e9.xml")).isEqualTo("dir/caf%C3%A9.xml");
  }
}
