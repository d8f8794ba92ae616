package dev.ecaprovisioner.schema;

import static dev.ecaprovisioner.eca.EcaType.EXTERNAL_CLIENT_APPLICATION;
import static dev.ecaprovisioner.eca.EcaType.GLOBAL_OAUTH_SETTINGS;
import static dev.ecaprovisioner.eca.EcaType.OAUTH_POLICIES;
import static dev.ecaprovisioner.eca.EcaType.OAUTH_SETTINGS;
import static dev.ecaprovisioner.eca.EcaType.PLUGIN_POLICIES;
import static dev.ecaprovisioner.schema.FieldKind.BOOLEAN;
import static dev.ecaprovisioner.schema.FieldKind.COMPLEX;
import static dev.ecaprovisioner.schema.FieldKind.ENUM;
import static dev.ecaprovisioner.schema.FieldKind.INTEGER;
import static dev.ecaprovisioner.schema.FieldKind.SCOPE_LIST;
import static dev.ecaprovisioner.schema.FieldKind.STRING;

import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.eca.MetadataField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of the five ECA metadata types as the Metadata API reference (API 59 to 66) documents them: kind, allowed
 * values, default, first API version and Setup label. Files are checked against it (an unknown enum value is bad
 * input), and profiles are checked against it (a rule may only name a field that exists).
 */
public final class EcaSchema {
  private static final Map<EcaType, Map<String, FieldSpec>> FIELDS = new EnumMap<>(EcaType.class);
  private static final Map<String, OauthScope> SCOPES = new LinkedHashMap<>();

