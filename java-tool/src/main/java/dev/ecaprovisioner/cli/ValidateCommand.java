package dev.ecaprovisioner.cli;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.org.ReadOptions;
import dev.ecaprovisioner.profile.Profile;
import dev.ecaprovisioner.profile.ProfileLoader;
import dev.ecaprovisioner.source.SourceTreeReader;
import dev.ecaprovisioner.validate.FailOn;
import dev.ecaprovisioner.validate.ValidationReport;
import dev.ecaprovisioner.validate.Validator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code validate}: checks the ECA metadata of a source tree against client profiles, with no org; or, with
 * {@code --target-org} or {@code --instance-url}, the apps of one org read through the Metadata API.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    versionProvider = EcaProvisionerCommand.Version.class,
    description = {"Checks the External Client App metadata of an sfdx source tree, or of an org, against what MCP "
        + "clients need.",
        "Reads the package directories of ./sfdx-project.json unless --source names directories; with --target-org "
            + "(or --instance-url) it reads that org through the Metadata API instead."},
    footer = {"", "Exit codes:", "  0  no error finding (with --fail-on warning: no warning either)",
        "  1  at least one error finding (with --fail-on warning: or warning)",
        "  2  bad usage or bad input", "  3  an org or connection failure (sign-in failed, or nothing could be read)"})
public final class ValidateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @ParentCommand
  EcaProvisionerCommand parent;

  @Option(names = "--source", paramLabel = "DIR",
      description = "A source directory to read (repeatable). Default: the packageDirectories of sfdx-project.json.")
  List<Path> sources = new ArrayList<>();

  @Option(names = "--profile", paramLabel = "NAME|FILE",
      description = "A client profile by name (config/profiles/NAME.yaml, else the bundled copy) or a .yaml path "
          + "(repeatable; profiles combine). Default: " + ProfileLoader.DEFAULT_PROFILE + ".")
  List<String> profiles = new ArrayList<>();

  @Option(names = "--app", paramLabel = "NAME", description = "Only this app (repeatable).")
  List<String> apps = new ArrayList<>();

  @Mixin
  OrgOptions org;

  @Mixin
  ReportOptions report;

  @Mixin
  FailOnOption failOn;

  @Override
  public Integer call() {
    Path workingDirectory = parent.workingDirectory();
    FailOn threshold = failOn.threshold(false);
    List<Profile> loaded = new ProfileLoader(workingDirectory).load(profiles);
    if (org.given()) {
      return validateOrg(workingDirectory, loaded, threshold);
    }
    List<EcaApp> found = appsFromSource(workingDirectory);
    ValidationReport checked = new Validator(loaded).validate("source", select(found));
    List<Path> inputs = new ArrayList<>(profileFiles(loaded));
    found.forEach(app -> app.components().values().forEach(c -> inputs.add(Path.of(c.origin()))));
    if (sources.isEmpty()) {
      inputs.add(workingDirectory.resolve("sfdx-project.json"));
    }
    write(checked, workingDirectory, threshold, inputs);
    return ValidationReport.exitCode(List.of(checked), threshold);
  }

  private int validateOrg(Path workingDirectory, List<Profile> loaded, FailOn threshold) {
    if (!sources.isEmpty()) {
      throw new BadInputException("--source reads a source tree and --target-org an org: give one of them");
    }
    if (org.targetOrgs.size() > 1) {
      throw new BadInputException("validate checks one org; use `audit` to check several (--target-org "
          + String.join(", --target-org ", org.targetOrgs) + ")");
    }
    ReadOptions options = org.readOptions();
    List<OrgChecks.OrgResult> results = OrgChecks.run(org.signIns(parent.environment()), Set.copyOf(apps),
        options, loaded, spec.commandLine().getErr(), report.format.machineReadable());
    write(results.get(0).report(), workingDirectory, threshold, profileFiles(loaded));
    OrgChecks.printProblems(results, spec.commandLine().getErr());
    return ValidationReport.exitCode(List.of(results.get(0).report()), threshold);
  }

  private List<EcaApp> appsFromSource(Path workingDirectory) {
    List<Path> directories = sources.isEmpty()
        ? SourceTreeReader.packageDirectories(workingDirectory)
        : sources.stream().map(workingDirectory::resolve).toList();
    List<EcaApp> found = SourceTreeReader.read(directories);
    if (found.isEmpty()) {
      throw new BadInputException("no External Client App metadata under " + String.join(", ",
          directories.stream().map(Path::toString).toList()));
    }
    return found;
  }

  private void write(ValidationReport checked, Path workingDirectory, FailOn threshold, List<Path> inputs) {
    report.write(List.of(checked), workingDirectory, parent.environment(), spec.commandLine().getOut(), threshold,
        inputs);
  }

  /** The profile files a run read (bundled ones are in the jar, so no report can overwrite them). */
  static List<Path> profileFiles(List<Profile> profiles) {
    return profiles.stream().map(Profile::origin).filter(o -> !o.startsWith("bundled:")).map(Path::of).toList();
  }

  private List<EcaApp> select(List<EcaApp> found) {
    if (apps.isEmpty()) {
      return found;
    }
    Set<String> names = new TreeSet<>();
    found.forEach(a -> names.add(a.name()));
    for (String app : apps) {
      if (!names.contains(app)) {
        throw new BadInputException("--app " + app + ": no such app in the source (found: " + String.join(", ", names)
            + ")");
      }
    }
    return found.stream().filter(a -> apps.contains(a.name())).toList();
  }
}
