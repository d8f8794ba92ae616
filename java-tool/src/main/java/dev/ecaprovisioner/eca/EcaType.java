package dev.ecaprovisioner.eca;

import java.util.Arrays;
import java.util.Optional;

/**
 * The five metadata types that make up an External Client App, with where the Salesforce CLI keeps each in a source
 * tree ({@code force-app/main/default/<directory>/<NAME><suffix>}).
 */
public enum EcaType {
  EXTERNAL_CLIENT_APPLICATION("ExternalClientApplication", "externalClientApps", ".eca-meta.xml", "59.0"),
  OAUTH_SETTINGS("ExtlClntAppOauthSettings", "extlClntAppOauthSettings", ".ecaOauth-meta.xml", "59.0"),
  GLOBAL_OAUTH_SETTINGS("ExtlClntAppGlobalOauthSettings", "extlClntAppGlobalOauthSets", ".ecaGlblOauth-meta.xml", "59.0"),
  OAUTH_POLICIES("ExtlClntAppOauthConfigurablePolicies", "extlClntAppOauthPolicies", ".ecaOauthPlcy-meta.xml", "59.0"),
  PLUGIN_POLICIES("ExtlClntAppConfigurablePolicies", "extlClntAppPolicies", ".ecaPlcy-meta.xml", "60.0");

  /** The Metadata API namespace every one of these documents uses. */
  public static final String METADATA_NAMESPACE = "http://soap.sforce.com/2006/04/metadata";

  private static final EcaType[] VALUES = values();

  private final String apiName;
  private final String directory;
  private final String suffix;
  private final String minApiVersion;

  EcaType(String apiName, String directory, String suffix, String minApiVersion) {
    this.apiName = apiName;
    this.directory = directory;
    this.suffix = suffix;
    this.minApiVersion = minApiVersion;
  }

  /** The Metadata API type name, which is also the root element of a source file. */
  public String apiName() {
    return apiName;
  }

  /** The folder under {@code main/default} the Salesforce CLI keeps this type in. */
  public String directory() {
    return directory;
  }

  /** The file name suffix, {@code -meta.xml} included. */
  public String suffix() {
    return suffix;
  }

  public String minApiVersion() {
    return minApiVersion;
  }

  public static Optional<EcaType> byApiName(String apiName) {
    return Arrays.stream(values()).filter(t -> t.apiName.equals(apiName)).findFirst();
  }

  /** The type whose suffix the file name ends with, if any. */
  public static Optional<EcaType> bySuffix(String fileName) {
    for (EcaType type : VALUES) {
      if (fileName.endsWith(type.suffix)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
