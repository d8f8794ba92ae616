package dev.ecaprovisioner;

import java.nio.file.Path;

/**
 * Input the tool cannot use: a malformed file, an unknown value, a wrong option. Its message is the one line the user
 * sees, naming the file (and line, where there is one) and the problem. Maps to {@link ExitCode#BAD_INPUT}.
 */
public class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A problem at a line of a file; {@code line} below 1 means the file as a whole. */
  public static BadInputException at(Path file, int line, String problem) {
    return new BadInputException(line > 0 ? file + ":" + line + ": " + problem : file + ": " + problem);
  }
}
