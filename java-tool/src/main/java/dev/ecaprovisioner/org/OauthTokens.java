package dev.ecaprovisioner.org;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads who holds OAuth tokens for which app from the {@code OauthToken} object, through the REST API.
 *
 * <p>Salesforce's object reference (OauthToken, API 32.0 and later; query and describe only): a user with Customize
 * Application sees every user's tokens, anyone else only their own. The query never selects {@code AccessToken} (the
 * reference says it holds the refresh token), {@code DeleteToken} or {@code RequestToken}: those are secrets and
 * nothing here needs them. {@code AppName} is the app's label, not its API name.
 */
public final class OauthTokens {
  /** The most token rows read for one query; past it the result says it is truncated. */
  public static final int MAX_ROWS = 50_000;
  private static final DateTimeFormatter SALESFORCE_DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  private OauthTokens() {}

  /**
   * One token as {@code OauthToken} records it.
   *
   * @param appName the app's label
   * @param userId the owner's user id
   * @param created when the token was granted
   * @param lastUsed when it was last used, or null
   * @param useCount how often it was used
   */
  public record Token(String appName, String userId, Instant created, Instant lastUsed, int useCount) {}

  /**
   * What an app's tokens say about its use.
   *
   * @param appName the app's label
   * @param users how many distinct users hold a token
   * @param tokens how many tokens there are
   * @param lastUsed the latest use of any of them, or null when none was used
   */
  public record Usage(String appName, int users, int tokens, Instant lastUsed) {}

  /**
   * What the read gave.
   *
   * @param tokens the rows read
   * @param truncated whether there were more than {@link #MAX_ROWS}
   */
  public record Result(List<Token> tokens, boolean truncated) {
    public Result {
      tokens = List.copyOf(tokens);
    }

    /** Per app label, in label order. */
    public Map<String, Usage> usageByApp() {
      Map<String, List<Token>> byApp = new TreeMap<>();
      for (Token token : tokens) {
        byApp.computeIfAbsent(token.appName(), k -> new ArrayList<>()).add(token);
      }
      Map<String, Usage> usage = new LinkedHashMap<>();
      byApp.forEach((app, rows) -> {
        Set<String> users = new HashSet<>();
        Instant last = null;
        for (Token row : rows) {
          users.add(row.userId());
          if (row.lastUsed() != null && (last == null || row.lastUsed().isAfter(last))) {
            last = row.lastUsed();
          }
        }
        usage.put(app, new Usage(app, users.size(), rows.size(), last));
      });
      return usage;
    }
  }

  /**
   * Reads the tokens of the apps with these labels, or of every app when {@code appLabels} is empty.
   *
   * @throws RestCallException when the query fails; {@link RestCallException#notVisible()} tells a user who may not
   *     read the object from a failure
   */
  public static Result read(RestApi api, OrgSession session, Collection<String> appLabels) throws RestCallException {
    String soql = "SELECT AppName, UserId, CreatedDate, LastUsedDate, UseCount FROM OauthToken"
        + (appLabels.isEmpty() ? "" : " WHERE AppName IN " + Soql.inList(appLabels))
        + " ORDER BY AppName";
    RestApi.QueryResult result = api.query(session, soql, MAX_ROWS);
    List<Token> tokens = new ArrayList<>(result.records().size());
    for (JsonNode row : result.records()) {
      tokens.add(new Token(row.path("AppName").asText(""), row.path("UserId").asText(""),
          dateTime(row.path("CreatedDate")), dateTime(row.path("LastUsedDate")), row.path("UseCount").asInt(0)));
    }
    return new Result(tokens, result.truncated());
  }

  /**
   * The form Salesforce always sends, {@code yyyy-MM-ddTHH:mm:ss.SSS+hhmm}, read digit by digit, or null for any other
   * text. An audit reads two dates of every token, and in a fresh JVM java.time's pattern parser costs far more than
   * the rest of the usage read.
   */
  private static Instant salesforceDateTime(String t) {
    if (t.length() != 28 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
        || t.charAt(16) != ':' || t.charAt(19) != '.' || t.charAt(23) != '+' && t.charAt(23) != '-') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 7);
    int day = digits(t, 8, 10);
    int hour = digits(t, 11, 13);
    int minute = digits(t, 14, 16);
    int second = digits(t, 17, 19);
    int millis = digits(t, 20, 23);
    int offsetHours = digits(t, 24, 26);
    int offsetMinutes = digits(t, 26, 28);
    if (Math.min(Math.min(Math.min(year, month), Math.min(day, hour)), Math.min(Math.min(minute, second),
        Math.min(millis, Math.min(offsetHours, offsetMinutes)))) < 0) {
      return null;
    }
    int sign = t.charAt(23) == '-' ? -1 : 1;
    try {
      return OffsetDateTime.of(year, month, day, hour, minute, second, millis * 1_000_000,
          java.time.ZoneOffset.ofHoursMinutes(sign * offsetHours, sign * offsetMinutes)).toInstant();
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  /** The number the decimal digits at {@code [from, to)} spell, or -1 when one is not a digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** A Salesforce REST dateTime ({@code 2026-11-30T08:15:00.000+0000}), or null when absent or unreadable. */
  public static Instant dateTime(JsonNode value) {
    if (value == null || !value.isTextual()) {
      return null;
    }
    String text = value.asText();
    Instant fixed = salesforceDateTime(text);
    if (fixed != null) {
      return fixed;
    }
    try {
      return OffsetDateTime.parse(text, SALESFORCE_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }
}
