package dev.ecaprovisioner.cli;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.audit.AppUsage;
import dev.ecaprovisioner.audit.Baseline;
import dev.ecaprovisioner.org.HttpRestApi;
import dev.ecaprovisioner.org.OauthTokens;
import dev.ecaprovisioner.org.OrgSession;
import dev.ecaprovisioner.org.OrgSignIn;
import dev.ecaprovisioner.org.OrgSnapshot;
import dev.ecaprovisioner.org.ReadOptions;
import dev.ecaprovisioner.profile.Profile;
import dev.ecaprovisioner.profile.ProfileLoader;
import dev.ecaprovisioner.validate.FailOn;
import dev.ecaprovisioner.validate.TargetFacts;
import dev.ecaprovisioner.validate.ValidationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
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

/**
 * {@code audit}: every External Client App of one or more orgs, checked against client profiles, with who uses each
 * app and, given a baseline, what changed since an earlier audit, in one report.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    versionProvider = EcaProvisionerCommand.Version.class,
    description = {"Reads every External Client App of one or more orgs through the Metadata API and checks them "
        + "against client profiles.",
        "Reports the findings by rule, then every app with its findings and who uses it (OAuth tokens read from "
            + "OauthToken); with --baseline, what is new, unchanged or fixed since an earlier audit's JSON report."},
    footer = {"", "Exit codes: 0 nothing at the --fail-on level, 1 at least one finding at it (an app that could not "
        + "be read counts as one), 2 bad usage or bad input (a malformed baseline, or one of another org), 3 sign-in "
        + "failed or an org could not be read at all."})
public final class AuditCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @ParentCommand
  EcaProvisionerCommand parent;

  @Mixin
  OrgOptions org;

  @Mixin
  ReportOptions report;

  @Mixin
  FailOnOption failOn;

  @Option(names = "--profile", paramLabel = "NAME|FILE",
      description = "A client profile by name or .yaml path (repeatable; profiles combine). Default: "
          + ProfileLoader.DEFAULT_PROFILE + ".")
  List<String> profiles = new ArrayList<>();

  @Option(names = "--baseline", paramLabel = "FILE",
      description = "The JSON report of an earlier audit of the same org(s): marks every finding new, unchanged or "
          + "fixed, and names apps that appeared or disappeared.")
  Path baseline;

  @Option(names = "--unused-days", paramLabel = "N", defaultValue = "" + AppUsage.DEFAULT_UNUSED_DAYS,
      description = "An app no one used for N days gets an info finding. Default: ${DEFAULT-VALUE}.")
  int unusedDays;

  @Override
  public Integer call() {
    if (!org.given()) {
      throw new BadInputException("audit needs --target-org ALIAS (repeatable) or --instance-url URL");
    }
    if (unusedDays < 1 || unusedDays > 3650) {
      throw new BadInputException("--unused-days must be 1 to 3650, not " + unusedDays);
    }
    FailOn threshold = failOn.threshold(baseline != null);
    Path workingDirectory = parent.workingDirectory();
    Baseline before = baseline == null ? null : Baseline.read(workingDirectory.resolve(baseline));
    List<Profile> loaded = new ProfileLoader(workingDirectory).load(profiles);
    ReadOptions options = org.readOptions();
    HttpRestApi rest = new HttpRestApi(options);
    Instant now = Instant.now();
    OrgChecks.AfterRead withUsage = new OrgChecks.AfterRead() {
      @Override
      public void signedIn(List<OrgSession> sessions) {
        if (before != null) {
          sessions.forEach(s -> before.covers(s.label(), s.orgId(), s.instanceUrl().toString()));
        }
      }

      @Override
      public ValidationReport apply(OrgSignIn signIn, OrgSession session, OrgSnapshot snapshot,
          ValidationReport checked) {
        return snapshot.nothingRead() ? checked : AppUsage.withUnusedApps(checked,
            AppUsage.read(rest, signIn, session, snapshot.apps(), unusedDays), now);
      }
    };
    List<OrgChecks.OrgResult> results = OrgChecks.run(org.signIns(parent.environment()), Set.of(), options,
        loaded, spec.commandLine().getErr(), report.format.machineReadable(), withUsage);
    List<ValidationReport> reports = results.stream().map(OrgChecks.OrgResult::report).toList();
    if (before != null) {
      reports = before.compare(reports);
    }
    report.write(reports, workingDirectory, parent.environment(), spec.commandLine().getOut(), threshold,
        ValidateCommand.profileFiles(loaded));
    PrintWriter err = spec.commandLine().getErr();
    OrgChecks.printProblems(results, err);
    for (int i = 0; i < reports.size(); i++) {
      TargetFacts facts = reports.get(i).facts();
      TargetFacts.Usage usage = facts == null ? null : facts.usage();
      String org = "warning: org " + results.get(i).snapshot().org().label() + ": ";
      if (usage != null && usage.unavailable() != null) {
        err.println(org + usage.unavailable());
      } else if (usage != null && usage.truncated()) {
        err.println(org + "more OAuth tokens than " + OauthTokens.MAX_ROWS + " per query, so no app is reported as "
            + "unused");
      }
    }
    err.flush();
    return ValidationReport.exitCode(reports, threshold);
  }
}
