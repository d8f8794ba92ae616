package dev.ecaprovisioner.profile;

import dev.ecaprovisioner.schema.FieldKind;
import java.util.EnumSet;
import java.util.Set;

/** How a {@link Condition} compares a field's value; each has the YAML key a profile writes it with. */
public enum Operator {
  EQUALS("equals", EnumSet.of(FieldKind.BOOLEAN, FieldKind.ENUM, FieldKind.INTEGER, FieldKind.STRING), 1),
  NOT_EQUALS("notEquals", EnumSet.of(FieldKind.BOOLEAN, FieldKind.ENUM, FieldKind.INTEGER, FieldKind.STRING), 1),
  ONE_OF("oneOf", EnumSet.of(FieldKind.ENUM, FieldKind.INTEGER, FieldKind.STRING), -1),
  NOT_ONE_OF("notOneOf", EnumSet.of(FieldKind.ENUM, FieldKind.INTEGER, FieldKind.STRING), -1),
  /** Every listed scope is granted. */
  INCLUDES("includes", EnumSet.of(FieldKind.SCOPE_LIST), -1),
  /** None of the listed scopes is granted. */
  EXCLUDES("excludes", EnumSet.of(FieldKind.SCOPE_LIST), -1),
  AT_LEAST("atLeast", EnumSet.of(FieldKind.INTEGER), 1),
  AT_MOST("atMost", EnumSet.of(FieldKind.INTEGER), 1),
  /** {@code present: true} the element is set (non-empty), {@code present: false} it is not. */
  PRESENT("present", EnumSet.allOf(FieldKind.class), 1),
  /** At least one of the comma- or space-separated values matches the regular expression, whole. */
  ANY_MATCHES("anyMatches", EnumSet.of(FieldKind.STRING), 1);

  private final String key;
  private final Set<FieldKind> kinds;
  private final int arity;

  Operator(String key, Set<FieldKind> kinds, int arity) {
    this.key = key;
    this.kinds = kinds;
    this.arity = arity;
  }

  public String key() {
    return key;
  }

  public boolean appliesTo(FieldKind kind) {
    return kinds.contains(kind);
  }

  /** 1 when the operator takes one value, -1 when it takes a list. */
  public int arity() {
    return arity;
  }
}
