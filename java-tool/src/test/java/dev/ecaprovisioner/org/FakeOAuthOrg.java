package dev.ecaprovisioner.org;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A whole org on one loopback host: the REST query resource ({@link FakeRestApi}), the Metadata API ({@link
 * FakeMetadataApi}, reached through {@code /services/Soap/m/} on the same host) and the OAuth endpoints as
 * Salesforce's OAuth guide describes them. {@code POST /services/oauth2/token} redeems refresh tokens (no {@code
 * expires_in} in the answer, as Salesforce sends none; errors as {@code {"error","error_description"}}), optionally
 * requiring the consumer secret, optionally rotating refresh tokens and revoking a family whose spent token is reused;
 * access tokens are opaque or JWTs signed with a test RSA key published at {@code GET /id/keys}, with a lifetime a
 * test can set to seconds. {@code POST /services/oauth2/introspect} answers RFC 7662 for the tokens it issued.
 */
public final class FakeOAuthOrg implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeRestApi rest;
  private final FakeMetadataApi metadata;
  private final RSAKey key;
  private final HttpClient proxy = HttpClient.newHttpClient();
  private final String clientId;
  private final String consumerSecret;
  private final Map<String, String> familyOf = new ConcurrentHashMap<>();
  private final Set<String> spent = ConcurrentHashMap.newKeySet();
  private final Set<String> revokedFamilies = ConcurrentHashMap.newKeySet();
  private final Map<String, Issued> accessTokens = new ConcurrentHashMap<>();
  private final List<String> secretsIssued = new CopyOnWriteArrayList<>();
  private final List<Map<String, String>> refreshRequests = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> onAccessToken = new CopyOnWriteArrayList<>();
  private volatile boolean requireSecret = true;
  private volatile boolean rotate;
  private volatile boolean jwt = true;
  private volatile Duration lifetime = Duration.ofHours(1);

  /** An access token this org issued, with its family and expiry. */
  private record Issued(String family, Instant expires, Instant issued) {}

  private FakeOAuthOrg(FakeRestApi rest, FakeMetadataApi metadata, RSAKey key) {
    this.rest = rest;
    this.metadata = metadata;
    this.key = key;
    this.clientId = "3MVG9" + UUID.randomUUID().toString().replace("-", "");
    this.consumerSecret = "CS" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
    secretsIssued.add(consumerSecret);
  }

  /** Starts the org on a free loopback port. */
  public static FakeOAuthOrg start() throws IOException {
    RSAKey key;
    try {
      key = new RSAKeyGenerator(2048).keyID("test-" + UUID.randomUUID().toString().substring(0, 8)).generate();
    } catch (JOSEException e) {
      throw new IOException(e);
    }
    FakeOAuthOrg org = new FakeOAuthOrg(FakeRestApi.start(), FakeMetadataApi.start(), key);
    org.rest.handle("/services/Soap/m/", org::forwardToMetadata);
    org.rest.handle("/services/oauth2/token", org::token);
    org.rest.handle("/services/oauth2/introspect", org::introspect);
    org.rest.handle("/id/keys", org::keys);
    return org;
  }

  public URI instanceUrl() {
    return rest.instanceUrl();
  }

  public FakeRestApi rest() {
    return rest;
  }

  public FakeMetadataApi metadata() {
    return metadata;
  }

  /** The app's consumer key. */
  public String clientId() {
    return clientId;
  }

  /** The app's consumer secret (made up at run time). */
  public String consumerSecret() {
    return consumerSecret;
  }

  /** Accepts a token on the REST and Metadata APIs, as the token of the user running the tool. */
  public FakeOAuthOrg acceptToken(String token) {
    rest.acceptToken(token);
    metadata.acceptToken(token);
    secretsIssued.add(token);
    return this;
  }

  /** Whether a refresh needs the consumer secret ("Require secret for Refresh Token Flow"). */
  public FakeOAuthOrg requireSecretForRefresh(boolean required) {
    this.requireSecret = required;
    return this;
  }

  /** Whether every refresh returns a new refresh token and a reused one revokes its family. */
  public FakeOAuthOrg rotateRefreshTokens(boolean rotation) {
    this.rotate = rotation;
    return this;
  }

  /** JWT-based access tokens (true) or opaque ones. */
  public FakeOAuthOrg jwtAccessTokens(boolean jwtBased) {
    this.jwt = jwtBased;
    return this;
  }

  public FakeOAuthOrg tokenLifetime(Duration duration) {
    this.lifetime = duration;
    return this;
  }

  /** Called with every access token issued, e.g. to make an MCP server accept it. */
  public FakeOAuthOrg onAccessToken(Consumer<String> listener) {
    onAccessToken.add(listener);
    return this;
  }

  /** A new refresh token of a new family, as a sign-in through the app gives. */
  public String signIn() {
    String token = "5Aep" + UUID.randomUUID().toString().replace("-", "") + "." + UUID.randomUUID();
    familyOf.put(token, UUID.randomUUID().toString());
    secretsIssued.add(token);
    return token;
  }

  /** Every token and secret this org made: none may appear in any output. */
  public List<String> secrets() {
    return List.copyOf(secretsIssued);
  }

  /** The form fields of each refresh request (the secret's value replaced by "present"), and "basic" if used. */
  public List<Map<String, String>> refreshRequests() {
    return List.copyOf(refreshRequests);
  }

  private void token(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> form = form(exchange);
      String basicSecret = basicSecret(exchange);
      Map<String, String> seen = new LinkedHashMap<>(form);
      seen.remove("refresh_token");
      seen.computeIfPresent("client_secret", (k, v) -> "present");
      if (basicSecret != null) {
        seen.put("basic", "present");
      }
      refreshRequests.add(seen);
      if (!"refresh_token".equals(form.get("grant_type"))) {
        oauthError(exchange, 400, "unsupported_grant_type", "grant type not supported");
        return;
      }
      if (!clientId.equals(form.get("client_id"))) {
        oauthError(exchange, 400, "invalid_client_id", "client identifier invalid");
        return;
      }
      String secret = form.containsKey("client_secret") ? form.get("client_secret") : basicSecret;
      if (secret != null && !secret.equals(consumerSecret)) {
        oauthError(exchange, 400, "invalid_client", "invalid client credentials");
        return;
      }
      if (secret == null && requireSecret) {
        oauthError(exchange, 400, "invalid_client", "client secret required");
        return;
      }
      String refreshToken = form.getOrDefault("refresh_token", "");
      String family = familyOf.get(refreshToken);
      if (family == null || revokedFamilies.contains(family)) {
        oauthError(exchange, 400, "invalid_grant", "expired access/refresh token");
        return;
      }
      if (spent.contains(refreshToken)) {
        revokedFamilies.add(family);
        accessTokens.forEach((token, issued) -> {
          if (issued.family().equals(family)) {
            rest.expireToken(token);
          }
        });
        oauthError(exchange, 400, "invalid_grant", "token reuse detected: the refresh tokens were revoked");
        return;
      }
      Instant now = Instant.now();
      String access = jwt ? jwt(now) : "00D" + UUID.randomUUID().toString().replace("-", "").substring(0, 15) + "!AQ"
          + UUID.randomUUID().toString().replace("-", "");
      accessTokens.put(access, new Issued(family, now.plus(lifetime), now));
      secretsIssued.add(access);
      rest.acceptToken(access);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("access_token", access);
      if (rotate) {
        spent.add(refreshToken);
        String next = "5Aep" + UUID.randomUUID().toString().replace("-", "") + "." + UUID.randomUUID();
        familyOf.put(next, family);
        secretsIssued.add(next);
        body.put("refresh_token", next);
      }
      body.put("signature", Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes(
          StandardCharsets.UTF_8)));
      body.put("scope", "refresh_token mcp_api api");
      body.put("instance_url", instanceUrl().toString());
      body.put("id", instanceUrl() + "/id/00Dxx0000000001EAA/005xx0000000001AAA");
      body.put("token_type", "Bearer");
      body.put("issued_at", String.valueOf(now.toEpochMilli()));
      onAccessToken.forEach(listener -> listener.accept(access));
      send(exchange, 200, JSON.writeValueAsBytes(body));
    }
  }

  private String jwt(Instant now) {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(instanceUrl().toString())
        .subject("005xx0000000001AAA").audience("https://api.salesforce.com").claim("scp", List.of("mcp_api", "api"))
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(lifetime)))
        .jwtID(UUID.randomUUID().toString()).build();
    SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    try {
      token.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return token.serialize();
  }

  private void introspect(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> form = form(exchange);
      if (!clientId.equals(form.get("client_id")) || !consumerSecret.equals(form.get("client_secret"))) {
        oauthError(exchange, 401, "invalid_client", "invalid client credentials");
        return;
      }
      Issued issued = accessTokens.get(form.getOrDefault("token", ""));
      Map<String, Object> body = new LinkedHashMap<>();
      boolean active = issued != null && issued.expires().isAfter(Instant.now())
          && !revokedFamilies.contains(issued.family());
      body.put("active", active);
      if (active) {
        body.put("scope", "refresh_token mcp_api api");
        body.put("client_id", clientId);
        body.put("username", "admin@example.com");
        body.put("sub", "005xx0000000001AAA");
        body.put("token_type", "access_token");
        body.put("exp", issued.expires().getEpochSecond());
        body.put("iat", issued.issued().getEpochSecond());
      }
      send(exchange, 200, JSON.writeValueAsBytes(body));
    }
  }

  private void keys(HttpExchange exchange) throws IOException {
    try (exchange) {
      send(exchange, 200, new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Passes a SOAP call on to the Metadata API fake, so the org has one host as a real one does. */
  private void forwardToMetadata(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(metadata.instanceUrl()
          + exchange.getRequestURI().getPath())).POST(HttpRequest.BodyPublishers.ofByteArray(body));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!Set.of("host", "content-length", "connection", "expect", "upgrade")
            .contains(name.toLowerCase(java.util.Locale.ROOT))) {
          values.forEach(v -> request.header(name, v));
        }
      });
      HttpResponse<byte[]> response;
      try {
        response = proxy.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      response.headers().map().forEach((name, values) -> {
        if (!Set.of("content-length", "transfer-encoding", "connection", "date", ":status")
            .contains(name.toLowerCase(java.util.Locale.ROOT))) {
          exchange.getResponseHeaders().put(name, values);
        }
      });
      exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
      if (response.body().length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response.body());
        }
      }
    }
  }

  private static Map<String, String> form(HttpExchange exchange) throws IOException {
    String text;
    try (InputStream in = exchange.getRequestBody()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private static String basicSecret(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.startsWith("Basic ")) {
      return null;
    }
    String pair = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
    int colon = pair.indexOf(':');
    return colon < 0 ? null : URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8);
  }

  private static void oauthError(HttpExchange exchange, int status, String error, String description)
      throws IOException {
    send(exchange, status, JSON.writeValueAsBytes(Map.of("error", error, "error_description", description)));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Rows of OauthToken and LoginHistory as the REST API returns them. */
  public FakeOAuthOrg tokenRows(List<Map<String, Object>> rows) {
    rest.rows("OauthToken", rows);
    return this;
  }

  public FakeOAuthOrg loginRows(List<Map<String, Object>> rows) {
    rest.rows("LoginHistory", rows);
    return this;
  }

  /** An OauthToken row. */
  public static Map<String, Object> tokenRow(String appLabel, String userId, String created, String lastUsed,
      int useCount) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("AppName", appLabel);
    fields.put("UserId", userId);
    fields.put("CreatedDate", created);
    fields.put("LastUsedDate", lastUsed);
    fields.put("UseCount", useCount);
    return FakeRestApi.record("OauthToken", "0CJxx" + UUID.randomUUID().toString().substring(0, 13), fields);
  }

  /** A LoginHistory row. */
  public static Map<String, Object> loginRow(String application, String userId, String time, String status) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("Application", application);
    fields.put("UserId", userId);
    fields.put("LoginTime", time);
    fields.put("LoginType", "Remote Access 2.0");
    fields.put("LoginSubType", null);
    fields.put("Status", status);
    return FakeRestApi.record("LoginHistory", "0Yaxx" + UUID.randomUUID().toString().substring(0, 13), fields);
  }

  /** Sign-in attempts are read from a window ending now: a time inside it. */
  public static String recently(Duration ago) {
    return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
        .withZone(java.time.ZoneOffset.UTC).format(Instant.now().minus(ago));
  }

  @Override
  public void close() {
    rest.close();
    metadata.close();
  }
}
