package dev.ecaprovisioner.validate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an audit knows of a target beyond its findings: which org it is (so a later audit can be compared with this
 * one), who uses its apps, and what changed since a baseline.
 *
 * @param orgId the org's 18-character id, or null when the sign-in did not say (a token from the environment)
 * @param instanceUrl the org's My Domain URL
 * @param usage who holds OAuth tokens for each app, or null when usage was not read
 * @param changes what changed since the baseline, or null when there is none
 */
public record TargetFacts(String orgId, String instanceUrl, Usage usage, Changes changes) {
  public TargetFacts withUsage(Usage read) {
    return new TargetFacts(orgId, instanceUrl, read, changes);
  }

  public TargetFacts withChanges(Changes compared) {
    return new TargetFacts(orgId, instanceUrl, usage, compared);
  }

  /**
   * Who uses the apps of one org.
   *
   * @param byApp per app API name; an app no user holds a token for has {@code users = 0}
   * @param unavailable why usage could not be read (the user may not see {@code OauthToken}), or null when it was
   * @param unusedDays the days without use after which an app is reported as unused
   * @param truncated whether more tokens existed than were read
   */
  public record Usage(Map<String, AppUsage> byApp, String unavailable, int unusedDays, boolean truncated) {
    public Usage {
      byApp = new TreeMap<>(byApp);
    }

    /** Usage that could not be read, and why. */
    public static Usage unavailable(String why, int unusedDays) {
      return new Usage(Map.of(), why, unusedDays, false);
    }

    public AppUsage of(String app) {
      return byApp.get(app);
    }
  }

  /**
   * One app's use.
   *
   * @param users distinct users holding a token for it
   * @param tokens tokens issued for it
   * @param lastUsed the latest use of any of them, or null when none was used
   */
  public record AppUsage(int users, int tokens, Instant lastUsed) {}

  /**
   * What changed since an earlier audit of the same org.
   *
   * @param since when the baseline audit ran
   * @param added per app, the findings the baseline did not have (every finding of an app that appeared)
   * @param fixed per app still present, the baseline's findings that are gone
   * @param appeared apps the baseline did not have
   * @param disappeared apps the baseline had that the org no longer has
   */
  public record Changes(Instant since, Map<String, List<Finding>> added, Map<String, List<Finding>> fixed,
      List<String> appeared, List<String> disappeared) {
    public Changes {
      added = new TreeMap<>(added);
      fixed = new TreeMap<>(fixed);
      appeared = List.copyOf(appeared);
      disappeared = List.copyOf(disappeared);
    }

    /** Whether this finding of this app is one the baseline did not have. */
    public boolean isNew(String app, Finding finding) {
      return added.getOrDefault(app, List.of()).contains(finding);
    }

    public List<Finding> fixedIn(String app) {
      return fixed.getOrDefault(app, List.of());
    }
  }
}
