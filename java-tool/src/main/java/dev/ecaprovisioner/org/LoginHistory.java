package dev.ecaprovisioner.org;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads an app's recent sign-in attempts from the {@code LoginHistory} object, through the REST API.
 *
 * <p>Salesforce's object reference (LoginHistory, API 21.0 and later; {@code Application}, {@code LoginTime}, {@code
 * LoginType}, {@code LoginSubType}, {@code Status}, {@code UserId}): only users with Manage Users or Monitor Login
 * History read every user's rows; since API 37.0 anyone reads their own. {@code Status} is documented as "Success" or
 * the reason a login failed; the reasons' wording is not listed. {@code Application} can be grouped and sorted but not
 * filtered on, so the query filters on {@code LoginTime} and the rows are matched to the app here. Which value of
 * {@code LoginType} or {@code LoginSubType} marks a refresh token grant is not documented; the report quotes them.
 */
public final class LoginHistory {
  /** The most rows read; Salesforce keeps six months of history, and a busy org has many rows. */
  public static final int MAX_ROWS = 10_000;

  private LoginHistory() {}

  /**
   * One attempt.
   *
   * @param application the application as LoginHistory names it
   * @param userId the user's id
   * @param time when it happened
   * @param loginType the login type as recorded, e.g. {@code Remote Access 2.0}
   * @param loginSubType the subtype as recorded, or ""
   * @param status {@code Success} or the reason it failed
   */
  public record Attempt(String application, String userId, Instant time, String loginType, String loginSubType,
      String status) {
    public boolean succeeded() {
      return status.equalsIgnoreCase("Success");
    }
  }

  /**
   * What the read gave.
   *
   * @param attempts the app's attempts, newest first
   * @param truncated whether {@link #MAX_ROWS} rows were read before the window's end
   */
  public record Result(List<Attempt> attempts, boolean truncated) {
    public Result {
      attempts = List.copyOf(attempts);
    }

    public List<Attempt> failures() {
      return attempts.stream().filter(a -> !a.succeeded()).toList();
    }
  }

  /**
   * The attempts since {@code since} of an app known by any of {@code appNames} (its label and its API name: which of
   * the two LoginHistory records is not documented), compared without regard to case.
   */
  public static Result read(RestApi api, OrgSession session, Collection<String> appNames, Instant since)
      throws RestCallException {
    String soql = "SELECT Application, UserId, LoginTime, LoginType, LoginSubType, Status FROM LoginHistory"
        + " WHERE LoginTime >= " + DateTimeFormatter.ISO_INSTANT.format(since.truncatedTo(ChronoUnit.SECONDS))
        + " ORDER BY LoginTime DESC";
    RestApi.QueryResult result = api.query(session, soql, MAX_ROWS);
    Set<String> names = new TreeSet<>();
    appNames.forEach(n -> names.add(n.toLowerCase(Locale.ROOT)));
    List<Attempt> attempts = new ArrayList<>();
    for (JsonNode row : result.records()) {
      String application = row.path("Application").asText("");
      if (!names.contains(application.toLowerCase(Locale.ROOT))) {
        continue;
      }
      attempts.add(new Attempt(application, row.path("UserId").asText(""),
          OauthTokens.dateTime(row.path("LoginTime")), row.path("LoginType").asText(""),
          row.path("LoginSubType").asText(""), row.path("Status").asText("")));
    }
    return new Result(attempts, result.truncated());
  }
}
