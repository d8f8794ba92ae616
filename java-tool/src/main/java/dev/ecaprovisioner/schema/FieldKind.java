package dev.ecaprovisioner.schema;

/** What a metadata field holds, which decides how its text is checked and compared. */
public enum FieldKind {
  BOOLEAN,
  /** One of a fixed set of values ({@link FieldSpec#allowedValues()}). */
  ENUM,
  /** A whole number; when {@link FieldSpec#allowedValues()} is not empty, only those numbers. */
  INTEGER,
  STRING,
  /** A comma-separated list of OAuth scopes in their metadata names ({@code Api, RefreshToken}). */
  SCOPE_LIST,
  /** An element with child elements, possibly repeated ({@code trustedIpRanges}). */
  COMPLEX
}
