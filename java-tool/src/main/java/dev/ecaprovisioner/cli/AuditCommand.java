package dev.ecaprovisioner.cli;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.profile.Profile;
import dev.ecaprovisioner.profile.ProfileLoader;
import dev.ecaprovisioner.report.RenderOptions;
import dev.ecaprovisioner.report.ReportFormat;
import dev.ecaprovisioner.validate.ValidationReport;
import java.nio.file.Path;
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

  @Option(names = "--profile", paramLabel = "NAME|FILE",
      description = "A client profile by name or .yaml path (repeatable; profiles combine). Default: "
          + ProfileLoader.DEFAULT_PROFILE + ".")
  List<String> profiles = new ArrayList<>();

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      converter = ValidateCommand.FormatConverter.class,
      description = "text, json, markdown, html, sarif or junit. Default: ${DEFAULT-VALUE}.")
  ReportFormat format;

  @Option(names = "--output", paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
  Path output;

  @Override
  public Integer call() {
    if (!org.given()) {
      throw new BadInputException("audit needs --target-org ALIAS (repeatable) or --instance-url URL");
    }
    Path workingDirectory = parent.workingDirectory();
    List<Profile> loaded = new ProfileLoader(workingDirectory)
        .load(profiles.isEmpty() ? List.of(ProfileLoader.DEFAULT_PROFILE) : profiles);
    List<OrgChecks.OrgResult> results = OrgChecks.run(org.signIns(parent.environment()), Set.of(), org.readOptions(),
        loaded, spec.commandLine().getErr(),
        System.console() != null && !format.machineReadable());
    List<ValidationReport> reports = results.stream().map(OrgChecks.OrgResult::report).toList();
    boolean colour = output == null && format == ReportFormat.TEXT && System.console() != null
        && System.getenv("NO_COLOR") == null;
    String rendered = format.renderer(new RenderOptions(colour, EcaProvisionerCommand.Version.version()))
        .render(reports);
    ReportOutput.write(rendered, output == null ? null : workingDirectory.resolve(output), spec.commandLine().getOut());
    OrgChecks.printProblems(results, spec.commandLine().getErr());
    return OrgChecks.exitCode(results);
  }
}
