package dev.ecaprovisioner.profile;

import java.util.List;

/**
 * A client (or server) profile: the rules an External Client App must meet for that client to sign in and stay
 * connected.
 *
 * @param name the profile's name, which prefixes its rule ids
 * @param origin where it was loaded from: a file path, or {@code bundled:NAME.yaml} for a copy inside the jar
 * @param extendsNames the profiles it builds on, loaded with it
 * @param rules its own rules (not those of the profiles it extends)
 * @param controls compensating controls it defines
 * @param refresh how the client sends the refresh grant, or null when the profile does not say
 */
public record Profile(
    String name, String description, String origin, List<String> extendsNames, List<Rule> rules,
    List<Control> controls, RefreshStyle refresh) {
  public Profile {
    extendsNames = List.copyOf(extendsNames);
    rules = List.copyOf(rules);
    controls = List.copyOf(controls);
  }

  /** A profile that does not say how its client refreshes. */
  public Profile(String name, String description, String origin, List<String> extendsNames, List<Rule> rules,
      List<Control> controls) {
    this(name, description, origin, extendsNames, rules, controls, null);
  }
}
