package dev.ecaprovisioner.cli;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.org.OrgSignIn;
import dev.ecaprovisioner.org.ReadOptions;
import dev.ecaprovisioner.profile.Profile;
import dev.ecaprovisioner.profile.ProfileLoader;
import dev.ecaprovisioner.provision.Planner;
import dev.ecaprovisioner.provision.Provisioner;
import dev.ecaprovisioner.provision.ProvisionOutcome;
import dev.ecaprovisioner.provision.ProvisionPlan;
import dev.ecaprovisioner.provision.SourceProvisioning;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code provision}: the plan that makes an External Client App meet client profiles, from the same findings as
 * {@code validate}; with {@code --apply} deployed after a backup and checked by reading the app back.
 */
@Command(
    name = "provision",
    mixinStandardHelpOptions = true,
    versionProvider = EcaProvisionerCommand.Version.class,
    description = {"Plans, and with --apply deploys, the changes that make an External Client App meet client "
        + "profiles: per metadata type, each field from what to what and the rule it satisfies.",
        "Before a deploy it backs the app up (the folder is printed); after it, it reads the app back and "
            + "validates it. With --source DIR it edits local source files instead of an org."},
    footer = {"", "Exit codes: 0 the plan was shown, or applied and the app validates; 1 the deploy failed (the org "
        + "is as it was) or the app still has findings the plan was to clear; 2 bad usage or bad input (nothing "
        + "deployed, no backup written); 3 an org or connection failure."})
public final class ProvisionCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @ParentCommand
  EcaProvisionerCommand parent;

  @Mixin
  OrgOptions org;

  @Mixin
  PlanOptions plan;

  @Option(names = "--app", paramLabel = "NAME", required = true, description = "The app's API name.")
  String app;

  @Option(names = "--profile", paramLabel = "NAME|FILE",
      description = "A client profile by name or .yaml path (repeatable; profiles combine). Default: "
          + ProfileLoader.DEFAULT_PROFILE + ".")
  List<String> profiles = new ArrayList<>();

  @Option(names = "--permission-set", paramLabel = "NAME",
      description = "A permission set, by API name, whose users may use the app (repeatable): sets "
          + "commaSeparatedPermissionSet to their IDs and permittedUsersPolicyType to AdminApprovedPreAuthorized.")
  List<String> permissionSets = new ArrayList<>();

  @Option(names = "--callback-url", paramLabel = "URL",
      description = "The callback URL to set (https only), e.g. the redirect URL a Copilot Studio connector's "
          + "Security tab shows.")
  String callbackUrl;

  @Option(names = "--create", description = "Create the app (all five types, distributionState Local), shaped for "
      + "the profiles. Needs --callback-url.")
  boolean create;

  @Option(names = "--contact-email", paramLabel = "EMAIL",
      description = "With --create: the app's contact email. Default: the signed-in user's username.")
  String contactEmail;

  @Option(names = "--check-only", description = "Send the plan as a Metadata API validation (checkOnly): "
      + "Salesforce judges it without committing it.")
  boolean checkOnly;

  @Option(names = "--source", paramLabel = "DIR",
      description = "Apply the plan to the source files under DIR instead of an org.")
  Path source;

  @Override
  public Integer call() {
    checkOptions();
    List<Profile> loaded = new ProfileLoader(parent.workingDirectory()).load(profiles);
    Planner planner = new Planner(loaded);
    PrintWriter out = spec.commandLine().getOut();
    if (source != null) {
      return provisionSource(planner, out);
    }
    OrgSignIn signIn = PlanOptions.oneOrg(org, parent.environment(), "provision");
    ReadOptions read = org.readOptions();
    Provisioner provisioner = new Provisioner(plan.orgProvisioning(signIn, signIn.open(), read), loaded,
        parent.workingDirectory(), Instant::now);
    Provisioner.Action action = checkOnly ? Provisioner.Action.CHECK_ONLY
        : plan.apply ? Provisioner.Action.APPLY : Provisioner.Action.PLAN;
    Provisioner.Result result = provisioner.provision(new Provisioner.Request(app, create, contactEmail,
        permissionSets, callbackUrl, action), plan.dialogue("Deploy this plan to " + signIn.label() + "?", out));
    return finish(result.plan(), result.outcome(), out);
  }

  private int provisionSource(Planner planner, PrintWriter out) {
    EcaApp current = SourceProvisioning.read(parent.workingDirectory().resolve(source), app);
    ProvisionPlan planned = planner.plan("source", current, new Planner.Inputs(callbackUrl, List.of()),
        ProvisionPlan.Kind.UPDATE);
    out.print(plan.format.plan(planned));
    if (planned.isEmpty() || !plan.apply) {
      return finish(planned, ProvisionOutcome.planOnly(planned), out);
    }
    SourceProvisioning.write(planned);
    return finish(planned, new ProvisionOutcome(ProvisionOutcome.Mode.WRITTEN, null, null, null, List.of()), out);
  }

  private int finish(ProvisionPlan planned, ProvisionOutcome outcome, PrintWriter out) {
    out.print(plan.format.outcome(planned, outcome));
    out.flush();
    return outcome.exitCode();
  }

  private void checkOptions() {
    if (callbackUrl != null) {
      checkCallbackUrl(callbackUrl);
    }
    if (source != null) {
      if (org.given() || create || checkOnly || !permissionSets.isEmpty()) {
        throw new BadInputException("--source edits local files: it does not go with --target-org, --instance-url, "
            + "--create, --check-only or --permission-set");
      }
      if (plan.yes) {
        throw new BadInputException("--yes is for deploys; --source --apply edits the files without asking");
      }
      return;
    }
    if (create && callbackUrl == null) {
      throw new BadInputException("--create needs --callback-url URL: a new app without one cannot sign anyone in");
    }
    if (checkOnly && plan.apply) {
      throw new BadInputException("give --check-only (validate the plan) or --apply (deploy it), not both");
    }
    if (contactEmail != null && !create) {
      throw new BadInputException("--contact-email only goes with --create");
    }
    plan.checkConfirmable();
  }

  /** A callback URL must be an absolute https:// URL with a host: anything else is a redirect an attacker can use. */
  static void checkCallbackUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new BadInputException("--callback-url " + url + ": not a URL (" + e.getReason() + ")");
    }
    if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).equals("https")) {
      throw new BadInputException("--callback-url " + url + ": must be an https:// URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new BadInputException("--callback-url " + url + ": has no host");
    }
  }
}
