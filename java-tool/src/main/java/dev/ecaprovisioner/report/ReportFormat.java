package dev.ecaprovisioner.report;

import java.util.Locale;

/** The output formats of every reporting command. */
public enum ReportFormat {
  TEXT,
  JSON,
  MARKDOWN,
  SARIF,
  JUNIT;

  public ReportRenderer renderer(RenderOptions options) {
    return switch (this) {
      case TEXT -> new TextRenderer(options.colour());
      case JSON -> new JsonRenderer();
      case MARKDOWN -> new MarkdownRenderer();
      case SARIF -> new SarifRenderer(options.toolVersion());
      case JUNIT -> new JunitRenderer();
    };
  }

  /** The word used on the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
