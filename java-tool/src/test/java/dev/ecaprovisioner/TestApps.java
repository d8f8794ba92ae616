package dev.ecaprovisioner;

import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.eca.MetadataField;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds apps in memory for rule tests: start from a configuration that suits Copilot Studio, then change fields. */
public final class TestApps {
  private final String name;
  private final String origin;
  private final Map<EcaType, Map<String, String>> fields = new EnumMap<>(EcaType.class);

  private TestApps(String name, String origin) {
    this.name = name;
    this.origin = origin;
  }

  /** An app with no components at all. */
  public static TestApps empty(String name) {
    return new TestApps(name, "src");
  }

  /** The shipped template's settings: what Copilot Studio needs, with every compensating control in place. */
  public static TestApps copilotReady(String name) {
    return empty(name)
        .set(EcaType.EXTERNAL_CLIENT_APPLICATION, "label", name)
        .set(EcaType.EXTERNAL_CLIENT_APPLICATION, "distributionState", "Local")
        .set(EcaType.OAUTH_SETTINGS, "commaSeparatedOauthScopes", "Api, RefreshToken, MCP")
        .set(EcaType.OAUTH_SETTINGS, "trustedIpRanges", null)
        .set(EcaType.GLOBAL_OAUTH_SETTINGS, "callbackUrl", "https://global.consent.azure-apim.net/redirect/c1")
        .set(EcaType.GLOBAL_OAUTH_SETTINGS, "isPkceRequired", "false")
        .set(EcaType.GLOBAL_OAUTH_SETTINGS, "isSecretRequiredForRefreshToken", "false")
        .set(EcaType.GLOBAL_OAUTH_SETTINGS, "isRefreshTokenRotationEnabled", "false")
        .set(EcaType.GLOBAL_OAUTH_SETTINGS, "isNamedUserJwtEnabled", "true")
        .set(EcaType.OAUTH_POLICIES, "refreshTokenPolicyType", "Infinite")
        .set(EcaType.OAUTH_POLICIES, "ipRelaxationPolicyType", "Bypass")
        .set(EcaType.OAUTH_POLICIES, "permittedUsersPolicyType", "AdminApprovedPreAuthorized")
        .set(EcaType.OAUTH_POLICIES, "commaSeparatedPermissionSet", "MCP_Users")
        .set(EcaType.OAUTH_POLICIES, "namedUserJwtSessionTimeoutType", "Custom")
        .set(EcaType.OAUTH_POLICIES, "namedUserJwtTimeout", "120")
        .set(EcaType.PLUGIN_POLICIES, "isEnabled", "true")
        .set(EcaType.PLUGIN_POLICIES, "isOauthPluginEnabled", "true");
  }

  /**
   * Sets a field; {@code trustedIpRanges} with a null value adds one IP range. A null value for any other field
   * only makes sure the component exists.
   */
  public TestApps set(EcaType type, String field, String value) {
    Map<String, String> values = fields.computeIfAbsent(type, t -> new LinkedHashMap<>());
    if (field != null && (value != null || field.equals("trustedIpRanges"))) {
      values.put(field, value);
    }
    return this;
  }

  public TestApps remove(EcaType type, String field) {
    fields.getOrDefault(type, new LinkedHashMap<>()).remove(field);
    return this;
  }

  public TestApps without(EcaType type) {
    fields.remove(type);
    return this;
  }

  /** Builds the app; each field sits on its own line, starting at line 3 as in a source file. */
  public EcaApp build() {
    Map<EcaType, EcaComponent> components = new EnumMap<>(EcaType.class);
    fields.forEach((type, values) -> {
      List<MetadataField> list = new ArrayList<>();
      int line = 3;
      if (type != EcaType.EXTERNAL_CLIENT_APPLICATION) {
        list.add(MetadataField.simple("externalClientApplication", name, line++));
      }
      for (Map.Entry<String, String> e : values.entrySet()) {
        if (e.getKey().equals("trustedIpRanges")) {
          list.add(new MetadataField("trustedIpRanges", null, line++, List.of(
              MetadataField.simple("startIpAddress", "20.0.0.1", line++),
              MetadataField.simple("endIpAddress", "20.0.0.9", line++))));
        } else {
          list.add(MetadataField.simple(e.getKey(), e.getValue(), line++));
        }
      }
      String where = origin.startsWith("org:") ? origin : origin + "/" + name + type.suffix();
      components.put(type, new EcaComponent(type, name, name, where, list));
    });
    return new EcaApp(name, components);
  }

  /** The same app as read from an org (no files). */
  public TestApps fromOrg(String alias) {
    TestApps copy = new TestApps(name, "org:" + alias);
    fields.forEach((t, v) -> copy.fields.put(t, new LinkedHashMap<>(v)));
    return copy;
  }
}
