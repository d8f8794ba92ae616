package dev.ecaprovisioner.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.eca.EcaType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SourceTreeReaderTest {
  /** The repository's root, where the shipped template lives. */
  static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

  @TempDir
  Path dir;

  private Path write(String relative, String text) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private static String component(String root, String app, String body) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + root + " xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n"
        + (app == null ? "" : "    <externalClientApplication>" + app + "</externalClientApplication>\n") + body
        + "</" + root + ">\n";
  }

  @Nested
  class The_shipped_template {
    @Test
    void lists_force_app_as_its_package_directory() {
      assertThat(SourceTreeReader.packageDirectories(PROJECT)).containsExactly(PROJECT.resolve("force-app"));
    }

    @Test
    void has_all_five_components_of_one_app_and_no_consumer_key_or_secret() {
      List<EcaApp> apps = SourceTreeReader.read(SourceTreeReader.packageDirectories(PROJECT));
      assertThat(apps).singleElement().satisfies(app -> {
        assertThat(app.name()).isEqualTo("Copilot_Studio_MCP");
        assertThat(app.components()).containsOnlyKeys(EcaType.values());
        var global = app.component(EcaType.GLOBAL_OAUTH_SETTINGS).orElseThrow();
        assertThat(global.field("consumerKey")).isEmpty();
        assertThat(global.field("consumerSecret")).isEmpty();
        assertThat(global.value("callbackUrl")).hasValue("https://global.consent.azure-apim.net/redirect");
      });
    }
  }

  @Test
  void joins_components_by_app_and_keeps_an_orphan_as_an_app_without_header() throws IOException {
    write("src/a/A.eca-meta.xml", component("ExternalClientApplication", null, "    <label>A</label>\n"));
    write("src/a/A_plcy.ecaPlcy-meta.xml", component("ExtlClntAppConfigurablePolicies", "A",
        "    <isEnabled>true</isEnabled>\n"));
    write("src/b/B_plcy.ecaPlcy-meta.xml", component("ExtlClntAppConfigurablePolicies", "B", ""));
    write("src/readme.txt", "not metadata");
    List<EcaApp> apps = SourceTreeReader.read(List.of(dir.resolve("src")));
    assertThat(apps).extracting(EcaApp::name).containsExactly("A", "B");
    assertThat(apps.get(0).components()).containsOnlyKeys(EcaType.EXTERNAL_CLIENT_APPLICATION,
        EcaType.PLUGIN_POLICIES);
    assertThat(apps.get(1).components()).containsOnlyKeys(EcaType.PLUGIN_POLICIES);
  }

  @Test
  void a_source_directory_given_as_a_link_is_followed_and_its_files_named_under_the_link() throws IOException {
    write("real/A.eca-meta.xml", component("ExternalClientApplication", null, "    <label>A</label>\n"));
    Path link = Files.createSymbolicLink(dir.resolve("linked"), dir.resolve("real"));
    List<EcaApp> apps = SourceTreeReader.read(List.of(link));
    assertThat(apps).extracting(EcaApp::name).containsExactly("A");
    assertThat(apps.get(0).component(EcaType.EXTERNAL_CLIENT_APPLICATION).orElseThrow().origin())
        .isEqualTo(link.resolve("A.eca-meta.xml").toString());
  }

  @Test
  void a_directory_named_twice_is_read_once() throws IOException {
    write("src/A.eca-meta.xml", component("ExternalClientApplication", null, "    <label>A</label>\n"));
    assertThat(SourceTreeReader.read(List.of(dir.resolve("src"), dir.resolve("src/../src"))))
        .extracting(EcaApp::name).containsExactly("A");
  }

  @Nested
  class Bad_input {
    @Test
    void a_component_that_does_not_name_its_app() throws IOException {
      Path file = write("src/X_plcy.ecaPlcy-meta.xml", component("ExtlClntAppConfigurablePolicies", null, ""));
      assertThatThrownBy(() -> SourceTreeReader.read(List.of(dir.resolve("src"))))
          .isInstanceOf(BadInputException.class)
          .hasMessage(file + ": has no <externalClientApplication>, which names the app it belongs to");
    }

    @Test
    void two_components_of_one_type_for_one_app() throws IOException {
      Path first = write("src/A_1.ecaPlcy-meta.xml", component("ExtlClntAppConfigurablePolicies", "A", ""));
      Path second = write("src/A_2.ecaPlcy-meta.xml", component("ExtlClntAppConfigurablePolicies", "A", ""));
      assertThatThrownBy(() -> SourceTreeReader.read(List.of(dir.resolve("src"))))
          .hasMessage(second + ": a second ExtlClntAppConfigurablePolicies for the app 'A'; the first is " + first);
    }

    @Test
    void the_first_bad_file_in_path_order_is_reported() throws IOException {
      write("src/b/B.eca-meta.xml", "<broken");
      Path first = write("src/a/A.eca-meta.xml", "<also broken");
      assertThatThrownBy(() -> SourceTreeReader.read(List.of(dir.resolve("src"))))
          .hasMessageStartingWith(first + ":1: malformed XML");
    }

    @Test
    void a_missing_directory() {
      assertThatThrownBy(() -> SourceTreeReader.read(List.of(dir.resolve("nope"))))
          .hasMessage(dir.resolve("nope") + ": no such directory");
    }

    @Test
    void a_project_without_sfdx_project_json() {
      assertThatThrownBy(() -> SourceTreeReader.packageDirectories(dir))
          .hasMessage(dir.resolve("sfdx-project.json")
              + ": not found: run in an sfdx project or name directories with --source");
    }

    @Test
    void a_malformed_sfdx_project_json_at_its_line() throws IOException {
      Path file = write("sfdx-project.json", "{\n  \"packageDirectories\": [\n    {\"path\": }\n  ]\n}\n");
      assertThatThrownBy(() -> SourceTreeReader.packageDirectories(dir))
          .hasMessageStartingWith(file + ":3: malformed JSON");
    }
  }
}
