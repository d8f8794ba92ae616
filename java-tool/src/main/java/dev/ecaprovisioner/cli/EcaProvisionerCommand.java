package dev.ecaprovisioner.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level command: only subcommands, {@code --help} and {@code --version}. */
@Command(
    name = "eca-provisioner",
    mixinStandardHelpOptions = true,
    versionProvider = EcaProvisionerCommand.Version.class,
    subcommands = {ValidateCommand.class, AuditCommand.class, ProvisionCommand.class, RollbackCommand.class,
        DoctorCommand.class, ConnectorCommand.class},
    description = "Checks and provisions Salesforce External Client Apps for MCP clients.",
    footer = {"", "Exit codes:", "  0  no error finding", "  1  at least one error finding",
        "  2  bad usage or bad input", "  3  an org or connection failure"})
public final class EcaProvisionerCommand implements Callable<Integer> {
  private final Path workingDirectory;
  private final Map<String, String> environment;

  @Spec
  CommandSpec spec;

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "After the one-line message of a failure, print its stack trace.")
  boolean verbose;

  EcaProvisionerCommand(Path workingDirectory, Map<String, String> environment) {
    this.workingDirectory = workingDirectory;
    this.environment = Map.copyOf(environment);
  }

  /** The directory relative paths are read against. */
  public Path workingDirectory() {
    return workingDirectory;
  }

  /** The environment variables commands may read (SF_ACCESS_TOKEN, ECA_PROVISIONER_SF); tests give their own. */
  public Map<String, String> environment() {
    return environment;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return dev.ecaprovisioner.ExitCode.BAD_INPUT;
  }

  /** The version written in the jar's manifest at build time. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"eca-provisioner " + version()};
    }

    static String version() {
      String version = EcaProvisionerCommand.class.getPackage().getImplementationVersion();
      return version == null ? "development build" : version;
    }
  }
}