  static {
    // ExternalClientApplication: the app's header.
    string(EXTERNAL_CLIENT_APPLICATION, "label", "59.0", "External Client App Name");
    string(EXTERNAL_CLIENT_APPLICATION, "contactEmail", "59.0", "Contact Email");
    string(EXTERNAL_CLIENT_APPLICATION, "contactPhone", "59.0", "Contact Phone");
    string(EXTERNAL_CLIENT_APPLICATION, "description", "59.0", "Description");
    enumeration(EXTERNAL_CLIENT_APPLICATION, "distributionState", "59.0", "Distribution State", "Local",
        "Local", "Packaged", "Managed", "AutoInstalled");
    string(EXTERNAL_CLIENT_APPLICATION, "iconUrl", "59.0", "Icon URL");
    string(EXTERNAL_CLIENT_APPLICATION, "infoUrl", "59.0", "Info URL");
    bool(EXTERNAL_CLIENT_APPLICATION, "isProtected", "59.0", null, "false");
    string(EXTERNAL_CLIENT_APPLICATION, "logoUrl", "59.0", "Logo Image URL");
    enumeration(EXTERNAL_CLIENT_APPLICATION, "managedType", "59.0", null, null, "Local", "Global");
    string(EXTERNAL_CLIENT_APPLICATION, "orgScopedExternalApp", "59.0", null);

    // ExtlClntAppOauthSettings: the developer's packageable OAuth settings.
    link(OAUTH_SETTINGS);
    string(OAUTH_SETTINGS, "label", "59.0", null);
    spec(OAUTH_SETTINGS, "commaSeparatedOauthScopes", SCOPE_LIST, "59.0", "Selected OAuth Scopes", null);
    string(OAUTH_SETTINGS, "commaSeparatedCustomScopes", "61.0", "Custom Scopes");
    spec(OAUTH_SETTINGS, "trustedIpRanges", COMPLEX, "59.0", "Trusted IP Range for OAuth Web Server Flow", null);
    spec(OAUTH_SETTINGS, "customAttributes", COMPLEX, "59.0", "Custom Attributes", null);
    string(OAUTH_SETTINGS, "singleLogoutUrl", "59.0", "Single Logout URL");
    bool(OAUTH_SETTINGS, "isFirstPartyAppEnabled", "59.0", null, "false");
    string(OAUTH_SETTINGS, "oauthLink", "60.0", null);
    bool(OAUTH_SETTINGS, "areAttributesIncludedInAssetToken", "60.0", null, "false");
    bool(OAUTH_SETTINGS, "areCustomPermsIncludedInAssetToken", "60.0", null, "false");
    string(OAUTH_SETTINGS, "assetTokenAudiences", "60.0", null);
    string(OAUTH_SETTINGS, "assetTokenSigningCertificate", "60.0", null);
    spec(OAUTH_SETTINGS, "assetTokenValidity", INTEGER, "60.0", null, null);
    string(OAUTH_SETTINGS, "clientAssertionCertificate", "60.0", null);

    // ExtlClntAppGlobalOauthSettings: the org-specific settings that also hold the consumer key and secret.
    link(GLOBAL_OAUTH_SETTINGS);
    string(GLOBAL_OAUTH_SETTINGS, "label", "59.0", null);
    string(GLOBAL_OAUTH_SETTINGS, "callbackUrl", "59.0", "Callback URL");
    string(GLOBAL_OAUTH_SETTINGS, "certificate", "60.0", "Use Digital Signatures");
    string(GLOBAL_OAUTH_SETTINGS, "consumerKey", "59.0", "Consumer Key");
    string(GLOBAL_OAUTH_SETTINGS, "consumerSecret", "59.0", "Consumer Secret");
    spec(GLOBAL_OAUTH_SETTINGS, "idTokenConfig", COMPLEX, "59.0", "Configure ID Token", null);
    bool(GLOBAL_OAUTH_SETTINGS, "isPkceRequired", "59.0",
        "Require Proof Key for Code Exchange (PKCE)", "true");
    bool(GLOBAL_OAUTH_SETTINGS, "isSecretRequiredForRefreshToken", "59.0",
        "Require secret for Refresh Token Flow", "true");
    bool(GLOBAL_OAUTH_SETTINGS, "isConsumerSecretOptional", "59.0",
        "Require secret for Web Server Flow (off when this is true)", "false");
    bool(GLOBAL_OAUTH_SETTINGS, "isIntrospectAllTokens", "59.0", "Introspect All Tokens", "false");
    bool(GLOBAL_OAUTH_SETTINGS, "isRefreshTokenRotationEnabled", "60.0", "Enable Refresh Token Rotation", "false");
    bool(GLOBAL_OAUTH_SETTINGS, "isClientCredentialsFlowEnabled", "60.0", "Enable Client Credentials Flow", "false");
    bool(GLOBAL_OAUTH_SETTINGS, "isCodeCredFlowEnabled", "60.0",
        "Enable Authorization Code and Credentials Flow", "false");
    bool(GLOBAL_OAUTH_SETTINGS, "isCodeCredPostOnly", "60.0", "Require POST for Authorization Code and Credentials Flow",
        "false");
    bool(GLOBAL_OAUTH_SETTINGS, "isDeviceFlowEnabled", "60.0", "Enable for Device Flow", "false");
    bool(GLOBAL_OAUTH_SETTINGS, "isTokenExchangeEnabled", "60.0", "Enable Token Exchange Flow", "false");
    bool(GLOBAL_OAUTH_SETTINGS, "isSecretRequiredForTokenExchange", "60.0",
        "Require Secret for Token Exchange Flow", "true");
    bool(GLOBAL_OAUTH_SETTINGS, "isNamedUserJwtEnabled", "61.0",
        "Issue JSON Web Token (JWT)-based access tokens for named users", "false");
    bool(GLOBAL_OAUTH_SETTINGS, "shouldRotateConsumerKey", "59.0", null, "false");
    bool(GLOBAL_OAUTH_SETTINGS, "shouldRotateConsumerSecret", "59.0", null, "false");

    // ExtlClntAppOauthConfigurablePolicies: what the admin of the org decides.
    link(OAUTH_POLICIES);
    string(OAUTH_POLICIES, "label", "59.0", null);
    enumeration(OAUTH_POLICIES, "refreshTokenPolicyType", "59.0", "Refresh Token Policy", null,
        "Infinite", "Zero", "SpecificLifetime", "SpecificInactivity");
    spec(OAUTH_POLICIES, "refreshTokenValidityPeriod", INTEGER, "59.0", "Refresh Token Policy: expire after", null);
    enumeration(OAUTH_POLICIES, "refreshTokenValidityUnit", "59.0", "Refresh Token Policy: unit", null,
        "Hours", "Days", "Months");
    enumeration(OAUTH_POLICIES, "ipRelaxationPolicyType", "59.0", "IP Relaxation", null,
        "Enforce", "Bypass", "Bypass_2factor", "Enforce_RelaxRefresh");
    enumeration(OAUTH_POLICIES, "permittedUsersPolicyType", "59.0", "Permitted Users", null,
        "AllSelfAuthorized", "AdminApprovedPreAuthorized");
    string(OAUTH_POLICIES, "commaSeparatedPermissionSet", "59.0", "Select Permission Sets");
    string(OAUTH_POLICIES, "commaSeparatedProfile", "59.0", "Select Profiles");
    string(OAUTH_POLICIES, "commaSeparatedCustomScopes", "61.0", "Custom Scopes");
    spec(OAUTH_POLICIES, "sessionTimeoutInMinutes", INTEGER, "59.0", "Timeout Value (opaque access tokens)", null);
    bool(OAUTH_POLICIES, "isNamedUserJwtEnabled", "61.0", null, "false");
    enumeration(OAUTH_POLICIES, "namedUserJwtSessionTimeoutType", "65.0",
        "JWT-based access token timeout", null, "UserSession", "Custom");
    spec(OAUTH_POLICIES, "namedUserJwtTimeout", INTEGER, "61.0", "JWT-based access token timeout (minutes)", null,
        "1", "5", "10", "15", "30", "60", "90", "120", "240", "480", "720");
    spec(OAUTH_POLICIES, "guestJwtTimeout", INTEGER, "62.0", null, null);
    enumeration(OAUTH_POLICIES, "policyAction", "59.0", "High Assurance Session Required: action", null,
        "Block", "RaiseSessionLevel");
    enumeration(OAUTH_POLICIES, "requiredSessionLevel", "59.0", "Session Security Level", null,
        "LOW", "STANDARD", "HIGH_ASSURANCE");
    string(OAUTH_POLICIES, "startUrl", "59.0", "Start URL");
    string(OAUTH_POLICIES, "singleLogoutUrl", "59.0", "Single Logout URL");
    spec(OAUTH_POLICIES, "customAttributes", COMPLEX, "59.0", "Custom Attributes", null);
    bool(OAUTH_POLICIES, "isClientCredentialsFlowEnabled", "60.0", "Enable Client Credentials Flow", "false");
    string(OAUTH_POLICIES, "clientCredentialsFlowUser", "60.0", "Run As (client credentials flow)");
    bool(OAUTH_POLICIES, "isTokenExchangeFlowEnabled", "60.0", "Enable Token Exchange Flow", "false");
    bool(OAUTH_POLICIES, "isGuestCodeCredFlowEnabled", "62.0", null, "false");
    string(OAUTH_POLICIES, "apexHandler", "61.0", "Apex Handler");
    string(OAUTH_POLICIES, "executeHandlerAs", "61.0", "Execute Apex Handler As");

    // ExtlClntAppConfigurablePolicies: the plugin switches.
    link(PLUGIN_POLICIES);
    string(PLUGIN_POLICIES, "label", "60.0", null);
    bool(PLUGIN_POLICIES, "isEnabled", "60.0", "Enable the app (all plugins)", "true");
    bool(PLUGIN_POLICIES, "isOauthPluginEnabled", "60.0", "OAuth plugin enabled", "true");
    bool(PLUGIN_POLICIES, "isMobilePluginEnabled", "63.0", null, "true");
    bool(PLUGIN_POLICIES, "isPushPluginEnabled", "62.0", null, "true");
    bool(PLUGIN_POLICIES, "isNotificationPluginEnabled", "62.0", null, "true");
    bool(PLUGIN_POLICIES, "isCanvasPluginEnabled", "66.0", null, "true");
    enumeration(PLUGIN_POLICIES, "startPage", "60.0", "Start Page", null, "None", "Custom", "OAuth");
    string(PLUGIN_POLICIES, "startUrl", "60.0", "Start URL");

    scope("Api", "api");
    scope("RefreshToken", "refresh_token");
    scope("OpenID", "openid");
    scope("SFApiPlatform", "sfap_api");
    scope("MCP", "mcp_api");
    scope("EinsteinGPT", "einstein_gpt_api");
    scope("Web", "web");
    scope("Full", "full");
    scope("Basic", "id");
    scope("Profile", "profile");
    scope("Email", "email");
    scope("Address", "address");
    scope("Phone", "phone");
    scope("OfflineAccess", "offline_access");
    scope("CustomPermissions", "custom_permissions");
    scope("Chatter", "chatter_api");
    scope("Wave", "wave_api");
    scope("Lightning", "lightning");
    scope("Content", "content");
    scope("Chatbot", "chatbot_api");
    scope("Pardot", "pardot_api");
    scope("Eclair", "eclair_api");
    scope("Interaction", "interaction_api");
    scope("PwdlessLogin", "pwdless_login_api");
    scope("ForgotPassword", "forgot_password");
    scope("UserRegistration", "user_registration_api");
    scope("SCRT", null);
    scope("CustomApplications", null);
  }

