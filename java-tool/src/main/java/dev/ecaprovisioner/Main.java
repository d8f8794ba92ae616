package dev.ecaprovisioner;

import dev.ecaprovisioner.cli.Cli;

/** Runs the command line and exits with its code (see {@link ExitCode}). */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(Cli.run(args));
  }
}
