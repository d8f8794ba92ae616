package dev.ecaprovisioner.profile;

import dev.ecaprovisioner.eca.EcaType;
import java.util.List;

/**
 * A test of one field of one ECA type, e.g. {@code isSecretRequiredForRefreshToken equals false}.
 *
 * @param values the operand(s) as text; scope names are stored by their metadata names
 * @param line the line of the profile it was written on
 */
public record Condition(EcaType type, String field, Operator operator, List<String> values, int line) {
  public Condition {
    values = List.copyOf(values);
  }

  /** The single operand of a one-value operator. */
  public String value() {
    return values.get(0);
  }
}
