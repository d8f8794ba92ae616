package dev.ecaprovisioner.org;

import com.sforce.soap.metadata.AsyncResult;
import com.sforce.soap.metadata.DeployMessage;
import com.sforce.soap.metadata.DeployOptions;
import com.sforce.soap.metadata.DeployResult;
import com.sforce.soap.metadata.FileProperties;
import com.sforce.soap.metadata.ListMetadataQuery;
import com.sforce.soap.metadata.MetadataConnection;
import com.sforce.ws.ConnectionException;
import com.sforce.ws.ConnectorConfig;
import com.sforce.ws.SoapFaultException;
import com.sforce.ws.transport.Transport;
import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaComponents;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.eca.MetadataField;
import dev.ecaprovisioner.eca.Xml;
import dev.ecaprovisioner.eca.XmlElement;
import dev.ecaprovisioner.eca.XmlTreeReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Metadata API through force-wsc.
 *
 * <p>{@code listMetadata} goes through the generated {@link MetadataConnection} of force-metadata-api: its answer
 * ({@code FileProperties}) has not changed since long before API 62. {@code readMetadata} does not: the generated
 * stubs stop at API 62 and would drop every field the org added later (such as {@code namedUserJwtSessionTimeoutType},
 * API 65). So the read envelope is written here and sent through force-wsc's own transport with the same
 * {@link ConnectorConfig} (endpoint at the org's API version, timeouts, compression), and the answer is parsed as plain
 * XML with {@link XmlTreeReader}, which keeps every element the org sends and drops {@code consumerSecret} as it
 * parses. A record becomes the same {@link EcaComponent} a source file gives.
 *
 * <p>{@code deploy} and {@code checkDeployStatus} go through the generated connection too: their request and answer
 * ({@code DeployOptions}, {@code AsyncResult}, {@code DeployResult}) carry no component fields, so the stubs' age
 * costs nothing there, and the components themselves travel as files in the zip.
 */
public final class WscMetadataApi implements MetadataApi {
  private static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";
  private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final int maxResponseBytes;

  public WscMetadataApi(Duration connectTimeout, Duration readTimeout) {
    this(connectTimeout, readTimeout, MAX_RESPONSE_BYTES);
  }

  /** With another cap on an answer's size, counted both as sent and once decompressed: for tests. */
  WscMetadataApi(Duration connectTimeout, Duration readTimeout, int maxResponseBytes) {
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.maxResponseBytes = maxResponseBytes;
  }

  /**
   * Lets the JDK's HTTP client keep one idle connection per call in flight. Its default keeps five per host and closes
   * the rest, so every further call would open a new connection, with a TLS handshake against a real org. The setting
   * is read once, when the first connection is made, so this is called before any; one the user set is kept.
   */
  public static void keepConnectionsFor(int concurrency) {
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", Integer.toString(concurrency));
    }
  }

  @Override
  public List<ListedComponent> listMetadata(OrgSession session, List<EcaType> types) throws MetadataCallException {
    if (types.isEmpty() || types.size() > MAX_LIST_QUERIES) {
      throw new IllegalArgumentException("listMetadata takes 1 to " + MAX_LIST_QUERIES + " types");
    }
    Transports status = new Transports();
    ConnectorConfig config = config(session, status);
    ListMetadataQuery[] queries = types.stream().map(t -> {
      ListMetadataQuery query = new ListMetadataQuery();
      query.setType(t.apiName());
      return query;
    }).toArray(ListMetadataQuery[]::new);
    FileProperties[] listed;
    try {
      listed = new MetadataConnection(config).listMetadata(queries, Double.parseDouble(session.apiVersion()));
    } catch (SoapFaultException e) {
      String code = e.getFaultCode() == null ? "" : e.getFaultCode().getLocalPart();
      throw MetadataCallException.ofFault(code, session.token().redact(e.getMessage()));
    } catch (ConnectionException e) {
      throw transportFailure(session, "listMetadata", e, status);
    } catch (RuntimeException e) {
      // force-wsc's binder fails unchecked on a <detail> it has no type for (a ClassCastException): the answer is
      // still the org's, and its fault code and message are in the body the transport kept.
      throw unboundAnswer(session, "listMetadata", status);
    }
    List<ListedComponent> result = new ArrayList<>();
    if (listed != null) {
      for (FileProperties p : listed) {
        Optional<EcaType> type = EcaType.byApiName(p.getType());
        if (type.isPresent() && p.getFullName() != null && !p.getFullName().isEmpty()) {
          result.add(new ListedComponent(type.get(), p.getFullName()));
        }
      }
    }
    return result;
  }

  @Override
  public List<EcaComponent> readMetadata(OrgSession session, EcaType type, List<String> fullNames)
      throws MetadataCallException {
    if (fullNames.isEmpty() || fullNames.size() > MAX_READ_NAMES) {
      throw new IllegalArgumentException("readMetadata takes 1 to " + MAX_READ_NAMES + " names");
    }
    Transports status = new Transports();
    ConnectorConfig config = config(session, status);
    byte[] answer;
    boolean successful;
    try {
      Transport transport = config.createTransport();
      try (OutputStream out = transport.connect(config.getServiceEndpoint(), "")) {
        out.write(readEnvelope(session, type, fullNames));
      }
      try (InputStream in = transport.getContent()) {
        answer = in.readAllBytes();
      }
      successful = transport.isSuccessful();
    } catch (IOException e) {
      // A timeout among them: transportFailure finds it in the cause chain, as it does for listMetadata.
      throw transportFailure(session, "readMetadata", new ConnectionException(e.getMessage(), e), status);
    } catch (ConnectionException e) {
      throw transportFailure(session, "readMetadata", e, status);
    }
    XmlElement envelope;
    try {
      envelope = XmlTreeReader.parse(new ByteArrayInputStream(answer));
    } catch (XmlTreeReader.XmlProblem | IOException e) {
      throw httpFailure("readMetadata", status.code(), "an answer that is not XML");
    }
    Optional<XmlElement> body = envelope.child("Body").filter(b -> b.namespace().equals(SOAP_NS));
    Optional<MetadataCallException> fault = fault(envelope, session);
    if (fault.isPresent()) {
      throw fault.get();
    }
    if (!successful || body.isEmpty()) {
      throw httpFailure("readMetadata", status.code(), "no SOAP answer");
    }
    List<EcaComponent> components = new ArrayList<>();
    body.flatMap(b -> b.child("readMetadataResponse")).flatMap(r -> r.child("result")).ifPresent(result -> {
      for (XmlElement record : result.children("records")) {
        boolean nil = record.attribute("nil").map("true"::equals).orElse(false);
        boolean named = record.child("fullName").map(f -> !f.text().isEmpty()).orElse(false);
        if (!nil && named) {
          components.add(asReadFrom(session, EcaComponents.fromElement(type, record, "", "")));
        }
      }
    });
    return components;
  }

  @Override
  public String deploy(OrgSession session, byte[] zip, boolean checkOnly) throws MetadataCallException {
    Transports status = new Transports();
    DeployOptions options = new DeployOptions();
    options.setRollbackOnError(true);
    options.setSinglePackage(true);
    options.setCheckOnly(checkOnly);
    options.setIgnoreWarnings(false);
    try {
      AsyncResult queued = new MetadataConnection(config(session, status)).deploy(zip, options);
      return queued.getId();
    } catch (SoapFaultException e) {
      String code = e.getFaultCode() == null ? "" : e.getFaultCode().getLocalPart();
      throw MetadataCallException.ofFault(code, session.token().redact(e.getMessage()));
    } catch (ConnectionException e) {
      throw transportFailure(session, "deploy", e, status);
    }
  }

  @Override
  public DeployStatus checkDeployStatus(OrgSession session, String deployId) throws MetadataCallException {
    Transports status = new Transports();
    DeployResult result;
    try {
      result = new MetadataConnection(config(session, status)).checkDeployStatus(deployId, true);
    } catch (SoapFaultException e) {
      String code = e.getFaultCode() == null ? "" : e.getFaultCode().getLocalPart();
      throw MetadataCallException.ofFault(code, session.token().redact(e.getMessage()));
    } catch (ConnectionException e) {
      throw transportFailure(session, "checkDeployStatus", e, status);
    }
    List<ComponentFailure> failures = new ArrayList<>();
    if (result.getDetails() != null && result.getDetails().getComponentFailures() != null) {
      for (DeployMessage m : result.getDetails().getComponentFailures()) {
        failures.add(new ComponentFailure(m.getComponentType(), m.getFullName(), m.getFileName(),
            session.token().redact(m.getProblem()), m.getLineNumber(), m.getColumnNumber()));
      }
    }
    return new DeployStatus(result.getId(), result.isDone(), result.isSuccess(), result.isCheckOnly(),
        result.getStatus() == null ? "" : result.getStatus().name(), session.token().redact(result.getErrorMessage()),
        result.getNumberComponentsTotal(), result.getNumberComponentsDeployed(), failures);
  }

  /** The SOAP fault an envelope holds, classified by its code. */
  private static Optional<MetadataCallException> fault(XmlElement envelope, OrgSession session) {
    return envelope.child("Body").filter(b -> b.namespace().equals(SOAP_NS)).flatMap(b -> b.child("Fault"))
        .map(fault -> {
          String code = fault.child("faultcode").map(XmlElement::text).orElse("");
          String text = fault.child("faultstring").map(XmlElement::text).orElse("");
          return MetadataCallException.ofFault(code.substring(code.indexOf(':') + 1), session.token().redact(text));
        });
  }

  /**
   * A record as read from the org: its origin names org, type and component ({@code org:dev/Type/Name}), its fields
   * have no line (the SOAP answer is not a file anyone can open), and {@code consumerSecret} is gone. The org sends
   * that element whenever it lets the user read it; its content was dropped by the reader, and the empty element goes
   * too, since in an org, unlike a source tree, it is expected and harmless. {@code consumerKey} stays as the
   * reader's fingerprint, so a provision can tell that the org issued a new key.
   */
  private static EcaComponent asReadFrom(OrgSession session, EcaComponent read) {
    String origin = "org:" + session.label() + "/" + read.type().apiName() + "/" + read.fullName();
    return new EcaComponent(read.type(), read.fullName(), read.appName(), origin, read.fields().stream()
        .filter(f -> !f.name().equals(XmlTreeReader.CONSUMER_SECRET))
        .map(WscMetadataApi::withoutLine)
        .toList());
  }

  private static MetadataField withoutLine(MetadataField field) {
    return new MetadataField(field.name(), field.value(), 0,
        field.children().stream().map(WscMetadataApi::withoutLine).toList());
  }

  private ConnectorConfig config(OrgSession session, Transports transports) {
    ConnectorConfig config = new ConnectorConfig();
    config.setServiceEndpoint(session.metadataEndpoint().toString());
    config.setSessionId(session.token().reveal());
    config.setManualLogin(true);
    config.setCompression(true);
    config.setConnectionTimeout(Math.toIntExact(connectTimeout.toMillis()));
    config.setReadTimeout(Math.toIntExact(readTimeout.toMillis()));
    config.setMaxResponseSize(maxResponseBytes);
    config.setTransportFactory(() -> transports.add(new StatusAwareTransport(config)));
    return config;
  }

  private static byte[] readEnvelope(OrgSession session, EcaType type, List<String> fullNames) {
    StringBuilder xml = new StringBuilder(512)
        .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        .append("<env:Envelope xmlns:env=\"").append(SOAP_NS).append("\" xmlns:m=\"")
        .append(EcaType.METADATA_NAMESPACE).append("\">")
        .append("<env:Header><m:SessionHeader><m:sessionId>").append(Xml.escape(session.token().reveal()))
        .append("</m:sessionId></m:SessionHeader></env:Header>")
        .append("<env:Body><m:readMetadata><m:type>").append(type.apiName()).append("</m:type>");
    for (String name : fullNames) {
      xml.append("<m:fullNames>").append(Xml.escape(name)).append("</m:fullNames>");
    }
    xml.append("</m:readMetadata></env:Body></env:Envelope>");
    return xml.toString().getBytes(StandardCharsets.UTF_8);
  }

  private MetadataCallException transportFailure(OrgSession session, String call, ConnectionException e,
      Transports status) {
    Throwable cause = e;
    while (cause != null) {
      if (cause instanceof StatusAwareTransport.AnswerTooLargeException) {
        return new MetadataCallException(MetadataCallException.Kind.FAILED, "", call + " failed: "
            + cause.getMessage());
      }
      if (cause instanceof SocketTimeoutException) {
        return new MetadataCallException(MetadataCallException.Kind.RETRYABLE, "",
            call + " timed out after " + readTimeout.toMillis() + " ms");
      }
      cause = cause.getCause();
    }
    byte[] errorBody = status.errorBody();
    if (errorBody != null) {
      try {
        XmlElement envelope = XmlTreeReader.parse(new ByteArrayInputStream(errorBody));
        Optional<MetadataCallException> fault = fault(envelope, session);
        if (fault.isPresent()) {
          return fault.get();
        }
      } catch (XmlTreeReader.XmlProblem | IOException notXml) {
        // A gateway's HTML page: the status says what it is.
      }
    }
    if (status.code() > 0) {
      return httpFailure(call, status.code(), "an answer that is not a SOAP message");
    }
    String detail = e.getCause() != null ? e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage()
        : e.getMessage();
    return new MetadataCallException(MetadataCallException.Kind.RETRYABLE, "",
        call + " failed: " + session.token().redact(detail));
  }

  /** What an answer force-wsc could not bind says: its SOAP fault if it has one, else its HTTP status. */
  private static MetadataCallException unboundAnswer(OrgSession session, String call, Transports status) {
    byte[] errorBody = status.errorBody();
    if (errorBody != null) {
      try {
        Optional<MetadataCallException> fault = fault(XmlTreeReader.parse(errorBody), session);
        if (fault.isPresent()) {
          return fault.get();
        }
      } catch (XmlTreeReader.XmlProblem notXml) {
        // Not a SOAP message: the status says what it is.
      }
    }
    return httpFailure(call, status.code(), "an answer that is not a SOAP message");
  }

  /** An HTTP answer that is not a SOAP fault: a gateway's 502/503 page, a 404 from a wrong URL. */
  private static MetadataCallException httpFailure(String call, int code, String what) {
    boolean retry = code <= 0 || code >= 500 || code == 429;
    String shown = code > 0 ? "HTTP " + code : "the connection";
    return new MetadataCallException(retry ? MetadataCallException.Kind.RETRYABLE : MetadataCallException.Kind.FAILED,
        "", call + " failed: " + shown + " with " + what);
  }

  /** The transports a call made (one, unless force-wsc retries), so that a failure can name the HTTP status. */
  private static final class Transports {
    private volatile StatusAwareTransport last;

    StatusAwareTransport add(StatusAwareTransport transport) {
      last = transport;
      return transport;
    }

    int code() {
      StatusAwareTransport transport = last;
      return transport == null ? 0 : transport.status();
    }

    byte[] errorBody() {
      StatusAwareTransport transport = last;
      return transport == null ? null : transport.errorBody();
    }
  }
}
