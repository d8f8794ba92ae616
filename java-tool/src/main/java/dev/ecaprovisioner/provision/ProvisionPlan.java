package dev.ecaprovisioner.provision;

import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What provisioning will change in one app, and what it cannot change.
 *
 * @param target where the app lives: {@code org:ALIAS}, or {@code source} for local files
 * @param app the app's API name
 * @param kind what the plan does
 * @param profiles the profiles the plan was computed from, each after those it extends
 * @param changes every field that changes, in type order and then in the order the rules ran
 * @param unplanned findings the plan leaves as they are, with why
 * @param promised the findings the plan clears: after it is applied, none of them may be found again
 * @param before the app as it is (empty for a new app)
 * @param after the app as the plan leaves it
 */
public record ProvisionPlan(String target, String app, Kind kind, List<String> profiles, List<FieldChange> changes,
    List<Unplanned> unplanned, Set<FindingKey> promised, EcaApp before, EcaApp after) {
  public ProvisionPlan {
    profiles = List.copyOf(profiles);
    changes = List.copyOf(changes);
    unplanned = List.copyOf(unplanned);
    promised = Set.copyOf(promised);
  }

  /** What a plan does. */
  public enum Kind {
    /** Fixes an app that exists. */
    UPDATE,
    /** Creates a new app. */
    CREATE,
    /** Puts a backup back. */
    ROLLBACK
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /** The changes of each type that has any, in {@link EcaType} order. */
  public Map<EcaType, List<FieldChange>> byType() {
    Map<EcaType, List<FieldChange>> grouped = new EnumMap<>(EcaType.class);
    for (FieldChange change : changes) {
      grouped.computeIfAbsent(change.type(), t -> new ArrayList<>()).add(change);
    }
    return grouped;
  }

  /**
   * The components to deploy: each type with a change, whole, as the plan leaves it. A deploy replaces a component
   * with the file it is given, so a component is never sent in part; types without a change are not sent at all.
   */
  public List<EcaComponent> componentsToDeploy() {
    return byType().keySet().stream().map(t -> after.components().get(t)).toList();
  }
}
