package dev.ecaprovisioner.org;

/**
 * A Metadata API call that failed, classified by what the caller can do about it. The message never holds a token.
 */
public class MetadataCallException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What a failure means for the caller. */
  public enum Kind {
    /** {@code INVALID_SESSION_ID}: the token expired or was revoked; a fresh one may help. */
    SESSION_INVALID,
    /** An HTTP 5xx, a timeout, a dropped connection or {@code REQUEST_LIMIT_EXCEEDED}: trying later may help. */
    RETRYABLE,
    /** {@code INSUFFICIENT_ACCESS}: the user or the org's settings do not allow this read. */
    DENIED,
    /** Anything else: trying again will not help. */
    FAILED
  }

  private final Kind kind;
  private final String faultCode;

  public MetadataCallException(Kind kind, String faultCode, String message) {
    super(message);
    this.kind = kind;
    this.faultCode = faultCode;
  }

  public Kind kind() {
    return kind;
  }

  /** The Salesforce fault code (e.g. {@code REQUEST_LIMIT_EXCEEDED}), or "" when the failure was not a SOAP fault. */
  public String faultCode() {
    return faultCode;
  }

  /** Classifies a SOAP fault by its code. */
  public static MetadataCallException ofFault(String faultCode, String faultString) {
    Kind kind = switch (faultCode) {
      case "INVALID_SESSION_ID" -> Kind.SESSION_INVALID;
      case "REQUEST_LIMIT_EXCEEDED", "SERVER_UNAVAILABLE", "UNKNOWN_EXCEPTION", "QUERY_TIMEOUT" -> Kind.RETRYABLE;
      case "INSUFFICIENT_ACCESS", "INSUFFICIENT_ACCESS_OR_READONLY" -> Kind.DENIED;
      default -> Kind.FAILED;
    };
    return new MetadataCallException(kind, faultCode, faultString == null || faultString.isBlank()
        ? faultCode : faultString);
  }
}
