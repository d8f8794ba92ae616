package dev.ecaprovisioner.report;

/**
 * @param colour whether text output may use ANSI colours (only when writing to a terminal)
 * @param toolVersion the version named in SARIF and JUnit output
 */
public record RenderOptions(boolean colour, String toolVersion) {}
