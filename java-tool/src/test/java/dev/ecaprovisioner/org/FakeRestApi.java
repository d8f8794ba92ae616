package dev.ecaprovisioner.org;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An org's REST query resource on loopback, answering as Salesforce documents it: {@code GET
 * /services/data/vXX.X/query?q=SOQL} gives {@code {"totalSize","done","nextRecordsUrl","records":[{"attributes":
 * {"type","url"},...}]}}, pages of {@link #pageSize(int)} records follow at {@code
 * /services/data/vXX.X/query/01g...-N}, and errors are {@code [{"message","errorCode"}]} with the status Salesforce
 * uses (401 {@code INVALID_SESSION_ID}, 400 {@code INVALID_TYPE} for an object the user cannot see, 400 {@code
 * MALFORMED_QUERY}).
 *
 * <p>A test says what each sObject holds with {@link #answer}: a function from the SOQL text to the rows, so a test can
 * filter on what the query asked. Other resources (OAuth endpoints, say) are added with {@link #handle}.
 */
public final class FakeRestApi implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FROM = Pattern.compile("(?i)\\bFROM\\s+([A-Za-z0-9_]+)");
  private static final Pattern QUERY_PATH = Pattern.compile("/services/data/v(\\d+\\.\\d)/query(?:/([^/?]+))?");

  private final HttpServer server;
  private final ExecutorService executor;
  private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
  private final Map<String, Function<String, List<Map<String, Object>>>> answers = new ConcurrentHashMap<>();
  private final Map<String, String[]> denied = new ConcurrentHashMap<>();
  private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private volatile int pageSize = 2000;

  private FakeRestApi(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts on a free port of 127.0.0.1. */
  public static FakeRestApi start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
      Thread thread = new Thread(r, "fake-rest-api");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    FakeRestApi fake = new FakeRestApi(server, executor);
    server.createContext("/services/data/", fake::serveQuery);
    server.start();
    return fake;
  }

  /**
   * A REST API on the host of {@code metadata}, accepting {@code token}, where {@code OauthToken} holds no row until a
   * test says otherwise: the org a test of {@code audit} talks to, which reads both APIs at one instance URL.
   */
  public static FakeRestApi beside(FakeMetadataApi metadata, String token) throws IOException {
    FakeRestApi rest = start().acceptToken(token).rows("OauthToken", List.of());
    metadata.handle("/services/data/", rest.queryResource());
    return rest;
  }

  /** The org's instance URL, {@code http://127.0.0.1:PORT}. */
  public URI instanceUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Accepts this token from now on. */
  public FakeRestApi acceptToken(String token) {
    validTokens.add(token);
    return this;
  }

  /** Refuses this token from now on, with 401 {@code INVALID_SESSION_ID}. */
  public FakeRestApi expireToken(String token) {
    validTokens.remove(token);
    return this;
  }

  /** What a query of {@code sObject} returns: every row, or the rows the query text selects. */
  public FakeRestApi answer(String sObject, Function<String, List<Map<String, Object>>> rows) {
    answers.put(sObject.toLowerCase(java.util.Locale.ROOT), rows);
    return this;
  }

  /** Every query of {@code sObject} returns these rows. */
  public FakeRestApi rows(String sObject, List<Map<String, Object>> rows) {
    return answer(sObject, soql -> rows);
  }

  /** Every query of {@code sObject} fails as Salesforce fails it, e.g. 400 {@code INVALID_TYPE}. */
  public FakeRestApi deny(String sObject, int status, String errorCode, String message) {
    denied.put(sObject.toLowerCase(java.util.Locale.ROOT), new String[] {"" + status, errorCode, message});
    return this;
  }

  /** The most records one page holds (Salesforce: 2,000 by default). */
  public FakeRestApi pageSize(int size) {
    this.pageSize = size;
    return this;
  }

  /** Serves another resource on the same host, e.g. {@code /services/oauth2/token}. */
  public FakeRestApi handle(String path, HttpHandler handler) {
    server.createContext(path, handler);
    return this;
  }

  /** The query resource, to serve on another fake's host ({@link FakeMetadataApi#handle}). */
  public HttpHandler queryResource() {
    return this::serveQuery;
  }

  /** The SOQL of every query received, in order. */
  public List<String> queries() {
    return List.copyOf(queries);
  }

  private void serveQuery(HttpExchange exchange) throws IOException {
    try (exchange) {
      Matcher path = QUERY_PATH.matcher(exchange.getRequestURI().getPath());
      if (!"GET".equals(exchange.getRequestMethod()) || !path.matches()) {
        error(exchange, 404, "NOT_FOUND", "The requested resource does not exist");
        return;
      }
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (auth == null || !auth.startsWith("Bearer ") || !validTokens.contains(auth.substring(7))) {
        error(exchange, 401, "INVALID_SESSION_ID", "Session expired or invalid");
        return;
      }
      String version = path.group(1);
      if (path.group(2) != null) {
        Cursor rest = cursors.remove(path.group(2));
        if (rest == null) {
          error(exchange, 400, "INVALID_QUERY_LOCATOR", "invalid query locator");
          return;
        }
        page(exchange, version, rest.rows(), rest.total());
        return;
      }
      String soql = queryText(exchange.getRequestURI().getRawQuery());
      queries.add(soql);
      Matcher from = FROM.matcher(soql);
      if (soql.isBlank() || !from.find()) {
        error(exchange, 400, "MALFORMED_QUERY", "unexpected token: '" + soql + "'");
        return;
      }
      String object = from.group(1).toLowerCase(java.util.Locale.ROOT);
      String[] refusal = denied.get(object);
      if (refusal != null) {
        error(exchange, Integer.parseInt(refusal[0]), refusal[1], refusal[2]);
        return;
      }
      Function<String, List<Map<String, Object>>> rows = answers.get(object);
      if (rows == null) {
        error(exchange, 400, "INVALID_TYPE", "sObject type '" + from.group(1) + "' is not supported.");
        return;
      }
      List<Map<String, Object>> all = rows.apply(soql);
      page(exchange, version, all, all.size());
    }
  }

  private void page(HttpExchange exchange, String version, List<Map<String, Object>> rows, int total)
      throws IOException {
    List<Map<String, Object>> first = rows.subList(0, Math.min(pageSize, rows.size()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("totalSize", total);
    boolean done = first.size() == rows.size();
    body.put("done", done);
    if (!done) {
      String locator = "01g" + UUID.randomUUID().toString().replace("-", "").substring(0, 15) + "-" + first.size();
      cursors.put(locator, new Cursor(new ArrayList<>(rows.subList(first.size(), rows.size())), total));
      body.put("nextRecordsUrl", "/services/data/v" + version + "/query/" + locator);
    }
    body.put("records", first);
    send(exchange, 200, JSON.writeValueAsBytes(body));
  }

  private static String queryText(String rawQuery) {
    if (rawQuery == null) {
      return "";
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.startsWith("q=")) {
        return URLDecoder.decode(pair.substring(2), StandardCharsets.UTF_8);
      }
    }
    return "";
  }

  /** A record as the REST API returns it: {@code attributes} first, then the fields given. */
  public static Map<String, Object> record(String sObject, String id, Map<String, Object> fields) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("attributes", Map.of("type", sObject, "url", "/services/data/v65.0/sobjects/" + sObject + "/" + id));
    row.put("Id", id);
    row.putAll(fields);
    return Collections.unmodifiableMap(row);
  }

  private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
    send(exchange, status, JSON.writeValueAsBytes(List.of(Map.of("message", message, "errorCode", code))));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** The rows a query locator has left to give, and the query's whole size. */
  private record Cursor(List<Map<String, Object>> rows, int total) {}

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
