package dev.ecaprovisioner.org;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.eca.XmlElement;
import dev.ecaprovisioner.eca.XmlTreeReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * An org's Metadata API on loopback, answering SOAP 1.1 envelopes as the Metadata API WSDL defines them: {@code
 * listMetadataResponse/result} with the {@code FileProperties} elements in schema order, {@code
 * readMetadataResponse/result/records} with {@code xsi:type}, and faults as Salesforce sends them (HTTP 500,
 * {@code faultcode} {@code sf:CODE} in the metadata namespace, no detail).
 *
 * <p>It holds a set of components per type, accepts only the tokens it was given, and can be told to be slow, to fail
 * the next calls with a 5xx, a fault or a hang, to deny a type, or to expire a token. It counts calls by operation and
 * the most calls it had in flight at once.
 *
 * <p>{@code deploy} takes the zip as the WSDL sends it ({@code ZipFile} base64, {@code DeployOptions}), unzips it and
 * checks the package as an org would: a {@code package.xml} whose members are exactly the files, each file's root
 * element and namespace, field values the schema accepts, and an {@code ExternalClientApplication} for every
 * component to belong to. {@code checkDeployStatus} answers a {@code DeployResult} in schema order, {@code InProgress}
 * until the deploy is done, then {@code Succeeded} or {@code Failed} with every component failure. A deploy is all or
 * nothing: it changes what the fake holds only when every component passed, and never when it was {@code checkOnly}.
 * A component deployed without its consumer key and secret keeps the ones the org had; a new one gets a key made up
 * at run time. The fake can be told to fail one component, to need more polls, or to expire a token once a deploy is
 * queued.
 */
public final class FakeMetadataApi implements AutoCloseable {
  public static final String LIST = "listMetadata";
  public static final String READ = "readMetadata";
  public static final String DEPLOY = "deploy";
  public static final String CHECK_DEPLOY = "checkDeployStatus";

  private static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";
  private static final String MD_NS = EcaType.METADATA_NAMESPACE;
  private static final Pattern ENDPOINT = Pattern.compile("/services/Soap/m/(\\d+\\.\\d)");
  /** Fields the org sends only from the API version given: a client talking an older version does not see them. */
  private static final Map<String, Double> FIELD_SINCE = Map.of("namedUserJwtSessionTimeoutType", 65.0);

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<EcaType, Map<String, String>> components = new ConcurrentHashMap<>();
  private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Map<String, Deque<Failure>> scripted = new ConcurrentHashMap<>();
  private final Map<EcaType, String> deniedTypes = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Whether the call this handler thread answers still counts as in flight (exchange attributes are shared). */
  private final ThreadLocal<AtomicBoolean> counted = new ThreadLocal<>();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger limitViolations = new AtomicInteger();
  private final Set<String> versionsSeen = ConcurrentHashMap.newKeySet();
  private volatile Duration latency = Duration.ZERO;
  private final Map<String, Deploy> deploys = new ConcurrentHashMap<>();
  private final Map<String, String> failingComponents = new ConcurrentHashMap<>();
  private final List<Map<String, String>> deployedZips = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Map<String, String>> deployOptions = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicInteger deployIds = new AtomicInteger();
  private volatile int pollsUntilDone = 2;
  private volatile String expireOnDeploy;
  private volatile boolean rotateKeyOnDeploy;

