package dev.ecaprovisioner.report;

import java.util.Locale;

/** The output formats of every reporting command. */
public enum ReportFormat {
  TEXT,
  JSON,
  MARKDOWN,
  HTML,
  SARIF,
  JUNIT;

  public ReportRenderer renderer(RenderOptions options) {
    return switch (this) {
      case TEXT -> new TextRenderer(options.colour());
      case JSON -> new JsonRenderer(options);
      case MARKDOWN -> new MarkdownRenderer();
      case HTML -> new HtmlRenderer(options.toolVersion(), options.generatedAt());
      case SARIF -> new SarifRenderer(options.toolVersion());
      case JUNIT -> new JunitRenderer();
    };
  }

  /** Whether the output is for programs (so nothing else may be drawn around it, such as a progress bar). */
  public boolean machineReadable() {
    return this == JSON || this == SARIF || this == JUNIT;
  }

  /** The word used on the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format a user typed, in any case. */
  public static java.util.Optional<ReportFormat> byLabel(String label) {
    for (ReportFormat format : values()) {
      if (format.label().equalsIgnoreCase(label)) {
        return java.util.Optional.of(format);
      }
    }
    return java.util.Optional.empty();
  }
}
