package dev.ecaprovisioner.cli;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.ExitCode;
import dev.ecaprovisioner.OrgFailureException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Builds the command line with the one place that maps what escapes a command to an exit code and a one-line
 * message: bad input and bad usage 2, org failures 3. A stack trace is printed only with {@code --verbose}.
 */
public final class Cli {
  private Cli() {}

  /** Runs a command in the process's working directory. */
  public static int run(String... args) {
    return newCommandLine(Path.of("")).execute(args);
  }

  /**
   * The command line with every command, reading relative paths (sfdx-project.json, config/profiles) against
   * {@code workingDirectory}. Tests give it a temporary directory and their own writers.
   */
  public static CommandLine newCommandLine(Path workingDirectory) {
    return newCommandLine(workingDirectory, System.getenv());
  }

  /** The command line with the environment variables commands read given, for tests. */
  public static CommandLine newCommandLine(Path workingDirectory, Map<String, String> environment) {
    CommandLine commandLine = new CommandLine(new EcaProvisionerCommand(workingDirectory, environment));
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(Cli::handleExecutionException);
    commandLine.setParameterExceptionHandler(Cli::handleParameterException);
    return commandLine;
  }

  private static int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    int code;
    String line;
    if (e instanceof BadInputException) {
      code = ExitCode.BAD_INPUT;
      line = inAdminsWords(e.getMessage());
    } else if (e instanceof OrgFailureException) {
      code = ExitCode.ORG_FAILURE;
      line = inAdminsWords(e.getMessage());
    } else {
      code = ExitCode.BAD_INPUT;
      line = "unexpected error: " + e + (isVerbose(parseResult) ? "" : " (--verbose shows the stack trace)");
    }
    err.println(oneLine(line));
    if (isVerbose(parseResult)) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
    CommandLine commandLine = e.getCommandLine();
    PrintWriter err = commandLine.getErr();
    err.println(oneLine(e.getMessage()) + " (see '" + commandLine.getCommandSpec().qualifiedName() + " --help')");
    err.flush();
    return ExitCode.BAD_INPUT;
  }

  private static boolean isVerbose(ParseResult parseResult) {
    for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /**
   * A message without what only a Java programmer would read, which parsers' words carry into it: exception class names
   * ({@code java.io.CharConversionException: }), source excerpts ({@code [Source: REDACTED ...]}), character offsets and
   * the names of the library settings behind a limit.
   */
  static String inAdminsWords(String message) {
    if (message == null) {
      return null;
    }
    return message
        .replaceAll("\\s*\\[Source: [^\\]]*\\]", "")
        .replaceAll(",? from `[A-Za-z]+\\.[A-Za-z]+\\(\\)`", "")
        .replaceAll("\\s*\\(at char #\\d+, byte #-?\\d+\\)", "")
        .replaceAll("\\b(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)(?::\\s*|\\b)", "")
        .replaceAll("\\(StreamReadFeature[^)]*\\)", "")
        .strip();
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
