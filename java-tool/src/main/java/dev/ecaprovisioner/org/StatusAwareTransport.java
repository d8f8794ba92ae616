package dev.ecaprovisioner.org;

import com.sforce.ws.ConnectorConfig;
import com.sforce.ws.transport.JdkHttpTransport;
import com.sforce.ws.transport.LimitingInputStream;
import com.sforce.ws.transport.Transport;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.HashMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * force-wsc's HTTP transport, made to remember the answer's HTTP status. The connection itself is force-wsc's own
 * ({@link JdkHttpTransport#createConnection}: proxy, headers, connect and read timeouts from the
 * {@link ConnectorConfig}); what differs is only what happens around it. Its stock transport says no more than whether
 * the status was below 400, and a 503 from a gateway is worth a retry where a 404 is not; getting the status through a
 * message handler instead would make it copy every answer a byte at a time through the gzip stream, which cost a
 * quarter of the tool's CPU in a large read.
 */
final class StatusAwareTransport implements Transport {
  private ConnectorConfig config;
  private HttpURLConnection connection;
  private int status;
  private byte[] errorBody;

  StatusAwareTransport(ConnectorConfig config) {
    this.config = config;
  }

  @Override
  public void setConfig(ConnectorConfig config) {
    this.config = config;
  }

  @Override
  public OutputStream connect(String uri, String soapAction) throws IOException {
    HashMap<String, String> headers = new HashMap<>();
    headers.put("SOAPAction", "\"" + (soapAction == null ? "" : soapAction) + "\"");
    headers.put("Content-Type", "text/xml; charset=UTF-8");
    headers.put("Accept", "text/xml");
    return connect(uri, headers, true);
  }

  @Override
  public OutputStream connect(String uri, HashMap<String, String> headers) throws IOException {
    return connect(uri, headers, true);
  }

  @Override
  public OutputStream connect(String uri, HashMap<String, String> headers, boolean enableCompression)
      throws IOException {
    boolean gzip = enableCompression && config.isCompression();
    connection = JdkHttpTransport.createConnection(config, new URL(uri), headers, gzip);
    connection.setRequestMethod("POST");
    connection.setDoInput(true);
    connection.setDoOutput(true);
    OutputStream out = connection.getOutputStream();
    return gzip ? new GZIPOutputStream(out) : out;
  }

  @Override
  public InputStream getContent() throws IOException {
    InputStream in;
    try {
      in = connection.getInputStream();
    } catch (IOException e) {
      in = connection.getErrorStream();
      if (in == null) {
        throw e;
      }
    }
    status = connection.getResponseCode();
    if (config.getMaxResponseSize() > 0) {
      in = new LimitingInputStream(config.getMaxResponseSize(), in);
    }
    if ("gzip".equalsIgnoreCase(connection.getHeaderField("Content-Encoding"))) {
      // The cap above counts what came over the wire; a small gzip answer can expand a thousandfold, so what it
      // expands to is capped too.
      in = new GZIPInputStream(in, 8192);
      if (config.getMaxResponseSize() > 0) {
        in = new CappedInputStream(in, config.getMaxResponseSize());
      }
    }
    if (status >= 400) {
      // Kept for the caller: force-wsc cannot bind every fault (one with a <detail> it has no type for), and the
      // fault code in it decides between renewing the session, retrying and giving up.
      try (InputStream error = in) {
        errorBody = error.readAllBytes();
      }
      return new ByteArrayInputStream(errorBody);
    }
    return in;
  }

  /** An answer larger than the cap, counted after decompression. */
  static final class AnswerTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    AnswerTooLargeException(long cap) {
      super("the answer is larger than " + (cap >> 20) + " MB once decompressed");
    }
  }

  /** Passes at most {@code cap} bytes through, then fails rather than read on. */
  private static final class CappedInputStream extends FilterInputStream {
    private final long cap;
    private long read;

    CappedInputStream(InputStream in, long cap) {
      super(in);
      this.cap = cap;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws AnswerTooLargeException {
      read += n;
      if (read > cap) {
        throw new AnswerTooLargeException(cap);
      }
    }
  }

  /** The body of an answer with status 400 or above, or null. */
  byte[] errorBody() {
    return errorBody;
  }

  @Override
  public boolean isSuccessful() {
    return status > 0 && status < 400;
  }

  /** The HTTP status of the answer, or 0 before one came. */
  int status() {
    return status;
  }
}