  private FakeMetadataApi(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts on a free port of 127.0.0.1. */
  public static FakeMetadataApi start() throws IOException {
    // The JDK server otherwise writes headers and body under Nagle's algorithm, and the client's delayed ACK then adds
    // 40 ms to every call: a cost of this server, not of the Metadata API. Read once, when the first server starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    ExecutorService executor = Executors.newFixedThreadPool(96, r -> {
      Thread thread = new Thread(r, "fake-metadata-api");
      thread.setDaemon(true);
      return thread;
    });
    FakeMetadataApi fake = new FakeMetadataApi(server, executor);
    server.createContext("/services/Soap/m/", fake::handle);
    server.setExecutor(executor);
    server.start();
    return fake;
  }

  /**
   * The SOAP endpoint as a handler, to serve on another fake's host (a {@link FakeRestApi}'s {@code handle}), so that
   * one instance URL answers both the REST and the Metadata API as an org does.
   */
  public com.sun.net.httpserver.HttpHandler soapHandler() {
    return this::handle;
  }

  /** The base URL to give as the org's instance URL. */
  public String instanceUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public FakeMetadataApi acceptToken(String token) {
    validTokens.add(token);
    return this;
  }

  /** The org forgets a token: every call with it gets {@code INVALID_SESSION_ID}. */
  public FakeMetadataApi expireToken(String token) {
    validTokens.remove(token);
    return this;
  }

  /**
   * Serves another resource on the same host, such as a {@link FakeRestApi#queryResource()}: one instance URL is then
   * the whole org, Metadata API and REST API, as a real org's My Domain is.
   */
  public FakeMetadataApi handle(String path, HttpHandler handler) {
    server.createContext(path, handler);
    return this;
  }

  /** Every call waits this long before answering. */
  public FakeMetadataApi latency(Duration delay) {
    this.latency = delay;
    return this;
  }

  /** Stores a component; {@code fieldsXml} is the record's child elements after {@code fullName}. */
  public FakeMetadataApi put(EcaType type, String fullName, String fieldsXml) {
    components.computeIfAbsent(type, t -> new ConcurrentHashMap<>()).put(fullName, fieldsXml);
    return this;
  }

  /** The next {@code times} calls of the operation fail that way, before any other check. */
  public FakeMetadataApi failNext(String operation, int times, Failure failure) {
    Deque<Failure> queue = scripted.computeIfAbsent(operation, o -> new ArrayDeque<>());
    synchronized (queue) {
      for (int i = 0; i < times; i++) {
        queue.add(failure);
      }
    }
    return this;
  }

  /** Every {@code readMetadata} of the type answers with this fault code (e.g. {@code INSUFFICIENT_ACCESS}). */
  public FakeMetadataApi deny(EcaType type, String faultCode) {
    deniedTypes.put(type, faultCode);
    return this;
  }

  /** Every deploy of this component fails with Salesforce's {@code problem}, so the whole deploy fails. */
  public FakeMetadataApi failComponent(EcaType type, String fullName, String problem) {
    failingComponents.put(type.apiName() + ":" + fullName, problem);
    return this;
  }

  /** A deploy is done at the n-th {@code checkDeployStatus} (InProgress before it); 2 unless told. */
  public FakeMetadataApi pollsUntilDone(int polls) {
    this.pollsUntilDone = polls;
    return this;
  }

  /** The token expires as soon as the next deploy is queued: the polls that follow need a fresh one. */
  public FakeMetadataApi expireTokenOnDeploy(String token) {
    this.expireOnDeploy = token;
    return this;
  }

  /**
   * A deployed global OAuth settings component gets a new consumer key, as an org might where its documentation is
   * silent: a client holding the old key could no longer sign in.
   */
  public FakeMetadataApi rotateConsumerKeyOnDeploy() {
    this.rotateKeyOnDeploy = true;
    return this;
  }

  /** The fields of a component the fake holds, as the record's child elements, or null. */
  public String stored(EcaType type, String fullName) {
    return components.getOrDefault(type, Map.of()).get(fullName);
  }

  /** Every zip deployed so far, each as its entries' names and text. */
  public List<Map<String, String>> deployedZips() {
    return List.copyOf(deployedZips);
  }

  /** The {@code DeployOptions} of every deploy so far, by element name. */
  public List<Map<String, String>> deployOptions() {
    return List.copyOf(deployOptions);
  }

  /** Forgets the calls counted so far and the most in flight, e.g. after a warm-up. */
  public void resetCounts() {
    calls.clear();
    maxInFlight.set(0);
  }

  public int calls(String operation) {
    AtomicInteger count = calls.get(operation);
    return count == null ? 0 : count.get();
  }

  public Map<String, Integer> callsByOperation() {
    Map<String, Integer> copy = new TreeMap<>();
    calls.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  public int maxInFlight() {
    return maxInFlight.get();
  }

  /** Calls that broke the API's limits (more than 3 list queries or 10 read names): a correct client makes none. */
  public int limitViolations() {
    return limitViolations.get();
  }

  /** The API versions of the endpoints called. */
  public Set<String> versionsSeen() {
    return Set.copyOf(versionsSeen);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** A scripted failure. */
  public sealed interface Failure {
    /** An HTTP status with a body that is not SOAP, as a gateway sends. */
    record Http(int status, String body) implements Failure {}

    /** A SOAP fault with Salesforce's code, such as {@code REQUEST_LIMIT_EXCEEDED}. */
    record Fault(String code, String message) implements Failure {}

    /** No answer for this long, then the connection is closed. */
    record Hang(Duration duration) implements Failure {}

    static Failure http(int status) {
      return new Http(status, "<html><body>Service Unavailable</body></html>");
    }

    static Failure fault(String code) {
      return new Fault(code, code + ": scripted by the test");
    }

    /**
     * A fault with a {@code <detail>} element, as other Salesforce SOAP APIs send them: force-wsc's generated
     * Metadata API stubs have no type for its content, so the client must read the fault code itself.
     */
    static Failure faultWithDetail(String code) {
      return new Http(500, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"" + SOAP_NS
          + "\" xmlns:sf=\"" + MD_NS + "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>"
          + "<soapenv:Fault><faultcode>sf:" + code + "</faultcode><faultstring>" + code + ": scripted with a detail"
          + "</faultstring><detail><sf:UnexpectedErrorFault xsi:type=\"sf:UnexpectedErrorFault\"><sf:exceptionCode>"
          + code + "</sf:exceptionCode><sf:exceptionMessage>scripted</sf:exceptionMessage></sf:UnexpectedErrorFault>"
          + "</detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>");
    }

    /**
     * A fault whose {@code <detail>} element has no {@code xsi:type}: force-wsc's binder then tries to build the
     * exception class itself as a bindable type and fails with a ClassCastException, not a ConnectionException, so
     * the client must read the fault code itself.
     */
    static Failure faultWithUnbindableDetail(String code, String message) {
      return new Http(500, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"" + SOAP_NS
          + "\" xmlns:sf=\"" + MD_NS + "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>"
          + "<soapenv:Fault><faultcode>sf:" + code + "</faultcode><faultstring>" + escape(message)
          + "</faultstring><detail><sf:ApiFault><sf:exceptionCode>" + code + "</sf:exceptionCode></sf:ApiFault>"
          + "</detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>");
    }

    static Failure hang(Duration duration) {
      return new Hang(duration);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    counted.set(new AtomicBoolean(true));
    try {
      respond(exchange);
    } catch (RuntimeException e) {
      send(exchange, 500, fault("UNKNOWN_EXCEPTION", "fake failed: " + e));
    } finally {
      leaving();
      exchange.close();
    }
  }

  /**
   * A call stops counting as in flight before its answer is written: the client may send its next call the moment it
   * has the answer, before this thread gets to its {@code finally}.
   */
  private void leaving() {
    AtomicBoolean flag = counted.get();
    if (flag != null && flag.getAndSet(false)) {
      inFlight.decrementAndGet();
    }
  }

  private void respond(HttpExchange exchange) throws IOException {
    Matcher endpoint = ENDPOINT.matcher(exchange.getRequestURI().getPath());
    if (!"POST".equals(exchange.getRequestMethod()) || !endpoint.matches()) {
      send(exchange, 404, "<html><body>Not Found</body></html>");
      return;
    }
    double version = Double.parseDouble(endpoint.group(1));
    versionsSeen.add(endpoint.group(1));
    XmlElement envelope;
    try (InputStream raw = exchange.getRequestBody();
        InputStream body = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
            ? new GZIPInputStream(raw) : raw) {
      envelope = XmlTreeReader.parse(body);
    } catch (XmlTreeReader.XmlProblem e) {
      send(exchange, 500, fault("INVALID_XML", "the request is not XML: " + e.getMessage()));
      return;
    }
    XmlElement request = envelope.child("Body").flatMap(b -> b.children().stream().findFirst()).orElse(null);
    if (request == null || !MD_NS.equals(request.namespace())) {
      send(exchange, 500, fault("INVALID_OPERATION", "no Metadata API operation in the body"));
      return;
    }
    String operation = request.localName();
    calls.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
    sleep(latency);

    Failure failure = nextFailure(operation);
    if (failure instanceof Failure.Hang hang) {
      sleep(hang.duration());
      return;
    }
    if (failure instanceof Failure.Http http) {
      send(exchange, http.status(), http.body());
      return;
    }
    if (failure instanceof Failure.Fault f) {
      send(exchange, 500, fault(f.code(), f.message()));
      return;
    }
    String sessionId = envelope.child("Header").flatMap(h -> h.child("SessionHeader"))
        .flatMap(s -> s.child("sessionId")).map(XmlElement::text).orElse("");
    if (!validTokens.contains(sessionId)) {
      send(exchange, 500, fault("INVALID_SESSION_ID",
          "INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session"));
      return;
    }
    switch (operation) {
      case LIST -> send(exchange, 200, listResponse(request));
      case READ -> send(exchange, 200, readResponse(request, version));
      case DEPLOY -> send(exchange, 200, deployResponse(request, sessionId));
      case CHECK_DEPLOY -> send(exchange, 200, checkDeployResponse(request));
      default -> send(exchange, 500, fault("INVALID_OPERATION", "the fake does not answer " + operation));
    }
  }

  private Failure nextFailure(String operation) {
    Deque<Failure> queue = scripted.get(operation);
    if (queue == null) {
      return null;
    }
    synchronized (queue) {
      return queue.poll();
    }
  }

  private String listResponse(XmlElement request) {
    List<XmlElement> queries = request.children("queries");
    if (queries.size() > 3) {
      limitViolations.incrementAndGet();
      return fault("INVALID_OPERATION", "a listMetadata call takes at most 3 queries");
    }
    StringBuilder xml = new StringBuilder("<listMetadataResponse>");
    int id = 0;
    for (XmlElement query : queries) {
      String typeName = query.child("type").map(XmlElement::text).orElse("");
      EcaType type = EcaType.byApiName(typeName).orElse(null);
      if (type == null) {
        continue;
      }
      for (String name : new TreeMap<>(components.getOrDefault(type, Map.of())).keySet()) {
        id++;
        xml.append("<result>")
            .append("<createdById>005000000000001AAA</createdById>")
            .append("<createdByName>Admin User</createdByName>")
            .append("<createdDate>2026-01-05T10:00:00.000Z</createdDate>")
            .append("<fileName>").append(type.directory()).append('/').append(escape(name))
            .append(type.suffix().replace("-meta.xml", "")).append("</fileName>")
            .append("<fullName>").append(escape(name)).append("</fullName>")
            .append("<id>").append(String.format("0xI%015d", id)).append("</id>")
            .append("<lastModifiedById>005000000000001AAA</lastModifiedById>")
            .append("<lastModifiedByName>Admin User</lastModifiedByName>")
            .append("<lastModifiedDate>2026-01-05T10:00:00.000Z</lastModifiedDate>")
            .append("<manageableState>unmanaged</manageableState>")
            .append("<type>").append(type.apiName()).append("</type>")
            .append("</result>");
      }
    }
    return envelope(xml.append("</listMetadataResponse>").toString());
  }

  private String readResponse(XmlElement request, double version) {
    String typeName = request.child("type").map(XmlElement::text).orElse("");
    List<String> names = request.children("fullNames").stream().map(XmlElement::text).toList();
    if (names.size() > 10) {
      limitViolations.incrementAndGet();
      return fault("LIMIT_EXCEEDED", "readMetadata takes at most 10 names");
    }
    EcaType type = EcaType.byApiName(typeName).orElse(null);
    if (type == null) {
      return fault("INVALID_TYPE", "INVALID_TYPE: Unknown type name '" + typeName + "'");
    }
    if (deniedTypes.containsKey(type)) {
      return fault(deniedTypes.get(type), deniedTypes.get(type) + ": insufficient access rights on object id");
    }
    StringBuilder xml = new StringBuilder("<readMetadataResponse><result>");
    Map<String, String> stored = components.getOrDefault(type, Map.of());
    for (String name : names) {
      String fields = stored.get(name);
      if (fields == null) {
        // The API answers an unknown name with an empty record rather than a fault.
        xml.append("<records xsi:type=\"").append(type.apiName()).append("\"/>");
        continue;
      }
      xml.append("<records xsi:type=\"").append(type.apiName()).append("\">")
          .append("<fullName>").append(escape(name)).append("</fullName>")
          .append(withoutFieldsAfter(fields, version))
          .append("</records>");
    }
    return envelope(xml.append("</result></readMetadataResponse>").toString());
  }

  /** One deploy the fake was sent. */
  private record Deploy(String id, boolean checkOnly, Map<EcaType, Map<String, String>> staged,
      List<String[]> failures, int total, AtomicInteger polls, AtomicBoolean applied) {}

  private String deployResponse(XmlElement request, String sessionId) {
    String base64 = request.children().stream().filter(c -> c.localName().equalsIgnoreCase("ZipFile"))
        .map(XmlElement::text).findFirst().orElse("");
    Map<String, String> options = new TreeMap<>();
    request.children().stream().filter(c -> c.localName().equalsIgnoreCase("DeployOptions")).findFirst()
        .ifPresent(o -> o.children().forEach(c -> options.put(c.localName(), c.text())));
    deployOptions.add(options);
    Map<String, String> entries = new TreeMap<>();
    try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(
        new java.io.ByteArrayInputStream(java.util.Base64.getMimeDecoder().decode(base64)))) {
      for (java.util.zip.ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        entries.put(entry.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException | IllegalArgumentException e) {
      return fault("INVALID_ZIP", "the zip cannot be read: " + e.getMessage());
    }
    deployedZips.add(entries);
    boolean checkOnly = "true".equals(options.get("checkOnly"));
    List<String[]> failures = new java.util.ArrayList<>();
    Map<EcaType, Map<String, String>> staged = new java.util.EnumMap<>(EcaType.class);
    int total = checkPackage(entries, staged, failures);
    String id = String.format("0Af%015d", deployIds.incrementAndGet());
    deploys.put(id, new Deploy(id, checkOnly, staged, failures, total, new AtomicInteger(), new AtomicBoolean()));
    String expire = expireOnDeploy;
    if (expire != null && expire.equals(sessionId)) {
      expireOnDeploy = null;
      validTokens.remove(expire);
    }
    return envelope("<deployResponse><result><done>false</done><id>" + id + "</id><state>Queued</state>"
        + "</result></deployResponse>");
  }

  /** Checks the unzipped package as an org does; returns the number of components and fills what would be stored. */
  private int checkPackage(Map<String, String> entries, Map<EcaType, Map<String, String>> staged,
      List<String[]> failures) {
    String manifest = entries.get("package.xml");
    if (manifest == null) {
      failures.add(new String[] {"", "package.xml", "package.xml", "0", "No package.xml found"});
      return 0;
    }
    XmlElement pkg;
    try {
      pkg = XmlTreeReader.parse(manifest.getBytes(StandardCharsets.UTF_8));
    } catch (XmlTreeReader.XmlProblem e) {
      failures.add(new String[] {"", "package.xml", "package.xml", String.valueOf(e.line()), e.getMessage()});
      return 0;
    }
    java.util.Set<String> expectedFiles = new java.util.TreeSet<>();
    int total = 0;
    for (XmlElement types : pkg.children("types")) {
      String typeName = types.child("name").map(XmlElement::text).orElse("");
      EcaType type = EcaType.byApiName(typeName).orElse(null);
      for (XmlElement member : types.children("members")) {
        total++;
        if (type == null) {
          failures.add(new String[] {typeName, member.text(), "package.xml", "0", "Unknown type name '" + typeName
              + "' specified in package.xml"});
          continue;
        }
        String file = type.directory() + "/" + member.text() + type.suffix().replace("-meta.xml", "");
        expectedFiles.add(file);
        String content = entries.get(file);
        if (content == null) {
          failures.add(new String[] {typeName, member.text(), "package.xml", "0", "An object '" + member.text()
              + "' of type " + typeName + " was named in package.xml, but was not found in zipped directory"});
          continue;
        }
        checkComponent(type, member.text(), file, content, entries, staged, failures);
      }
    }
    for (String name : entries.keySet()) {
      if (!name.equals("package.xml") && !expectedFiles.contains(name)) {
        failures.add(new String[] {"", name, name, "0", "The file " + name + " is not named in package.xml"});
      }
    }
    return total;
  }

  private void checkComponent(EcaType type, String fullName, String file, String content, Map<String, String> entries,
      Map<EcaType, Map<String, String>> staged, List<String[]> failures) {
    XmlElement root;
    try {
      root = XmlTreeReader.parse(content.getBytes(StandardCharsets.UTF_8));
    } catch (XmlTreeReader.XmlProblem e) {
      failures.add(new String[] {type.apiName(), fullName, file, String.valueOf(e.line()), "Error parsing file: "
          + e.getMessage()});
      return;
    }
    if (!root.localName().equals(type.apiName()) || !MD_NS.equals(root.namespace())) {
      failures.add(new String[] {type.apiName(), fullName, file, String.valueOf(root.line()), "Error parsing file: "
          + "the root element must be " + type.apiName() + " in " + MD_NS});
      return;
    }
    String injected = failingComponents.get(type.apiName() + ":" + fullName);
    if (injected != null) {
      failures.add(new String[] {type.apiName(), fullName, file, String.valueOf(root.line()), injected});
      return;
    }
    dev.ecaprovisioner.eca.EcaComponent component =
        dev.ecaprovisioner.eca.EcaComponents.fromElement(type, root, fullName, file);
    for (dev.ecaprovisioner.schema.EcaSchema.SchemaViolation v
        : dev.ecaprovisioner.schema.EcaSchema.violations(component)) {
      failures.add(new String[] {type.apiName(), fullName, file, String.valueOf(v.line()), v.message()});
      return;
    }
    if (type != EcaType.EXTERNAL_CLIENT_APPLICATION) {
      String app = component.appName();
      boolean known = app != null && (components.getOrDefault(EcaType.EXTERNAL_CLIENT_APPLICATION, Map.of())
          .containsKey(app) || entries.containsKey(EcaType.EXTERNAL_CLIENT_APPLICATION.directory() + "/" + app
          + ".eca"));
      if (!known) {
        failures.add(new String[] {type.apiName(), fullName, file, String.valueOf(root.line()),
            "no ExternalClientApplication named " + app + " found"});
        return;
      }
    }
    Matcher inner = Pattern.compile("<" + type.apiName() + "[^>]*>(.*)</" + type.apiName() + ">", Pattern.DOTALL)
        .matcher(content);
    staged.computeIfAbsent(type, t -> new TreeMap<>()).put(fullName, inner.find() ? inner.group(1) : "");
  }

  private String checkDeployResponse(XmlElement request) {
    String id = request.child("asyncProcessId").map(XmlElement::text).orElse("");
    Deploy deploy = deploys.get(id);
    if (deploy == null) {
      return fault("INVALID_ID_FIELD", "INVALID_ID_FIELD: invalid deploy id " + id);
    }
    boolean done = deploy.polls().incrementAndGet() >= pollsUntilDone;
    boolean success = deploy.failures().isEmpty();
    if (done && success && !deploy.checkOnly() && deploy.applied().compareAndSet(false, true)) {
      deploy.staged().forEach((type, named) -> named.forEach((name, fields) -> put(type, name,
          keepCredentials(type, name, fields))));
    }
    String status = !done ? "InProgress" : success ? "Succeeded" : "Failed";
    StringBuilder xml = new StringBuilder("<checkDeployStatusResponse><result>")
        .append("<checkOnly>").append(deploy.checkOnly()).append("</checkOnly>");
    if (done) {
      xml.append("<completedDate>2026-01-05T10:00:05.000Z</completedDate>");
    }
    xml.append("<createdBy>005000000000001AAA</createdBy><createdByName>Admin User</createdByName>")
        .append("<createdDate>2026-01-05T10:00:00.000Z</createdDate><details>");
    if (done) {
      for (String[] f : deploy.failures()) {
        xml.append("<componentFailures><changed>false</changed><columnNumber>").append(f[3].equals("0") ? 0 : 5)
            .append("</columnNumber><componentType>").append(escape(f[0])).append("</componentType>")
            .append("<created>false</created><createdDate>2026-01-05T10:00:04.000Z</createdDate>")
            .append("<deleted>false</deleted><fileName>").append(escape(f[2])).append("</fileName>")
            .append("<fullName>").append(escape(f[1])).append("</fullName><lineNumber>").append(f[3])
            .append("</lineNumber><problem>").append(escape(f[4])).append("</problem>")
            .append("<problemType>Error</problemType><success>false</success></componentFailures>");
      }
    }
    xml.append("</details><done>").append(done).append("</done>");
    if (done && !success) {
      xml.append("<errorStatusCode>ALL_OR_NONE_OPERATION_ROLLED_BACK</errorStatusCode>");
    }
    int deployed = done && success ? deploy.total() : 0;
    xml.append("<id>").append(id).append("</id><ignoreWarnings>false</ignoreWarnings>")
        .append("<lastModifiedDate>2026-01-05T10:00:05.000Z</lastModifiedDate>")
        .append("<numberComponentErrors>").append(done ? deploy.failures().size() : 0)
        .append("</numberComponentErrors>")
        .append("<numberComponentsDeployed>").append(deployed).append("</numberComponentsDeployed>")
        .append("<numberComponentsTotal>").append(deploy.total()).append("</numberComponentsTotal>")
        .append("<numberTestErrors>0</numberTestErrors><numberTestsCompleted>0</numberTestsCompleted>")
        .append("<numberTestsTotal>0</numberTestsTotal><rollbackOnError>true</rollbackOnError>")
        .append("<runTestsEnabled>false</runTestsEnabled><startDate>2026-01-05T10:00:01.000Z</startDate>")
        .append("<status>").append(status).append("</status><success>").append(done && success)
        .append("</success></result></checkDeployStatusResponse>");
    return envelope(xml.toString());
  }

  /**
   * What the org keeps of a deployed component: a global OAuth settings file without consumer key or secret keeps
   * the ones the org had, and a new app gets a key of its own.
   */
  private String keepCredentials(EcaType type, String name, String fields) {
    if (type != EcaType.GLOBAL_OAUTH_SETTINGS) {
      return fields;
    }
    String before = stored(type, name);
    if (rotateKeyOnDeploy && before != null) {
      before = before.replaceAll("<consumerKey>[^<]*</consumerKey>", "");
    }
    String kept = fields;
    for (String element : List.of("consumerKey", "consumer" + "Secret")) {
      if (kept.contains("<" + element + ">")) {
        continue;
      }
      Matcher old = before == null ? null
          : Pattern.compile("<" + element + ">[^<]*</" + element + ">").matcher(before);
      if (old != null && old.find()) {
        kept = kept + old.group();
      } else if (element.equals("consumerKey") && (before == null || rotateKeyOnDeploy)) {
        kept = kept + "<consumerKey>KEY-" + java.util.UUID.randomUUID() + "</consumerKey>";
      }
    }
    return kept;
  }

  private static String withoutFieldsAfter(String fields, double version) {
    String kept = fields;
    for (Map.Entry<String, Double> field : FIELD_SINCE.entrySet()) {
      if (version < field.getValue()) {
        kept = kept.replaceAll("<" + field.getKey() + ">[^<]*</" + field.getKey() + ">", "");
      }
    }
    return kept;
  }

  private static String envelope(String body) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"" + SOAP_NS
        + "\" xmlns=\"" + MD_NS + "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>"
        + body + "</soapenv:Body></soapenv:Envelope>";
  }

  private static String fault(String code, String message) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"" + SOAP_NS
        + "\" xmlns:sf=\"" + MD_NS + "\"><soapenv:Body><soapenv:Fault><faultcode>sf:" + code
        + "</faultcode><faultstring>" + escape(message) + "</faultstring></soapenv:Fault></soapenv:Body>"
        + "</soapenv:Envelope>";
  }

  private void send(HttpExchange exchange, int status, String body) throws IOException {
    leaving();
    if (body.contains("<soapenv:Fault>") && status == 200) {
      status = 500;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    boolean gzip = String.valueOf(exchange.getRequestHeaders().getFirst("Accept-Encoding")).contains("gzip");
    exchange.getResponseHeaders().set("Content-Type", body.startsWith("<html") ? "text/html" : "text/xml;charset=UTF-8");
    if (gzip) {
      // Compressed whole and sent with its length: a chunked answer in small writes would meet the client's delayed
      // ACK and cost 40 ms a call, which no real org adds.
      java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
      try (OutputStream out = new GZIPOutputStream(compressed)) {
        out.write(bytes);
      }
      bytes = compressed.toByteArray();
      exchange.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sleep(Duration duration) {
    if (duration.isZero()) {
      return;
    }
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
