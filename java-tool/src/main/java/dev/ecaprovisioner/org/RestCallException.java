package dev.ecaprovisioner.org;

/**
 * A REST API call that failed, classified as a {@link MetadataCallException} is, with the HTTP status and Salesforce's
 * {@code errorCode} (e.g. {@code INVALID_TYPE} for an object the user cannot see). The message never holds a token.
 */
public final class RestCallException extends Exception {
  private static final long serialVersionUID = 1L;

  private final MetadataCallException.Kind kind;
  private final int status;
  private final String errorCode;

  public RestCallException(MetadataCallException.Kind kind, int status, String errorCode, String message) {
    super(message);
    this.kind = kind;
    this.status = status;
    this.errorCode = errorCode == null ? "" : errorCode;
  }

  public MetadataCallException.Kind kind() {
    return kind;
  }

  /** The HTTP status, or 0 when no answer came. */
  public int status() {
    return status;
  }

  /** Salesforce's {@code errorCode}, or "" when the answer carried none. */
  public String errorCode() {
    return errorCode;
  }

  /**
   * Whether the user cannot read what was asked: the object is not visible to them ({@code INVALID_TYPE}, which
   * Salesforce answers for an object the user lacks access to), a field is not ({@code INVALID_FIELD}), or access is
   * refused outright.
   */
  public boolean notVisible() {
    return kind == MetadataCallException.Kind.DENIED
        || errorCode.equals("INVALID_TYPE") || errorCode.equals("INVALID_FIELD");
  }

  /** Classifies a Salesforce REST error answer by its status and {@code errorCode}. */
  static RestCallException of(int status, String errorCode, String message) {
    MetadataCallException.Kind kind;
    if (status == 401 || "INVALID_SESSION_ID".equals(errorCode)) {
      kind = MetadataCallException.Kind.SESSION_INVALID;
    } else if (status >= 500 || status == 429 || "REQUEST_LIMIT_EXCEEDED".equals(errorCode)
        || "QUERY_TIMEOUT".equals(errorCode)) {
      kind = MetadataCallException.Kind.RETRYABLE;
    } else if (status == 403 || "INSUFFICIENT_ACCESS".equals(errorCode)
        || "INSUFFICIENT_ACCESS_OR_READONLY".equals(errorCode) || "API_DISABLED_FOR_ORG".equals(errorCode)) {
      kind = MetadataCallException.Kind.DENIED;
    } else {
      kind = MetadataCallException.Kind.FAILED;
    }
    String text = message == null || message.isBlank() ? "HTTP " + status : message;
    return new RestCallException(kind, status, errorCode, text);
  }
}
