package dev.ecaprovisioner.provision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.OrgFailureException;
import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.org.MetadataApi;
import dev.ecaprovisioner.org.MetadataCallException;
import dev.ecaprovisioner.org.OrgReader;
import dev.ecaprovisioner.org.OrgSession;
import dev.ecaprovisioner.org.OrgSignIn;
import dev.ecaprovisioner.org.OrgSnapshot;
import dev.ecaprovisioner.org.OrgValidation;
import dev.ecaprovisioner.org.ReadOptions;
import dev.ecaprovisioner.org.ReadProgress;
import dev.ecaprovisioner.org.RestApi;
import dev.ecaprovisioner.org.RestCallException;
import dev.ecaprovisioner.org.Soql;
import dev.ecaprovisioner.profile.Profile;
import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.Finding;
import dev.ecaprovisioner.validate.ValidationReport;
import dev.ecaprovisioner.validate.Validator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The org side of provisioning: reads the app, resolves permission set names, writes the backup, deploys the plan
 * and reads the app back to check the plan kept its promise. One org, one session, renewed when the org says it
 * expired.
 */
public final class OrgProvisioning {
  private final MetadataApi api;
  private final RestApi rest;
  private final OrgSignIn signIn;
  private final ReadOptions options;
  private final Deployer.Polling polling;
  private OrgSession session;

  public OrgProvisioning(MetadataApi api, RestApi rest, OrgSignIn signIn, OrgSession session, ReadOptions options,
      Deployer.Polling polling) {
    this.api = api;
    this.rest = rest;
    this.signIn = signIn;
    this.session = session;
    this.options = options;
    this.polling = polling;
  }

  /** {@code org:ALIAS}, as reports name the target. */
  public String target() {
    return "org:" + signIn.label();
  }

  public OrgSession session() {
    return session;
  }

  /**
   * The app as the org holds it.
   *
   * @throws BadInputException when the org has no such app
   * @throws OrgFailureException when it could not be read
   */
  public OrgSnapshot read(String app) {
    OrgSnapshot snapshot = new OrgReader(api, options, ReadProgress.NONE).read(signIn, session, Set.of(app));
    if (snapshot.unreadApps().containsKey(app)) {
      throw new OrgFailureException("the app " + app + " could not be read from " + signIn.label() + ": "
          + snapshot.unreadApps().get(app));
    }
    return snapshot;
  }

  /** The app from a snapshot, with what could not be read of it. */
  public static EcaApp app(OrgSnapshot snapshot, String name) {
    return snapshot.apps().stream().filter(a -> a.name().equals(name)).findFirst()
        .orElseThrow(() -> new BadInputException("the org " + snapshot.org().label() + " has no External Client App"
            + " named " + name));
  }

  /**
   * Makes sure the org has no app of that name yet, for {@code --create}.
   *
   * @throws BadInputException when it has one
   */
  public void requireAbsent(String app) {
    try {
      read(app);
    } catch (BadInputException absent) {
      return;
    }
    throw new BadInputException("--create " + app + ": the org " + signIn.label() + " already has an External Client"
        + " App of that name; drop --create to fix it in place");
  }

  /**
   * The IDs of permission sets by their API names, in the order given, by one SOQL query.
   *
   * @throws BadInputException naming every name the org does not have
   */
  public List<String> permissionSetIds(List<String> names) {
    if (names.isEmpty()) {
      return List.of();
    }
    Set<String> wanted = new LinkedHashSet<>(names);
    String soql = "SELECT Id, Name FROM PermissionSet WHERE IsOwnedByProfile = false AND Name IN "
        + Soql.inList(wanted);
    RestApi.QueryResult result = query(soql, wanted.size() + 10);
    Map<String, String> ids = new LinkedHashMap<>();
    for (JsonNode record : result.records()) {
      ids.put(record.path("Name").asText(), record.path("Id").asText());
    }
    List<String> unknown = wanted.stream().filter(n -> !ids.containsKey(n)).toList();
    if (!unknown.isEmpty()) {
      throw new BadInputException("--permission-set " + String.join(", ", unknown) + ": the org " + signIn.label()
          + " has no permission set of that API name (Setup > Permission Sets shows the API Name)");
    }
    return wanted.stream().map(ids::get).toList();
  }

