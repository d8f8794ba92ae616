package dev.ecaprovisioner.provision;

import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.eca.MetadataField;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The starting point of {@code provision --create}: all five components of a local app, named as Setup names them
 * ({@code NAME}, {@code NAME_oauth}, {@code NAME_glbloauth}, {@code NAME_oauthPlcy}, {@code NAME_plcy}), holding only
 * what no profile decides. The profiles' rules then shape it like any other app, so a new app and a fixed one meet
 * the same rules the same way.
 */
public final class NewApp {
  /** Why a field of a new app has its value, as the plan names it. */
  public static final String REASON = "new app";

  private NewApp() {}

  /**
   * The five components, empty of any setting a profile decides.
   *
   * @param contactEmail the header's required contact email
   */
  public static EcaApp base(String name, String contactEmail) {
    Map<EcaType, EcaComponent> components = new EnumMap<>(EcaType.class);
    components.put(EcaType.EXTERNAL_CLIENT_APPLICATION, component(EcaType.EXTERNAL_CLIENT_APPLICATION, name, name,
        fields("contactEmail", contactEmail, "distributionState", "Local", "isProtected", "false", "label", name)));
    components.put(EcaType.OAUTH_SETTINGS, component(EcaType.OAUTH_SETTINGS, name + "_oauth", name,
        fields("commaSeparatedOauthScopes", "Api, RefreshToken", "externalClientApplication", name,
            "label", name + "_oauth")));
    components.put(EcaType.GLOBAL_OAUTH_SETTINGS, component(EcaType.GLOBAL_OAUTH_SETTINGS, name + "_glbloauth", name,
        fields("externalClientApplication", name, "isConsumerSecretOptional", "false",
            "isClientCredentialsFlowEnabled", "false", "label", name + "_glbloauth")));
    components.put(EcaType.OAUTH_POLICIES, component(EcaType.OAUTH_POLICIES, name + "_oauthPlcy", name,
        fields("externalClientApplication", name, "ipRelaxationPolicyType", "Enforce", "label", name + "_oauthPlcy",
            "permittedUsersPolicyType", "AllSelfAuthorized", "refreshTokenPolicyType", "Infinite")));
    components.put(EcaType.PLUGIN_POLICIES, component(EcaType.PLUGIN_POLICIES, name + "_plcy", name,
        fields("externalClientApplication", name, "isEnabled", "true", "isOauthPluginEnabled", "true",
            "label", name + "_plcy")));
    return new EcaApp(name, components);
  }

  private static EcaComponent component(EcaType type, String fullName, String app, List<MetadataField> fields) {
    return new EcaComponent(type, fullName, app, "new:" + type.apiName() + "/" + fullName, fields);
  }

  private static List<MetadataField> fields(String... namesAndValues) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      values.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    List<MetadataField> fields = new ArrayList<>();
    values.forEach((k, v) -> fields.add(MetadataField.simple(k, v, 0)));
    return fields;
  }
}
