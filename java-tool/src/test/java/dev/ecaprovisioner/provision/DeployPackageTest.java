package dev.ecaprovisioner.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.eca.MetadataField;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DeployPackageTest {
  @Test
  void a_deploy_never_carries_the_consumer_key_or_a_request_to_rotate_it() throws IOException {
    String key = "KEY-" + UUID.randomUUID();
    EcaComponent global = new EcaComponent(EcaType.GLOBAL_OAUTH_SETTINGS, "App_glbloauth", "App", "org:dev", List.of(
        MetadataField.simple("callbackUrl", "https://global.consent.azure-apim.net/redirect/a", 0),
        MetadataField.simple("consumerKey", key, 0),
        MetadataField.simple("externalClientApplication", "App", 0),
        MetadataField.simple("shouldRotateConsumerKey", "true", 0),
        MetadataField.simple("shouldRotateConsumerSecret", "true", 0)));

    Map<String, String> entries = unzip(DeployPackage.zip(List.of(global), "65.0"));

    assertThat(entries.keySet()).containsExactly("extlClntAppGlobalOauthSets/App_glbloauth.ecaGlblOauth",
        "package.xml");
    assertThat(entries.get("extlClntAppGlobalOauthSets/App_glbloauth.ecaGlblOauth"))
        .contains("<callbackUrl>https://global.consent.azure-apim.net/redirect/a</callbackUrl>")
        .doesNotContain(key, "consumerKey", "shouldRotate");
    assertThat(entries.get("package.xml")).contains("<members>App_glbloauth</members>")
        .contains("<name>ExtlClntAppGlobalOauthSettings</name>").contains("<version>65.0</version>");
  }

  static Map<String, String> unzip(byte[] zip) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return entries;
  }
}
