package dev.ecaprovisioner.provision;

import dev.ecaprovisioner.Severity;

/**
 * A finding the plan cannot fix by itself, and why: the value is one only the admin knows (a connector's redirect URL,
 * a permission set), the rule says only what to avoid, or the component could not be read.
 *
 * @param type the metadata type's API name, or null for an app-level finding
 * @param field the field, or null
 */
public record Unplanned(String rule, Severity severity, String type, String field, String why) {}
