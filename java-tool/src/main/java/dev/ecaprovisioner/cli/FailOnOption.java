package dev.ecaprovisioner.cli;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.validate.FailOn;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --fail-on}: which findings make {@code validate} and {@code audit} exit 1, as a linter's threshold does. */
final class FailOnOption {
  @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "error", converter = Converter.class,
      description = "Exit 1 on any error (default), on any warning or error, or with audit --baseline only on "
          + "new-error: errors the baseline did not have. An app that could not be read fails at every level.")
  FailOn failOn;

  /** The threshold, once it is known whether a baseline is given: {@code new-error} means nothing without one. */
  FailOn threshold(boolean baselineGiven) {
    if (failOn == FailOn.NEW_ERROR && !baselineGiven) {
      throw new BadInputException("--fail-on new-error fails only on errors a baseline did not have: use it with "
          + "audit --baseline FILE");
    }
    return failOn;
  }

  /** Reads a level in any case, and names the levels when it is none of them. */
  static final class Converter implements CommandLine.ITypeConverter<FailOn> {
    @Override
    public FailOn convert(String value) {
      return FailOn.byLabel(value).orElseThrow(() -> new CommandLine.TypeConversionException(
          "'" + value + "' is not a --fail-on level: use error, warning or new-error"));
    }
  }
}
