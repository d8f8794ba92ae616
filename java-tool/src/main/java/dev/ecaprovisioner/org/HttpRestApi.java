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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link RestApi} over the JDK's HTTP client: {@code GET /services/data/vXX.X/query?q=...} with the session's token as
 * a bearer, then each {@code nextRecordsUrl}. Errors are read from Salesforce's error body ({@code [{"message",
 * "errorCode"}]}); calls that failed with a 5xx, a timeout or {@code REQUEST_LIMIT_EXCEEDED} are retried with the
 * backoff of {@link ReadOptions}. An answer is read up to {@value #MAX_RESPONSE_BYTES} bytes and no further.
 */
public final class HttpRestApi implements RestApi {
  static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client;
  private final ReadOptions options;

  public HttpRestApi(ReadOptions options) {
    this.options = options;
    this.client = HttpClient.newBuilder().connectTimeout(options.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public QueryResult query(OrgSession session, String soql, int maxRecords) throws RestCallException {
    String base = session.instanceUrl().toString().replaceAll("/+$", "");
    URI next = URI.create(base + "/services/data/v" + session.apiVersion() + "/query?q="
        + URLEncoder.encode(soql, StandardCharsets.UTF_8));
    List<JsonNode> records = new ArrayList<>();
    int totalSize = 0;
    while (next != null) {
      JsonNode page = getWithRetries(session, next);
      totalSize = page.path("totalSize").asInt(totalSize);
      for (JsonNode record : page.path("records")) {
        if (records.size() >= maxRecords) {
          return new QueryResult(records, totalSize, true);
        }
        records.add(record);
      }
      String nextUrl = page.path("nextRecordsUrl").asText("");
      boolean done = page.path("done").asBoolean(true);
      next = done || nextUrl.isEmpty() ? null : URI.create(base + nextUrl);
    }
    return new QueryResult(records, totalSize, false);
  }

  private JsonNode getWithRetries(OrgSession session, URI uri) throws RestCallException {
    for (int attempt = 0; ; attempt++) {
      try {
        return get(session, uri);
      } catch (RestCallException e) {
        if (e.kind() != MetadataCallException.Kind.RETRYABLE || attempt >= options.maxRetries()) {
          throw e;
        }
        sleep(options.backoffBefore(attempt + 1, ThreadLocalRandom.current().nextDouble()).toMillis());
      }
    }
  }

  private JsonNode get(OrgSession session, URI uri) throws RestCallException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(options.readTimeout()).GET()
        .header("Authorization", "Bearer " + session.token().reveal())
        .header("Accept", "application/json").build();
    HttpResponse<InputStream> response;
    byte[] body;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
      }
    } catch (HttpTimeoutException e) {
      throw new RestCallException(MetadataCallException.Kind.RETRYABLE, 0, "", "no answer from " + uri.getHost()
          + " within " + options.readTimeout().toSeconds() + " s");
    } catch (IOException e) {
      throw new RestCallException(MetadataCallException.Kind.RETRYABLE, 0, "", "the connection to "
          + uri.getHost() + " failed: " + session.token().redact(String.valueOf(e.getMessage())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RestCallException(MetadataCallException.Kind.FAILED, 0, "", "interrupted");
    }
    if (body.length > MAX_RESPONSE_BYTES) {
      throw new RestCallException(MetadataCallException.Kind.FAILED, response.statusCode(), "",
          "the answer from " + uri.getHost() + " is larger than " + (MAX_RESPONSE_BYTES >> 20) + " MB");
    }
    int status = response.statusCode();
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      json = null;
    }
    if (status / 100 == 2 && json != null && json.isObject()) {
      return json;
    }
    JsonNode error = json != null && json.isArray() && !json.isEmpty() ? json.get(0) : json;
    String code = error == null ? "" : error.path("errorCode").asText("");
    String message = error == null ? "" : error.path("message").asText("");
    if (status / 100 == 2) {
      throw new RestCallException(MetadataCallException.Kind.FAILED, status, "", "the answer from "
          + uri.getHost() + " is not a JSON object");
    }
    return rethrow(RestCallException.of(status, code, session.token().redact(message)));
  }

  private static JsonNode rethrow(RestCallException e) throws RestCallException {
    throw e;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
