package dev.ecaprovisioner.eca;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * An External Client App: its components joined by their {@code externalClientApplication} name. Any of the five may
 * be missing; rules and reports say so rather than fail.
 */
public record EcaApp(String name, Map<EcaType, EcaComponent> components) {
  public EcaApp {
    EnumMap<EcaType, EcaComponent> copy = new EnumMap<>(EcaType.class);
    copy.putAll(components);
    components = Collections.unmodifiableMap(copy);
  }

  public Optional<EcaComponent> component(EcaType type) {
    return Optional.ofNullable(components.get(type));
  }
}
