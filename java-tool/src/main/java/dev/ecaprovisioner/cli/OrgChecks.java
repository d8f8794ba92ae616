package dev.ecaprovisioner.cli;

import dev.ecaprovisioner.org.OrgReader;
import dev.ecaprovisioner.org.OrgSession;
import dev.ecaprovisioner.org.OrgSignIn;
import dev.ecaprovisioner.org.OrgSnapshot;
import dev.ecaprovisioner.org.OrgValidation;
import dev.ecaprovisioner.org.ProgressBar;
import dev.ecaprovisioner.org.ReadOptions;
import dev.ecaprovisioner.org.WscMetadataApi;
import dev.ecaprovisioner.profile.Profile;
import dev.ecaprovisioner.validate.TargetFacts;
import dev.ecaprovisioner.validate.ValidationReport;
import dev.ecaprovisioner.validate.Validator;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads orgs and checks what they hold: the part {@code validate --target-org} and {@code audit} share. */
final class OrgChecks {
  private OrgChecks() {}

  /** One org's read and its report. */
  record OrgResult(OrgSnapshot snapshot, ValidationReport report) {}

  /** What a command adds to an org's report once the org is read, with the session still open (audit: usage). */
  @FunctionalInterface
  interface AfterRead {
    AfterRead NOTHING = (signIn, session, snapshot, report) -> report;

    ValidationReport apply(OrgSignIn signIn, OrgSession session, OrgSnapshot snapshot, ValidationReport report);

    /**
     * Called once every org is signed in to and before any is read, so that what a session tells (the org id) can
     * stop the run before it costs API calls.
     */
    default void signedIn(List<OrgSession> sessions) {}
  }

  /**
   * Signs in to every org first, so that a wrong alias or an expired login stops the run before any org is read,
   * then reads and checks them one after another (each read is parallel within its org). A progress bar goes to
   * {@code err} on a terminal unless the report is {@code machineReadable}.
   */
  static List<OrgResult> run(List<OrgSignIn> signIns, Set<String> apps, ReadOptions options, List<Profile> profiles,
      PrintWriter err, boolean machineReadable) {
    return run(signIns, apps, options, profiles, err, machineReadable, AfterRead.NOTHING);
  }

  /**
   * As {@link #run(List, Set, ReadOptions, List, PrintWriter, boolean)}, each report then passed through
   * {@code afterRead}. Every report carries its org's id and instance URL, which a later audit compares by.
   */
  static List<OrgResult> run(List<OrgSignIn> signIns, Set<String> apps, ReadOptions options, List<Profile> profiles,
      PrintWriter err, boolean machineReadable, AfterRead afterRead) {
    Validator validator = new Validator(profiles);
    List<OrgSession> sessions = signIns.stream().map(OrgSignIn::open).toList();
    afterRead.signedIn(sessions);
    WscMetadataApi.keepConnectionsFor(options.concurrency());
    WscMetadataApi api = new WscMetadataApi(options.connectTimeout(), options.readTimeout());
    List<OrgResult> results = new ArrayList<>();
    for (int i = 0; i < signIns.size(); i++) {
      OrgSignIn signIn = signIns.get(i);
      OrgReader reader = new OrgReader(api, options, ProgressBar.on(err, signIn.label(),
          System.console() != null, machineReadable));
      OrgSnapshot snapshot = reader.read(signIn, sessions.get(i), apps);
      ValidationReport report = OrgValidation.validate(snapshot, validator, profiles);
      report = report.with(report.apps(), new TargetFacts(snapshot.org().orgId(), snapshot.org().instanceUrl(), null,
          null));
      results.add(new OrgResult(snapshot, afterRead.apply(signIn, sessions.get(i), snapshot, report)));
    }
    return results;
  }

  /** One line per problem on stderr: apps that could not be read are errors, the rest warnings. */
  static void printProblems(List<OrgResult> results, PrintWriter err) {
    for (OrgResult result : results) {
      OrgSnapshot snapshot = result.snapshot();
      String org = snapshot.org().label();
      if (snapshot.unreadApps().containsKey(OrgReader.EVERY_APP)) {
        err.println("error: org " + org + " could not be read: " + snapshot.unreadApps().get(OrgReader.EVERY_APP));
      } else if (!snapshot.unreadApps().isEmpty()) {
        List<String> names = List.copyOf(snapshot.unreadApps().keySet());
        err.println("error: org " + org + ": " + names.size() + (names.size() == 1 ? " app" : " apps")
            + " could not be read and " + (names.size() == 1 ? "was" : "were") + " not checked ("
            + String.join(", ", names.subList(0, Math.min(5, names.size())))
            + (names.size() > 5 ? ", ..." : "") + "): " + snapshot.unreadApps().get(names.get(0)));
      }
      snapshot.unknownParts().keySet().stream().findFirst().ifPresent(first -> err.println("warning: org " + org
          + ": the settings of " + snapshot.unknownParts().size() + " app(s) could not be read and are reported as "
          + "unknown: " + snapshot.unknownParts().get(first).values().iterator().next()));
      snapshot.warnings().forEach(w -> err.println("warning: org " + org + ": " + w));
    }
    err.flush();
  }
}
