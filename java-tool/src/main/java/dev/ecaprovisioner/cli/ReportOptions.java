package dev.ecaprovisioner.cli;

import dev.ecaprovisioner.report.RenderOptions;
import dev.ecaprovisioner.report.ReportFormat;
import dev.ecaprovisioner.validate.FailOn;
import dev.ecaprovisioner.validate.ValidationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Collection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options that say how a report comes out and where it goes, shared by every reporting command. */
final class ReportOptions {
  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = FormatConverter.class,
      description = "text, json, markdown, html, sarif or junit. Default: ${DEFAULT-VALUE}.")
  ReportFormat format;

  @Option(names = "--output", paramLabel = "FILE", description = "Write the report to FILE instead of stdout (- is "
      + "stdout). A regular file is replaced whole; a device or FIFO is written to; an input of the run is refused.")
  Path output;

  /**
   * Renders the reports in the chosen format to {@code out}, or to {@code --output} read against
   * {@code workingDirectory}. Text is coloured only on a terminal, and not when {@code NO_COLOR} is set.
   */
  void write(List<ValidationReport> reports, Path workingDirectory, Map<String, String> environment,
      PrintWriter out) {
    write(reports, workingDirectory, environment, out, FailOn.ERROR, List.of());
  }

  /**
   * As {@link #write(List, Path, Map, PrintWriter)}, the report's status following {@code --fail-on}, refusing an
   * {@code --output} that is one of {@code inputs}.
   */
  void write(List<ValidationReport> reports, Path workingDirectory, Map<String, String> environment,
      PrintWriter out, FailOn failOn, Collection<Path> inputs) {
    boolean toStdout = ReportOutput.isStdout(output);
    boolean colour = toStdout && format == ReportFormat.TEXT && System.console() != null
        && environment.get("NO_COLOR") == null;
    String rendered = format.renderer(new RenderOptions(colour, EcaProvisionerCommand.Version.version(),
        Instant.now(), failOn)).render(reports);
    ReportOutput.write(rendered, toStdout ? null : workingDirectory.resolve(output), out, inputs);
  }

  /** Reads a format name in any case, and names the formats when it is none of them. */
  static final class FormatConverter implements CommandLine.ITypeConverter<ReportFormat> {
    @Override
    public ReportFormat convert(String value) {
      return ReportFormat.byLabel(value).orElseThrow(() -> new CommandLine.TypeConversionException(
          "'" + value + "' is not a format: use text, json, markdown, html, sarif or junit"));
    }
  }
}
