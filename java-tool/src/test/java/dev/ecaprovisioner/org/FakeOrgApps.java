package dev.ecaprovisioner.org;

import dev.ecaprovisioner.eca.EcaType;
import java.util.UUID;

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
        <consumerSecret>%s</consumerSecret>\
        <externalClientApplication>%s</externalClientApplication>\
        <isClientCredentialsFlowEnabled>false</isClientCredentialsFlowEnabled>\
        <isConsumerSecretOptional>false</isConsumerSecretOptional>\
        <isNamedUserJwtEnabled>true</isNamedUserJwtEnabled>\
        <isPkceRequired>false</isPkceRequired>\
        <isRefreshTokenRotationEnabled>false</isRefreshTokenRotationEnabled>\
        <isSecretRequiredForRefreshToken>false</isSecretRequiredForRefreshToken>\
        <label>%s_glbloauth</label>""".formatted(secretFor(name), name, name));
    fake.put(EcaType.OAUTH_POLICIES, name + "_oauthPlcy", """
        <commaSeparatedPermissionSet>MCP_Users</commaSeparatedPermissionSet>\
        <externalClientApplication>%s</externalClientApplication>\
        <ipRelaxationPolicyType>Enforce_RelaxRefresh</ipRelaxationPolicyType>\
        <label>%s_oauthPlcy</label>\
        <namedUserJwtSessionTimeoutType>Custom</namedUserJwtSessionTimeoutType>\
        <namedUserJwtTimeout>60</namedUserJwtTimeout>\
        <permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>\
        <refreshTokenPolicyType>SpecificLifetime</refreshTokenPolicyType>\
        <refreshTokenValidityPeriod>90</refreshTokenValidityPeriod>\
        <refreshTokenValidityUnit>Days</refreshTokenValidityUnit>""".formatted(name, name));
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
        <consumerSecret>%s</consumerSecret>\
        <externalClientApplication>%s</externalClientApplication>\
        <isNamedUserJwtEnabled>true</isNamedUserJwtEnabled>\
        <isPkceRequired>false</isPkceRequired>\
        <label>%s_glbloauth</label>""".formatted(secretFor(name), name, name));
    fake.put(EcaType.OAUTH_POLICIES, name + "_oauthPlcy", """
        <externalClientApplication>%s</externalClientApplication>\
        <ipRelaxationPolicyType>Enforce_RelaxRefresh</ipRelaxationPolicyType>\
        <label>%s_oauthPlcy</label>\
        <permittedUsersPolicyType>AllSelfAuthorized</permittedUsersPolicyType>\
        <refreshTokenPolicyType>Infinite</refreshTokenPolicyType>""".formatted(name, name));
  }

  /** A made-up secret that marks its app, so a test can search every output for it. */
  public static String secretFor(String app) {
    return "SECRET-" + app + "-" + UUID.nameUUIDFromBytes(app.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
