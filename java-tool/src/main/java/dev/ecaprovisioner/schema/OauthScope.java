package dev.ecaprovisioner.schema;

/**
 * An OAuth scope under both its names: the metadata name written in {@code commaSeparatedOauthScopes} and the name a
 * client requests on the wire. Admins know one or the other, so reports show both.
 */
public record OauthScope(String metadataName, String wireName) {
  /** {@code RefreshToken / refresh_token}; a scope whose names agree is shown once. */
  public String display() {
    return wireName == null || wireName.equals(metadataName) ? metadataName : metadataName + " / " + wireName;
  }
}
