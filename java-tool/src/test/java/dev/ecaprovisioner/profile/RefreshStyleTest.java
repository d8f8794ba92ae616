package dev.ecaprovisioner.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecaprovisioner.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RefreshStyleTest {
  @TempDir
  Path dir;

  private Profile loadWith(String refreshBlock) throws IOException {
    Path file = dir.resolve("client.yaml");
    Files.writeString(file, "name: client\n" + refreshBlock + "rules: []\n");
    List<Profile> loaded = new ProfileLoader(dir).load(List.of("client.yaml"));
    return loaded.get(loaded.size() - 1);
  }

  @Test
  void every_shipped_client_profile_says_how_its_client_refreshes() {
    for (String client : List.of("copilot-studio", "claude", "chatgpt", "cursor")) {
      List<Profile> loaded = new ProfileLoader(dir).load(List.of(client));
      RefreshStyle style = loaded.get(loaded.size() - 1).refresh();
      assertThat(style).as(client).isNotNull();
      assertThat(style.reason()).isNotBlank();
      assertThat(style.source()).isNotBlank();
    }
    List<Profile> copilot = new ProfileLoader(dir).load(List.of("copilot-studio"));
    assertThat(copilot.get(copilot.size() - 1).refresh().clientSecret()).isEqualTo(RefreshStyle.ClientSecret.NONE);
    assertThat(copilot.get(copilot.size() - 1).refresh().keepsRotatedRefreshToken()).isFalse();
  }

  @Test
  void reads_the_block_and_leaves_it_null_when_absent() throws IOException {
    Profile profile = loadWith("""
        refresh:
          clientSecret: basic
          keepsRotatedRefreshToken: true
          reason: it says so
          source: a vendor page
        """);
    assertThat(profile.refresh()).isEqualTo(new RefreshStyle(RefreshStyle.ClientSecret.BASIC, true, "it says so",
        "a vendor page"));
    assertThat(loadWith("").refresh()).isNull();
  }

  @Test
  void refuses_an_unknown_placement_with_its_line() {
    assertThatThrownBy(() -> loadWith("""
        refresh:
          clientSecret: header
          keepsRotatedRefreshToken: true
          reason: r
          source: s
        """)).isInstanceOf(BadInputException.class)
        .hasMessageEndingWith("client.yaml:3: 'clientSecret' must be none, body or basic, not 'header'");
  }

  @Test
  void refuses_an_unknown_key_and_a_missing_source() {
    assertThatThrownBy(() -> loadWith("""
        refresh:
          clientSecret: none
          keepsRotatedRefreshToken: maybe
          reason: r
          source: s
        """)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("'keepsRotatedRefreshToken' must be true or false");
    assertThatThrownBy(() -> loadWith("""
        refresh:
          clientSecret: none
          keepsRotatedRefreshToken: true
          reason: r
          secret: s
        """)).isInstanceOf(BadInputException.class).hasMessageContaining("unknown key 'secret' in 'refresh'");
  }
}
