package dev.ecaprovisioner.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.TestApps;
import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.eca.EcaType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BackupTest {
  @TempDir
  Path dir;

  final EcaApp app = TestApps.copilotReady("My_App").fromOrg("dev").build();
  final Instant now = Instant.parse("2026-01-05T10:00:00Z");

  @Nested
  class Writing {
    @Test
    void reads_back_the_app_it_wrote() {
      Path folder = Backup.write(dir, "dev", app, "65.0", now);

      EcaApp read = Backup.read(folder);

      assertThat(read.name()).isEqualTo("My_App");
      assertThat(read.components().keySet()).containsExactlyElementsOf(app.components().keySet());
      assertThat(read.component(EcaType.OAUTH_POLICIES).flatMap(c -> c.value("commaSeparatedPermissionSet")))
          .contains("MCP_Users");
    }

    @Test
    void a_second_backup_in_the_same_second_gets_its_own_folder_and_no_partial_one_is_left() throws IOException {
      Path first = Backup.write(dir, "dev", app, "65.0", now);
      Path second = Backup.write(dir, "dev", app, "65.0", now);

      assertThat(second).isNotEqualTo(first);
      assertThat(second.getFileName().toString()).isEqualTo("20260105T100000Z-2");
      assertThat(Backup.list(dir, "dev", "My_App")).containsExactly(first, second);
      try (var names = Files.list(first.getParent())) {
        assertThat(names.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
      }
    }

    @Test
    void an_alias_or_app_name_never_climbs_out_of_the_backup_folder() {
      Path folder = Backup.write(dir, "../../etc", app, "65.0", now);

      assertThat(folder.normalize()).startsWith(dir.resolve(Backup.ROOT));
    }
  }

  @Nested
  class Reading_a_folder_that_is_not_a_backup {
    @Test
    void no_such_folder() {
      assertThatThrownBy(() -> Backup.read(dir.resolve("gone"))).isInstanceOf(BadInputException.class)
          .hasMessage(dir.resolve("gone") + ": not a backup folder: no such directory");
    }

    @Test
    void no_manifest() throws IOException {
      Path folder = Backup.write(dir, "dev", app, "65.0", now);
      Files.delete(folder.resolve("package.xml"));

      assertThatThrownBy(() -> Backup.read(folder)).isInstanceOf(BadInputException.class)
          .hasMessage(folder + ": not a backup folder: it has no package.xml");
    }

    @Test
    void a_manifest_naming_a_component_the_folder_lacks() throws IOException {
      Path folder = Backup.write(dir, "dev", app, "65.0", now);
      Files.delete(folder.resolve("extlClntAppPolicies/My_App.ecaPlcy-meta.xml"));

      assertThatThrownBy(() -> Backup.read(folder)).isInstanceOf(BadInputException.class)
          .hasMessage(folder.resolve("package.xml") + ": names ExtlClntAppConfigurablePolicies:My_App, which the "
              + "folder lacks");
    }

    @Test
    void a_manifest_naming_another_type() throws IOException {
      Path folder = Backup.write(dir, "dev", app, "65.0", now);
      Files.writeString(folder.resolve("package.xml"), Files.readString(folder.resolve("package.xml"))
          .replace("<name>ExtlClntAppConfigurablePolicies</name>", "<name>ApexClass</name>"));

      assertThatThrownBy(() -> Backup.read(folder)).isInstanceOf(BadInputException.class)
          .hasMessageContaining("names the type 'ApexClass', which is not one of the five External Client App types");
    }

    @Test
    void a_folder_of_no_app() throws IOException {
      Path folder = Files.createDirectories(dir.resolve("empty"));
      Files.writeString(folder.resolve("package.xml"), DeployPackage.manifest(java.util.List.of(), "65.0"));

      assertThatThrownBy(() -> Backup.read(folder)).isInstanceOf(BadInputException.class)
          .hasMessage(folder + ": not a backup folder: it holds no External Client App, where a backup holds one");
    }
  }
}