  private EcaSchema() {}

  /** The known field of that name, if any. */
  public static Optional<FieldSpec> field(EcaType type, String name) {
    return Optional.ofNullable(FIELDS.get(type).get(name));
  }

  /** Every known field of the type, in the order the reference lists them. */
  public static List<FieldSpec> fields(EcaType type) {
    return List.copyOf(FIELDS.get(type).values());
  }

  /**
   * A scope by its metadata name ({@code RefreshToken}) or its wire name ({@code refresh_token}), ignoring case. Data
   * Cloud scopes ({@code CDP...}) are many and version-dependent: any of them is known, under its metadata name only.
   */
  public static Optional<OauthScope> scope(String name) {
    String key = name.strip().toLowerCase(Locale.ROOT);
    OauthScope known = SCOPES.get(key);
    if (known != null) {
      return Optional.of(known);
    }
    if (key.startsWith("cdp") && key.length() > 3) {
      return Optional.of(new OauthScope(name.strip(), null));
    }
    return Optional.empty();
  }

  /** Shows a scope with both names when it is known, as written otherwise. */
  public static String displayScope(String name) {
    return scope(name).map(OauthScope::display).orElse(name.strip());
  }

  /** Splits a {@code commaSeparatedOauthScopes} value into its scope names, blanks dropped. */
  public static List<String> splitScopes(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /**
   * The problems of a component against the schema, in document order: a value its field does not accept (an unknown
   * enum value, a boolean that is neither true nor false, a number that is not one), elements inside a field that holds
   * one value, and a field that holds one value given twice (any reading of it would silently pick one). Unknown
   * fields are not problems here: newer API versions add fields, and the validator reports them as findings instead.
   */
  public static List<SchemaViolation> violations(EcaComponent component) {
    List<SchemaViolation> problems = new ArrayList<>();
    Map<String, MetadataField> seen = new LinkedHashMap<>();
    for (MetadataField field : component.fields()) {
      FieldSpec spec = FIELDS.get(component.type()).get(field.name());
      if (spec == null || spec.kind() == COMPLEX) {
        continue;
      }
      MetadataField first = seen.putIfAbsent(field.name(), field);
      if (first != null) {
        problems.add(new SchemaViolation(field.name(), field.line(), "<" + field.name() + "> is given a second time "
            + "(first at line " + first.line() + "), but " + component.type().apiName() + " takes one"));
        continue;
      }
      if (field.value() == null) {
        problems.add(new SchemaViolation(field.name(), field.line(), "<" + field.name() + "> holds the element <"
            + field.children().get(0).name() + ">, but it takes " + describeOne(spec)));
        continue;
      }
      if (!spec.accepts(field.value())) {
        String allowed = spec.kind() == ENUM ? "one of " + spec.describeAllowed() : spec.describeAllowed();
        problems.add(new SchemaViolation(field.name(), field.line(),
            "<" + field.name() + "> has the value '" + field.value() + "', but " + component.type().apiName()
                + " accepts " + allowed));
      }
    }
    return Collections.unmodifiableList(problems);
  }

  private static String describeOne(FieldSpec spec) {
    return switch (spec.kind()) {
      case BOOLEAN -> "true or false";
      case ENUM -> "one of " + spec.describeAllowed();
      case INTEGER -> spec.describeAllowed();
      case STRING, SCOPE_LIST, COMPLEX -> "text";
    };
  }

  /** A field value the schema rejects, at a line of the component's file (0 when not from a file). */
  public record SchemaViolation(String field, int line, String message) {}

  private static void link(EcaType type) {
    string(type, "externalClientApplication", type.minApiVersion(), null);
  }

  private static void string(EcaType type, String name, String since, String label) {
    spec(type, name, STRING, since, label, null);
  }

  private static void bool(EcaType type, String name, String since, String label, String defaultValue) {
    spec(type, name, BOOLEAN, since, label, defaultValue);
  }

  private static void enumeration(
      EcaType type, String name, String since, String label, String defaultValue, String... values) {
    spec(type, name, ENUM, since, label, defaultValue, values);
  }

  private static void spec(
      EcaType type, String name, FieldKind kind, String since, String label, String defaultValue, String... values) {
    FIELDS.computeIfAbsent(type, t -> new LinkedHashMap<>())
        .put(name, new FieldSpec(type, name, kind, List.of(values), defaultValue, since, label));
  }

  private static void scope(String metadataName, String wireName) {
    OauthScope scope = new OauthScope(metadataName, wireName);
    SCOPES.put(metadataName.toLowerCase(Locale.ROOT), scope);
    if (wireName != null) {
      SCOPES.putIfAbsent(wireName.toLowerCase(Locale.ROOT), scope);
    }
  }
}
