package dev.ecaprovisioner.connector;

import com.sun.net.httpserver.HttpExchange;
import dev.ecaprovisioner.org.FakeMetadataApi;
import dev.ecaprovisioner.org.FakeRestApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One org on one loopback host, as the tool sees a real one: the REST query resource of {@link FakeRestApi} and the
 * Metadata API of {@link FakeMetadataApi}, whose SOAP calls this host passes on unchanged, bytes and encoding
 * headers included. The token is made at run time.
 */
public final class FakeOrgAccess implements AutoCloseable {
  private static final List<String> PASSED_HEADERS = List.of("Content-Type", "SOAPAction", "Content-Encoding",
      "Accept-Encoding", "Authorization");

  private final FakeMetadataApi metadata;
  private final FakeRestApi rest;
  private final String token;
  private final HttpClient client = HttpClient.newHttpClient();

  private FakeOrgAccess(FakeMetadataApi metadata, FakeRestApi rest, String token) {
    this.metadata = metadata;
    this.rest = rest;
    this.token = token;
  }

  public static FakeOrgAccess start(boolean sandbox) throws IOException {
    FakeMetadataApi metadata = FakeMetadataApi.start();
    FakeRestApi rest = FakeRestApi.start();
    String token = "00D" + UUID.randomUUID().toString().replace("-", "") + "!CONNECTORTOKEN";
    metadata.acceptToken(token);
    rest.acceptToken(token);
    rest.rows("Organization", List.of(FakeRestApi.record("Organization", "00D5g000004ABCDEA2",
        Map.of("IsSandbox", sandbox, "OrganizationType", "Enterprise Edition"))));
    FakeOrgAccess org = new FakeOrgAccess(metadata, rest, token);
    rest.handle("/services/Soap/", org::passOn);
    return org;
  }

  public FakeMetadataApi metadata() {
    return metadata;
  }

  public FakeRestApi rest() {
    return rest;
  }

  /** The one token both accept. */
  public String token() {
    return token;
  }

  /** The instance URL the fake {@code sf} reports: the REST fake's host. */
  public URI instanceUrl() {
    return rest.instanceUrl();
  }

  private void passOn(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(metadata.instanceUrl()
          + exchange.getRequestURI().getRawPath())).POST(HttpRequest.BodyPublishers.ofByteArray(in.readAllBytes()));
      for (String name : PASSED_HEADERS) {
        String value = exchange.getRequestHeaders().getFirst(name);
        if (value != null) {
          request.header(name, value);
        }
      }
      HttpResponse<byte[]> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      for (String name : List.of("Content-Type", "Content-Encoding")) {
        answer.headers().firstValue(name).ifPresent(v -> exchange.getResponseHeaders().set(name, v));
      }
      byte[] body = answer.body();
      exchange.sendResponseHeaders(answer.statusCode(), body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Override
  public void close() {
    rest.close();
    metadata.close();
  }
}
