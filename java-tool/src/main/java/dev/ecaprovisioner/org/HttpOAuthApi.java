package dev.ecaprovisioner.org;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * {@link OAuthApi} over the JDK's HTTP client, as Salesforce's OAuth guide describes the endpoints: form-encoded POSTs
 * to {@code /services/oauth2/token} and {@code /services/oauth2/introspect}, a GET of {@code /id/keys}. Refusals come
 * back as {@code {"error","error_description"}} and are returned as values; redirects are not followed.
 */
public final class HttpOAuthApi implements OAuthApi {
  static final int MAX_RESPONSE_BYTES = 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client;
  private final Duration readTimeout;

  public HttpOAuthApi(Duration connectTimeout, Duration readTimeout) {
    this.readTimeout = readTimeout;
    this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public TokenAnswer refresh(URI instanceUrl, RefreshGrant grant) throws RestCallException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("refresh_token", grant.refreshToken().reveal());
    form.put("client_id", grant.clientId());
    HttpRequest.Builder request = post(instanceUrl, "/services/oauth2/token");
    if (grant.placement() == SecretPlacement.BODY) {
      form.put("client_secret", grant.clientSecret().reveal());
    } else if (grant.placement() == SecretPlacement.BASIC) {
      request.header("Authorization", basic(grant.clientId(), grant.clientSecret()));
    }
    UnaryOperator<String> mask = text -> {
      String masked = grant.refreshToken().redact(text);
      return grant.clientSecret() == null ? masked : grant.clientSecret().redact(masked);
    };
    long start = System.nanoTime();
    Answer answer = send(request.POST(form(form)).build(), mask);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    JsonNode body = answer.json();
    List<String> fields = new ArrayList<>();
    body.fieldNames().forEachRemaining(fields::add);
    String access = body.path("access_token").asText("");
    String refresh = body.path("refresh_token").asText("");
    AccessToken accessToken = answer.status() == 200 && !access.isBlank() ? AccessToken.of(access) : null;
    UnaryOperator<String> maskAll = accessToken == null ? mask : text -> accessToken.redact(mask.apply(text));
    return new TokenAnswer(answer.status(), elapsed, accessToken,
        accessToken != null && !refresh.isBlank() ? Secret.of(refresh) : null,
        textOrNull(body, "error", maskAll), textOrNull(body, "error_description", maskAll), fields,
        body.path("expires_in").canConvertToLong() ? body.path("expires_in").asLong() : null,
        textOrNull(body, "scope", maskAll));
  }

  @Override
  public Introspection introspect(URI instanceUrl, AccessToken token, String clientId, Secret clientSecret)
      throws RestCallException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("token", token.reveal());
    form.put("token_type_hint", "access_token");
    form.put("client_id", clientId);
    if (clientSecret != null) {
      form.put("client_secret", clientSecret.reveal());
    }
    UnaryOperator<String> mask = text -> {
      String masked = token.redact(text);
      return clientSecret == null ? masked : clientSecret.redact(masked);
    };
    Answer answer = send(post(instanceUrl, "/services/oauth2/introspect").POST(form(form)).build(), mask);
    JsonNode body = answer.json();
    return new Introspection(answer.status(), body.path("active").asBoolean(false), longOrNull(body, "exp"),
        longOrNull(body, "iat"), textOrNull(body, "scope", mask), textOrNull(body, "client_id", mask),
        textOrNull(body, "username", mask), textOrNull(body, "error", mask),
        textOrNull(body, "error_description", mask));
  }

  @Override
  public String publishedKeys(URI instanceUrl) throws RestCallException {
    HttpRequest request = HttpRequest.newBuilder(endpoint(instanceUrl, "/id/keys")).timeout(readTimeout)
        .header("Accept", "application/json").GET().build();
    Answer answer = send(request, UnaryOperator.identity());
    if (answer.status() != 200 || !answer.json().has("keys")) {
      throw new RestCallException(MetadataCallException.Kind.FAILED, answer.status(), "",
          "the org's keys at /id/keys could not be read (HTTP " + answer.status() + ")");
    }
    return answer.json().toString();
  }

  private HttpRequest.Builder post(URI instanceUrl, String path) {
    return HttpRequest.newBuilder(endpoint(instanceUrl, path)).timeout(readTimeout)
        .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
  }

  private static URI endpoint(URI instanceUrl, String path) {
    return URI.create(instanceUrl.toString().replaceAll("/+$", "") + path);
  }

  private static HttpRequest.BodyPublisher form(Map<String, String> fields) {
    StringBuilder body = new StringBuilder();
    fields.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&")
        .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return HttpRequest.BodyPublishers.ofString(body.toString());
  }

  /** RFC 6749 2.3.1: client id and secret form-encoded, then joined by a colon and base64-encoded. */
  private static String basic(String clientId, Secret secret) {
    String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
        + URLEncoder.encode(secret.reveal(), StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  /** The status and the JSON object of an answer (an empty object when the body is not one). */
  private record Answer(int status, JsonNode json) {}

  private Answer send(HttpRequest request, UnaryOperator<String> mask) throws RestCallException {
    String host = request.uri().getHost();
    try {
      HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      byte[] body;
      try (InputStream in = response.body()) {
        body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
      }
      if (body.length > MAX_RESPONSE_BYTES) {
        throw new RestCallException(MetadataCallException.Kind.FAILED, response.statusCode(), "",
            "the answer from " + host + " is larger than " + (MAX_RESPONSE_BYTES >> 10) + " KB");
      }
      JsonNode json;
      try {
        json = JSON.readTree(body);
      } catch (IOException e) {
        json = null;
      }
      return new Answer(response.statusCode(), json != null && json.isObject() ? json : JSON.createObjectNode());
    } catch (HttpTimeoutException e) {
      throw new RestCallException(MetadataCallException.Kind.RETRYABLE, 0, "", "no answer from " + host
          + " within " + readTimeout.toSeconds() + " s");
    } catch (IOException e) {
      throw new RestCallException(MetadataCallException.Kind.RETRYABLE, 0, "", "the connection to " + host
          + " failed: " + mask.apply(String.valueOf(e.getMessage())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RestCallException(MetadataCallException.Kind.FAILED, 0, "", "interrupted");
    }
  }

  private static String textOrNull(JsonNode body, String field, UnaryOperator<String> mask) {
    JsonNode value = body.get(field);
    return value == null || value.isNull() ? null : mask.apply(value.asText());
  }

  private static Long longOrNull(JsonNode body, String field) {
    JsonNode value = body.get(field);
    return value != null && value.canConvertToLong() ? value.asLong() : null;
  }
}
