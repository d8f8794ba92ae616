package dev.ecaprovisioner.org;

import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.testing.TestSecrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Puts whole External Client Apps (all five components) into a {@link FakeMetadataApi}. */
public final class FakeOrgApps {
  private FakeOrgApps() {}

  /**
   * An app set up the way Copilot Studio needs it, its child components named {@code NAME_oauth} and so on as the
   * Setup UI names them. The global settings carry a consumer secret made up at run time, which a reader must drop.
   */
  public static void addCopilotReadyApp(FakeMetadataApi fake, String name) {
    fake.put(EcaType.EXTERNAL_CLIENT_APPLICATION, name, """
        <contactEmail>admin@example.com</contactEmail>\
        <description>MCP access for Copilot Studio</description>\
        <distributionState>Local</distributionState>\
        <isProtected>false</isProtected>\
        <label>%s</label>""".formatted(name));
    fake.put(EcaType.OAUTH_SETTINGS, name + "_oauth", """
        <commaSeparatedOauthScopes>Api, RefreshToken, MCP</commaSeparatedOauthScopes>\
        <externalClientApplication>%s</externalClientApplication>\
        <label>%s_oauth</label>""".formatted(name, name));
    fake.put(EcaType.GLOBAL_OAUTH_SETTINGS, name + "_glbloauth", """
        <callbackUrl>https://global.consent.azure-apim.net/redirect/salesforce-mcp</callbackUrl>\
        %s\
        <externalClientApplication>%s</externalClientApplication>\
        <isClientCredentialsFlowEnabled>false</isClientCredentialsFlowEnabled>\
        <isConsumerSecretOptional>false</isConsumerSecretOptional>\
        <isNamedUserJwtEnabled>true</isNamedUserJwtEnabled>\
        <isPkceRequired>false</isPkceRequired>\
        <isRefreshTokenRotationEnabled>false</isRefreshTokenRotationEnabled>\
        <isSecretRequiredForRefreshToken>false</isSecretRequiredForRefreshToken>\
        <label>%s_glbloauth</label>""".formatted(TestSecrets.element(secretFor(name)), name, name));
    fake.put(EcaType.OAUTH_POLICIES, name + "_oauthPlcy", """
        <commaSeparatedPermissionSet>MCP_Users</commaSeparatedPermissionSet>\
        <externalClientApplication>%s</externalClientApplication>\
        <ipRelaxationPolicyType>Bypass</ipRelaxationPolicyType>\
        <label>%s_oauthPlcy</label>\
        <namedUserJwtSessionTimeoutType>Custom</namedUserJwtSessionTimeoutType>\
        <namedUserJwtTimeout>60</namedUserJwtTimeout>\
        <permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>\
        <refreshTokenPolicyType>Infinite</refreshTokenPolicyType>""".formatted(name, name));
    fake.put(EcaType.PLUGIN_POLICIES, name + "_plcy", """
        <externalClientApplication>%s</externalClientApplication>\
        <isEnabled>true</isEnabled>\
        <isOauthPluginEnabled>true</isOauthPluginEnabled>\
        <label>%s_plcy</label>""".formatted(name, name));
  }

  /** The seed scenario of a failing Copilot Studio integration: PKCE off but refresh policy Infinite, JWT on. */
  public static void addSeedScenarioApp(FakeMetadataApi fake, String name) {
    addCopilotReadyApp(fake, name);
    fake.put(EcaType.OAUTH_SETTINGS, name + "_oauth", """
        <commaSeparatedOauthScopes>Api, RefreshToken, OpenID, SFApiPlatform, MCP</commaSeparatedOauthScopes>\
        <externalClientApplication>%s</externalClientApplication>\
        <label>%s_oauth</label>""".formatted(name, name));
    fake.put(EcaType.GLOBAL_OAUTH_SETTINGS, name + "_glbloauth", """
        <callbackUrl>https://global.consent.azure-apim.net/redirect/salesforce-mcp</callbackUrl>\
        %s\
        <externalClientApplication>%s</externalClientApplication>\
        <isNamedUserJwtEnabled>true</isNamedUserJwtEnabled>\
        <isPkceRequired>false</isPkceRequired>\
        <label>%s_glbloauth</label>""".formatted(TestSecrets.element(secretFor(name)), name, name));
    fake.put(EcaType.OAUTH_POLICIES, name + "_oauthPlcy", """
        <externalClientApplication>%s</externalClientApplication>\
        <ipRelaxationPolicyType>Enforce_RelaxRefresh</ipRelaxationPolicyType>\
        <label>%s_oauthPlcy</label>\
        <permittedUsersPolicyType>AllSelfAuthorized</permittedUsersPolicyType>\
        <refreshTokenPolicyType>Infinite</refreshTokenPolicyType>""".formatted(name, name));
  }

  /**
   * Puts every ECA source file under {@code sourceDir} into the fake as the org would hold it: the same fields, the
   * file name without suffix as the full name.
   */
  public static void addSourceTree(FakeMetadataApi fake, Path sourceDir) throws IOException {
    try (Stream<Path> files = Files.walk(sourceDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String fileName = file.getFileName().toString();
        Optional<EcaType> type = EcaType.bySuffix(fileName);
        if (type.isEmpty()) {
          continue;
        }
        String xml = Files.readString(file);
        Matcher root = Pattern.compile("<" + type.get().apiName() + "[^>]*>(.*)</" + type.get().apiName() + ">",
            Pattern.DOTALL).matcher(xml);
        if (!root.find()) {
          throw new IllegalArgumentException(file + " has no <" + type.get().apiName() + "> root");
        }
        String name = fileName.substring(0, fileName.length() - type.get().suffix().length());
        fake.put(type.get(), name, root.group(1));
      }
    }
  }

  /** A made-up secret that marks its app, so a test can search every output for it. */
  public static String secretFor(String app) {
    return "SECRET-" + app + "-" + UUID.nameUUIDFromBytes(app.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
