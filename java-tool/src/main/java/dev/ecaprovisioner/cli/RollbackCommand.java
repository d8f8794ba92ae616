package dev.ecaprovisioner.cli;

import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.org.OrgSignIn;
import dev.ecaprovisioner.org.ReadOptions;
import dev.ecaprovisioner.profile.Profile;
import dev.ecaprovisioner.profile.ProfileLoader;
import dev.ecaprovisioner.provision.Backup;
import dev.ecaprovisioner.provision.ProvisionOutcome;
import dev.ecaprovisioner.provision.ProvisionPlan;
import dev.ecaprovisioner.provision.Provisioner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rollback}: the plan that puts a backup back, and with {@code --apply} its deploy. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    versionProvider = EcaProvisionerCommand.Version.class,
    description = {"Plans, and with --apply deploys, putting an External Client App back as a backup of provision "
        + "holds it: every field that differs, from what to what.",
        "The app's settings before the rollback are backed up first, so a rollback can be rolled back."},
    footer = {"", "Exit codes: 0 the plan was shown, or applied and the app has the backup's settings; 1 the deploy "
        + "failed (the org is as it was) or fields still differ; 2 bad usage or bad input (a folder that is not a "
        + "backup; nothing deployed); 3 an org or connection failure."})
public final class RollbackCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @ParentCommand
  EcaProvisionerCommand parent;

  @Mixin
  OrgOptions org;

  @Mixin
  PlanOptions plan;

  @Option(names = "--backup", paramLabel = "DIR", required = true,
      description = "A backup folder written by provision (.eca-provisioner/backups/ORG/APP/TIMESTAMP).")
  Path backup;

  @Option(names = "--profile", paramLabel = "NAME|FILE",
      description = "Profiles to report the restored app's findings against. Default: "
          + ProfileLoader.DEFAULT_PROFILE + ".")
  List<String> profiles = new ArrayList<>();

  @Override
  public Integer call() {
    plan.checkConfirmable();
    Path folder = parent.workingDirectory().resolve(backup);
    EcaApp wanted = Backup.read(folder);
    List<Profile> loaded = new ProfileLoader(parent.workingDirectory()).load(profiles);
    OrgSignIn signIn = PlanOptions.oneOrg(org, parent.environment(), "rollback");
    ReadOptions read = org.readOptions();
    Provisioner provisioner = new Provisioner(plan.orgProvisioning(signIn, signIn.open(), read), loaded,
        parent.workingDirectory(), Instant::now);
    PrintWriter out = spec.commandLine().getOut();
    Provisioner.Result result = provisioner.rollback(wanted, "backup " + backup, plan.apply,
        plan.dialogue("Put the backup back in " + signIn.label() + "?", out));
    return finish(result.plan(), result.outcome(), out);
  }

  private int finish(ProvisionPlan planned, ProvisionOutcome outcome, PrintWriter out) {
    out.print(plan.format.outcome(planned, outcome));
    out.flush();
    return outcome.exitCode();
  }
}
