package dev.ecaprovisioner.audit;

import dev.ecaprovisioner.OrgFailureException;
import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.org.MetadataCallException;
import dev.ecaprovisioner.org.OauthTokens;
import dev.ecaprovisioner.org.OrgSession;
import dev.ecaprovisioner.org.OrgSignIn;
import dev.ecaprovisioner.org.RestApi;
import dev.ecaprovisioner.org.RestCallException;
import dev.ecaprovisioner.org.Soql;
import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.Finding;
import dev.ecaprovisioner.validate.Fix;
import dev.ecaprovisioner.validate.Location;
import dev.ecaprovisioner.validate.TargetFacts;
import dev.ecaprovisioner.validate.ValidationReport;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which of an org's apps anyone uses: users holding OAuth tokens and the last use, from {@code OauthToken} through
 * the REST API ({@link OauthTokens}), and an info finding for each app no one used for {@code unusedDays}. An unused
 * app still accepts sign-ins: attack surface, the more so with broad scopes.
 *
 * <p>{@code OauthToken.AppName} is the app's label, not its API name: tokens are matched to apps through the
 * {@code label} of their {@code ExternalClientApplication}. A user who cannot read {@code OauthToken} gets one note
 * for the org, never a failed audit.
 */
public final class AppUsage {
  /** The rule id of the note that no one used an app for {@code --unused-days}. */
  public static final String RULE_APP_UNUSED = "audit/app-unused";
  public static final int DEFAULT_UNUSED_DAYS = 90;
  /**
   * The most characters of labels one query names: the query travels in a GET URL, whose length servers and proxies
   * cap (commonly at 8 to 16 KB), and URL-encoding can triple a label; an org of 1,000 apps takes a handful of queries.
   */
  static final int MAX_LABEL_CHARS_PER_QUERY = 4_000;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  private AppUsage() {}

  /**
   * Reads who uses the apps of a snapshot. A session the org refuses is renewed once through {@code signIn}; any
   * failure is the returned usage's {@code unavailable}, never an exception.
   */
  public static TargetFacts.Usage read(RestApi api, OrgSignIn signIn, OrgSession session, List<EcaApp> apps,
      int unusedDays) {
    Map<String, List<String>> appsByLabel = new TreeMap<>();
    for (EcaApp app : apps) {
      String label = app.component(EcaType.EXTERNAL_CLIENT_APPLICATION).flatMap(c -> c.value("label"))
          .filter(l -> !l.isBlank()).orElse(app.name());
      appsByLabel.computeIfAbsent(label, l -> new ArrayList<>()).add(app.name());
    }
    List<OauthTokens.Token> tokens = new ArrayList<>();
    boolean truncated = false;
    OrgSession current = session;
    for (List<String> labels : batches(List.copyOf(appsByLabel.keySet()))) {
      OauthTokens.Result result;
      try {
        try {
          result = OauthTokens.read(api, current, labels);
        } catch (RestCallException e) {
          if (e.kind() != MetadataCallException.Kind.SESSION_INVALID || signIn == null) {
            throw e;
          }
          current = current.withToken(signIn.renew(current));
          result = OauthTokens.read(api, current, labels);
        }
      } catch (RestCallException e) {
        return TargetFacts.Usage.unavailable(why(e, session), unusedDays);
      } catch (OrgFailureException e) {
        return TargetFacts.Usage.unavailable("the org refused the session for OauthToken: " + e.getMessage(),
            unusedDays);
      }
      tokens.addAll(result.tokens());
      truncated |= result.truncated();
    }
    Map<String, OauthTokens.Usage> byLabel = new OauthTokens.Result(tokens, truncated).usageByApp();
    Map<String, TargetFacts.AppUsage> byApp = new HashMap<>();
    appsByLabel.forEach((label, names) -> {
      OauthTokens.Usage used = byLabel.get(label);
      TargetFacts.AppUsage usage = used == null ? new TargetFacts.AppUsage(0, 0, null)
          : new TargetFacts.AppUsage(used.users(), used.tokens(), used.lastUsed());
      names.forEach(name -> byApp.put(name, usage));
    });
    return new TargetFacts.Usage(byApp, null, unusedDays, truncated);
  }

  private static String why(RestCallException e, OrgSession session) {
    String user = session.username() == null ? "the user" : session.username();
    if (e.notVisible()) {
      return user + " cannot read OauthToken (" + (e.errorCode().isEmpty() ? "HTTP " + e.status() : e.errorCode())
          + "), so who uses the apps is not known; a user with Customize Application sees every user's tokens";
    }
    return "OauthToken could not be read, so who uses the apps is not known: " + e.getMessage();
  }

  /** Labels in groups whose quoted length stays under {@link #MAX_LABEL_CHARS_PER_QUERY}. */
  static List<List<String>> batches(List<String> labels) {
    List<List<String>> batches = new ArrayList<>();
    List<String> batch = new ArrayList<>();
    int length = 0;
    for (String label : labels) {
      int quoted = Soql.quote(label).length() + 2;
      if (!batch.isEmpty() && length + quoted > MAX_LABEL_CHARS_PER_QUERY) {
        batches.add(batch);
        batch = new ArrayList<>();
        length = 0;
      }
      batch.add(label);
      length += quoted;
    }
    if (!batch.isEmpty()) {
      batches.add(batch);
    }
    return batches;
  }

  /**
   * The report with an info finding on every app no one used for the usage's {@code unusedDays} before {@code now}.
   * Nothing is added when usage was not read, or was truncated (an app past the cap would look unused).
   */
  public static ValidationReport withUnusedApps(ValidationReport report, TargetFacts.Usage usage, Instant now) {
    TargetFacts facts = report.facts() == null ? new TargetFacts(null, null, usage, null)
        : report.facts().withUsage(usage);
    if (usage.unavailable() != null || usage.truncated()) {
      return report.with(report.apps(), facts);
    }
    Instant cutoff = now.minus(Duration.ofDays(usage.unusedDays()));
    List<AppResult> apps = new ArrayList<>();
    for (AppResult app : report.apps()) {
      TargetFacts.AppUsage used = usage.of(app.name());
      if (used == null || (used.lastUsed() != null && !used.lastUsed().isBefore(cutoff))) {
        apps.add(app);
        continue;
      }
      List<Finding> findings = new ArrayList<>(app.findings());
      findings.add(unused(report.target(), app.name(), used, usage.unusedDays()));
      apps.add(new AppResult(app.name(), findings, app.passedRules()));
    }
    return report.with(apps, facts);
  }

  private static Finding unused(String target, String app, TargetFacts.AppUsage used, int days) {
    String actual = used.tokens() == 0 ? "no user holds a token"
        : used.lastUsed() == null ? "never used"
        : "last used " + DAY.format(used.lastUsed());
    String who = used.tokens() == 0 ? "no user holds a token for it"
        : used.users() + (used.users() == 1 ? " user holds" : " users hold") + " tokens for it, " + actual;
    return new Finding(RULE_APP_UNUSED, Severity.INFO, EcaType.EXTERNAL_CLIENT_APPLICATION.apiName(), null,
        "used in the last " + days + " days", actual,
        "No one has used " + app + " in the last " + days + " days (" + who + "). An app no one uses still "
            + "accepts sign-ins with the scopes it grants: attack surface to remove if no one needs it",
        new Fix("External Client App Manager: delete the app, or revoke its OAuth tokens, if no one needs it", null),
        new Location(target + "/" + EcaType.EXTERNAL_CLIENT_APPLICATION.apiName() + "/" + app, 0), null);
  }
}
