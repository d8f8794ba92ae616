package dev.ecaprovisioner.connector;

import dev.ecaprovisioner.validate.Finding;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A generated connector: its files by name, in the order they are written, and where it disagrees with the app.
 *
 * @param files file name to content ({@code apiDefinition.swagger.json}, {@code apiProperties.json}, {@code
 *     README.md}, and {@code script.csx} for the actions variant)
 * @param findings the disagreements between the app and the connector, sorted
 */
public record GeneratedConnector(Map<String, String> files, List<Finding> findings) {
  public static final String API_DEFINITION = "apiDefinition.swagger.json";
  public static final String API_PROPERTIES = "apiProperties.json";
  public static final String README = "README.md";
  public static final String SCRIPT = "script.csx";

  public GeneratedConnector {
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    findings = findings.stream().sorted(Finding.ORDER).toList();
  }
}
