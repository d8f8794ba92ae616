package dev.ecaprovisioner.validate;

/**
 * How to fix a finding, both ways an admin may work.
 *
 * @param setupLabel the setting's label in Setup (or what to do there)
 * @param metadataValue the value to write in the metadata field
 */
public record Fix(String setupLabel, String metadataValue) {}
