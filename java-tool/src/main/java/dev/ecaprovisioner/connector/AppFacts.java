package dev.ecaprovisioner.connector;

import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.schema.EcaSchema;
import dev.ecaprovisioner.schema.OauthScope;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the connector must agree with in an External Client App. Settings the app does not write take Salesforce's
 * defaults, and so do settings the org would not show (the global OAuth settings, without the permission to read
 * them): a default of true means "required", the side that can break a connection.
 *
 * @param name the app's API name
 * @param scopes the scopes the app grants, in their wire names ({@code mcp_api}, {@code refresh_token}), in the
 *     app's order; scopes without a wire name are left out
 * @param callbackUrls the callback URLs, in the app's order
 * @param pkceRequired "Require Proof Key for Code Exchange (PKCE)"
 * @param secretRequiredForRefresh "Require secret for Refresh Token Flow"
 * @param namedUserJwt "Issue JSON Web Token (JWT)-based access tokens for named users"
 * @param origin where the app was read, for findings
 */
public record AppFacts(String name, List<String> scopes, List<String> callbackUrls, boolean pkceRequired,
    boolean secretRequiredForRefresh, boolean namedUserJwt, String origin) {
  public AppFacts {
    scopes = List.copyOf(scopes);
    callbackUrls = List.copyOf(callbackUrls);
  }

  /** The facts of an app as read from an org or a source tree. */
  public static AppFacts of(EcaApp app) {
    Optional<EcaComponent> oauth = app.component(EcaType.OAUTH_SETTINGS);
    Optional<EcaComponent> global = app.component(EcaType.GLOBAL_OAUTH_SETTINGS);
    List<String> scopes = EcaSchema.splitScopes(oauth.flatMap(c -> c.value("commaSeparatedOauthScopes"))
        .orElse("")).stream().map(EcaSchema::scope).flatMap(Optional::stream).map(OauthScope::wireName)
        .filter(w -> w != null).distinct().toList();
    List<String> callbacks = Arrays.stream(global.flatMap(c -> c.value("callbackUrl")).orElse("").split("[\\s,]+"))
        .filter(s -> !s.isBlank()).toList();
    String origin = app.component(EcaType.EXTERNAL_CLIENT_APPLICATION).or(() -> oauth).map(EcaComponent::origin)
        .orElse(app.name());
    return new AppFacts(app.name(), scopes, callbacks, flag(global, "isPkceRequired", true),
        flag(global, "isSecretRequiredForRefreshToken", true), flag(global, "isNamedUserJwtEnabled", false), origin);
  }

  /** Whether the app grants a refresh token ({@code refresh_token} or its synonym {@code offline_access}). */
  public boolean grantsRefresh() {
    return scopes.contains("refresh_token") || scopes.contains("offline_access");
  }

  private static boolean flag(Optional<EcaComponent> component, String field, boolean fallback) {
    return component.flatMap(c -> c.value(field)).map(v -> v.strip().equalsIgnoreCase("true")).orElse(fallback);
  }
}