  private RestApi.QueryResult query(String soql, int max) {
    for (int attempt = 0; ; attempt++) {
      try {
        return rest.query(session, soql, max);
      } catch (RestCallException e) {
        if (e.kind() == MetadataCallException.Kind.SESSION_INVALID && attempt == 0) {
          session = session.withToken(signIn.renew(session));
          continue;
        }
        throw new OrgFailureException("the permission sets could not be looked up in " + signIn.label() + ": "
            + e.getMessage());
      }
    }
  }

  /** Writes the backup of the app as it is now, before a deploy changes it. */
  public Path backup(Path workingDirectory, EcaApp app, Instant now) {
    return Backup.write(workingDirectory, signIn.label(), app, session.apiVersion(), now);
  }

  /** Deploys the plan's changed components whole, as one package rolled back on any failure. */
  public Deployer.Outcome deploy(ProvisionPlan plan, boolean checkOnly) {
    byte[] zip = DeployPackage.zip(plan.componentsToDeploy(), session.apiVersion());
    Deployer.Outcome outcome = new Deployer(api, signIn, polling).deploy(session, zip, checkOnly);
    session = outcome.session();
    return outcome;
  }

  /**
   * Reads the app back after a deploy and checks it: the findings the plan promised to clear must be gone, and the
   * consumer key must be the one it had (its value is compared here and never shown).
   */
  public ProvisionOutcome.Verification verify(ProvisionPlan plan, List<Profile> profiles) {
    OrgSnapshot snapshot = read(plan.app());
    ValidationReport report = OrgValidation.validate(snapshot, new Validator(profiles), profiles);
    AppResult result = report.apps().stream().filter(a -> a.name().equals(plan.app())).findFirst()
        .orElseThrow(() -> new OrgFailureException("the app " + plan.app() + " is not in " + signIn.label()
            + " after the deploy"));
    List<String> still = new ArrayList<>();
    for (Finding finding : result.findings()) {
      if (plan.promised().contains(FindingKey.of(finding))) {
        still.add(finding.rule() + " (" + finding.severity().name().toLowerCase(java.util.Locale.ROOT) + ")");
      }
    }
    EcaApp after = snapshot.apps().stream().filter(a -> a.name().equals(plan.app())).findFirst().orElse(null);
    boolean keyChanged = plan.kind() != ProvisionPlan.Kind.CREATE && after != null
        && !Objects.equals(consumerKey(plan.before()), consumerKey(after));
    return new ProvisionOutcome.Verification(still, result.count(Severity.ERROR), result.count(Severity.WARNING),
        keyChanged, false);
  }

  /**
   * Reads the app back after a rollback and checks that every component the backup holds now has exactly the backup's
   * fields (credentials aside); the fields that still differ are listed as still found. Error findings do not fail a
   * rollback: it puts back what was, findings and all.
   */
  public ProvisionOutcome.Verification verifyRestored(ProvisionPlan plan, List<Profile> profiles) {
    OrgSnapshot snapshot = read(plan.app());
    EcaApp now = app(snapshot, plan.app());
    List<String> differ = new ArrayList<>();
    new Planner(profiles).restore(target(), now, plan.after(), "backup").changes()
        .forEach(c -> differ.add(c.type().apiName() + "." + c.field()));
    ValidationReport report = OrgValidation.validate(snapshot, new Validator(profiles), profiles);
    boolean keyChanged = !plan.before().components().isEmpty()
        && !Objects.equals(consumerKey(plan.before()), consumerKey(now));
    return new ProvisionOutcome.Verification(differ, report.count(Severity.ERROR), report.count(Severity.WARNING),
        keyChanged, true);
  }

  /** The key's fingerprint as the reader keeps it (the key itself is never read), compared, never shown. */
  private static Optional<String> consumerKey(EcaApp app) {
    return app.component(EcaType.GLOBAL_OAUTH_SETTINGS).flatMap(c -> c.value("consumerKey"));
  }
}
