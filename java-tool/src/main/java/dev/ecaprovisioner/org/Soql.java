package dev.ecaprovisioner.org;

import java.util.Collection;
import java.util.stream.Collectors;

/** Builds SOQL literals, so a name from a user or an org can never change the shape of a query. */
public final class Soql {
  private Soql() {}

  /** A SOQL string literal: quotes, backslashes and line breaks escaped as SOQL defines. */
  public static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\'' -> out.append("\\'");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> out.append(c);
      }
    }
    return out.append('\'').toString();
  }

  /** {@code ('a', 'b')} for an {@code IN} clause; the values must not be empty. */
  public static String inList(Collection<String> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("an IN list needs at least one value");
    }
    return values.stream().map(Soql::quote).collect(Collectors.joining(", ", "(", ")"));
  }
}
