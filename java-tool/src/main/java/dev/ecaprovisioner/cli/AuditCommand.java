package dev.ecaprovisioner.cli;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.org.ReadOptions;
import dev.ecaprovisioner.profile.Profile;
import dev.ecaprovisioner.profile.ProfileLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code audit}: every External Client App of one or more orgs, checked against client profiles, in one report. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    versionProvider = EcaProvisionerCommand.Version.class,
    description = {"Reads every External Client App of one or more orgs through the Metadata API and checks them "
        + "against client profiles.",
        "Reports every app with its findings and a summary per org (apps, errors, warnings); the html format "
            + "puts the summary first."},
    footer = {"", "Exit codes: 0 no error finding, 1 at least one error finding (an app that could not be read "
        + "counts as one), 2 bad usage or bad input, 3 sign-in failed or an org could not be read at all."})
public final class AuditCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @ParentCommand
  EcaProvisionerCommand parent;

  @Mixin
  OrgOptions org;

  @Mixin
  ReportOptions report;

  @Option(names = "--profile", paramLabel = "NAME|FILE",
      description = "A client profile by name or .yaml path (repeatable; profiles combine). Default: "
          + ProfileLoader.DEFAULT_PROFILE + ".")
  List<String> profiles = new ArrayList<>();

  @Override
  public Integer call() {
    if (!org.given()) {
      throw new BadInputException("audit needs --target-org ALIAS (repeatable) or --instance-url URL");
    }
    ReadOptions options = org.readOptions();
    List<Profile> loaded = new ProfileLoader(parent.workingDirectory()).load(profiles);
    List<OrgChecks.OrgResult> results = OrgChecks.run(org.signIns(parent.environment()), Set.of(), options,
        loaded, spec.commandLine().getErr(), report.format.machineReadable());
    report.write(results.stream().map(OrgChecks.OrgResult::report).toList(), parent.workingDirectory(),
        parent.environment(), spec.commandLine().getOut(), ValidateCommand.profileFiles(loaded));
    OrgChecks.printProblems(results, spec.commandLine().getErr());
    return OrgChecks.exitCode(results);
  }
}
