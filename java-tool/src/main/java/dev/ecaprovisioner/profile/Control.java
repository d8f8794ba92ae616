package dev.ecaprovisioner.profile;

import java.util.List;

/**
 * A compensating control: a setting that lowers the risk of switching a baseline control off (for example permitted
 * users limited to a permission set). It is present when all its conditions hold.
 *
 * @param label how an admin would name it
 * @param fix what to do to put it in place, in Setup words
 */
public record Control(String id, String label, List<Condition> conditions, String fix, String profile) {
  public Control {
    conditions = List.copyOf(conditions);
  }
}
