package dev.ecaprovisioner.provision;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.profile.Profile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One provisioning or rollback of one app in one org, step by step: read, plan, show, and (as asked) validate or
 * back up, deploy and read back. What the admin sees and answers goes through a {@link Dialogue}, so the command stays
 * a thin layer and tests can answer for the admin.
 */
public final class Provisioner {
  private final OrgProvisioning org;
  private final List<Profile> profiles;
  private final Planner planner;
  private final Path workingDirectory;
  private final Supplier<Instant> clock;

  public Provisioner(OrgProvisioning org, List<Profile> profiles, Path workingDirectory, Supplier<Instant> clock) {
    this.org = org;
    this.profiles = List.copyOf(profiles);
    this.planner = new Planner(profiles);
    this.workingDirectory = workingDirectory;
    this.clock = clock;
  }

  /** What to do with the plan once it is shown. */
  public enum Action {
    /** Show it; send nothing. */
    PLAN,
    /** Send it as a validation ({@code checkOnly}). */
    CHECK_ONLY,
    /** Back up, deploy it and read it back, once confirmed. */
    APPLY
  }

  /**
   * What the admin asked for.
   *
   * @param contactEmail for a new app; null to take the signed-in user's username
   * @param permissionSets API names of the permission sets whose users may use the app
   */
  public record Request(String app, boolean create, String contactEmail, List<String> permissionSets,
      String callbackUrl, Action action) {
    public Request {
      permissionSets = List.copyOf(permissionSets);
    }
  }

  /** Where the plan is shown and the admin confirms it. */
  public interface Dialogue {
    /** The plan is known; nothing has been sent. */
    void show(ProvisionPlan plan);

    /** Whether to deploy the plan shown. */
    boolean confirm(ProvisionPlan plan);
  }

  /** The plan and what became of it. */
  public record Result(ProvisionPlan plan, ProvisionOutcome outcome) {}

  /** Plans the app's changes and does with them what the request says. */
  public Result provision(Request request, Dialogue dialogue) {
    EcaApp current;
    if (request.create()) {
      org.requireAbsent(request.app());
      current = NewApp.base(request.app(), contactEmail(request));
    } else {
      current = OrgProvisioning.app(org.read(request.app()), request.app());
    }
    List<String> permissionSetIds = org.permissionSetIds(request.permissionSets());
    ProvisionPlan plan = planner.plan(org.target(), current, new Planner.Inputs(request.callbackUrl(),
        permissionSetIds), request.create() ? ProvisionPlan.Kind.CREATE : ProvisionPlan.Kind.UPDATE);
    dialogue.show(plan);
    if (plan.isEmpty() || request.action() == Action.PLAN) {
      return new Result(plan, ProvisionOutcome.planOnly(plan));
    }
    if (request.action() == Action.CHECK_ONLY) {
      Deployer.Outcome validated = org.deploy(plan, true);
      return new Result(plan, new ProvisionOutcome(ProvisionOutcome.Mode.CHECK_ONLY, null, validated.status(), null,
          List.of()));
    }
    if (!dialogue.confirm(plan)) {
      return new Result(plan, ProvisionOutcome.planOnly(plan));
    }
    Path backup = request.create() ? null : org.backup(workingDirectory, current, clock.get());
    Deployer.Outcome deployed = org.deploy(plan, false);
    if (!deployed.status().success()) {
      return new Result(plan, new ProvisionOutcome(ProvisionOutcome.Mode.APPLIED, backup, deployed.status(), null,
          List.of()));
    }
    List<String> notes = request.create() ? List.of("Find the consumer key in Setup: External Client App Manager > "
        + request.app() + " > Settings > OAuth Settings > Consumer Key and Secret (Salesforce asks you to verify your "
        + "identity first). The tool never reads, prints or stores the consumer secret.", "A new app may answer "
        + "invalid_client_id for several minutes (reports say up to 30) before Salesforce accepts sign-ins to it.")
        : List.of();
    return new Result(plan, new ProvisionOutcome(ProvisionOutcome.Mode.APPLIED, backup, deployed.status(),
        org.verify(plan, profiles), notes));
  }

  /**
   * Plans putting a backup back and, when {@code apply} and confirmed, backs up the app as it is, deploys the
   * backup's components and reads the app back.
   *
   * @param shown how the plan names the backup
   */
  public Result rollback(EcaApp wanted, String shown, boolean apply, Dialogue dialogue) {
    EcaApp current;
    try {
      current = OrgProvisioning.app(org.read(wanted.name()), wanted.name());
    } catch (BadInputException gone) {
      current = new EcaApp(wanted.name(), Map.of());
    }
    ProvisionPlan plan = planner.restore(org.target(), current, wanted, shown);
    dialogue.show(plan);
    if (plan.isEmpty() || !apply || !dialogue.confirm(plan)) {
      return new Result(plan, ProvisionOutcome.planOnly(plan));
    }
    Path before = current.components().isEmpty() ? null : org.backup(workingDirectory, current, clock.get());
    Deployer.Outcome deployed = org.deploy(plan, false);
    ProvisionOutcome.Verification verified = deployed.status().success() ? org.verifyRestored(plan, profiles) : null;
    return new Result(plan, new ProvisionOutcome(ProvisionOutcome.Mode.APPLIED, before, deployed.status(), verified,
        List.of()));
  }

  private String contactEmail(Request request) {
    String email = request.contactEmail() != null ? request.contactEmail() : org.session().username();
    if (email == null || !email.contains("@")) {
      throw new BadInputException("--create needs --contact-email EMAIL: the signed-in user's username is not known");
    }
    return email;
  }
}
