package dev.ecaprovisioner.provision;

import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.eca.MetadataField;
import dev.ecaprovisioner.schema.EcaSchema;
import dev.ecaprovisioner.schema.FieldKind;
import dev.ecaprovisioner.schema.FieldSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Applies field changes to an app in memory, and says what a field holds in words a plan can show. */
public final class AppChanges {
  /** Fields whose values never appear in a plan, a backup or a deploy: the org's own credentials. */
  static final Set<String> SECRET_FIELDS = Set.of("consumerKey", "consumerSecret");

  private AppChanges() {}

  /** The app with each change made: a value replaces the element (or is added), a null removes it. */
  public static EcaApp apply(EcaApp app, Collection<FieldChange> changes) {
    Map<EcaType, EcaComponent> components = new EnumMap<>(EcaType.class);
    components.putAll(app.components());
    for (FieldChange change : changes) {
      EcaComponent component = components.get(change.type());
      if (component != null) {
        components.put(change.type(), with(component, change.field(), change.after()));
      }
    }
    return new EcaApp(app.name(), components);
  }

  /** The component with one simple field set to {@code value}, or removed when it is null. */
  static EcaComponent with(EcaComponent component, String field, String value) {
    List<MetadataField> fields = new ArrayList<>();
    boolean placed = false;
    for (MetadataField f : component.fields()) {
      if (!f.name().equals(field)) {
        fields.add(f);
      } else if (value != null && !placed) {
        fields.add(MetadataField.simple(field, value, f.line()));
        placed = true;
      }
    }
    if (value != null && !placed) {
      fields.add(MetadataField.simple(field, value, 0));
    }
    return new EcaComponent(component.type(), component.fullName(), component.appName(), component.origin(), fields);
  }

  /**
   * What a component has for a field, for people: the value; {@code X (default)} or {@code (not set)} when absent; the
   * number of entries of a repeated element; and never a credential's value.
   */
  public static String shown(EcaComponent component, String field) {
    if (component == null) {
      return "(not set)";
    }
    List<MetadataField> all = component.all(field);
    if (SECRET_FIELDS.contains(field)) {
      return all.isEmpty() ? "(not set)" : "(set; value not shown)";
    }
    Optional<FieldSpec> spec = EcaSchema.field(component.type(), field);
    if (spec.map(FieldSpec::kind).orElse(FieldKind.STRING) == FieldKind.COMPLEX || all.size() > 1
        || !all.isEmpty() && !all.get(0).children().isEmpty()) {
      return all.isEmpty() ? "(not set)" : all.size() + (all.size() == 1 ? " entry" : " entries");
    }
    Optional<String> value = component.value(field).filter(v -> !v.isEmpty());
    if (value.isPresent()) {
      return value.get();
    }
    return spec.flatMap(FieldSpec::defaultValueIfAbsent).map(d -> d + " (default)").orElse("(not set)");
  }
}
