package dev.ecaprovisioner.doctor;

import dev.ecaprovisioner.OrgFailureException;
import dev.ecaprovisioner.mcp.McpClient;
import dev.ecaprovisioner.org.AccessToken;
import dev.ecaprovisioner.org.LoginHistory;
import dev.ecaprovisioner.org.MetadataCallException;
import dev.ecaprovisioner.org.OAuthApi;
import dev.ecaprovisioner.org.OauthTokens;
import dev.ecaprovisioner.org.OrgSession;
import dev.ecaprovisioner.org.OrgSignIn;
import dev.ecaprovisioner.org.RestApi;
import dev.ecaprovisioner.org.RestCallException;
import dev.ecaprovisioner.org.Secret;
import dev.ecaprovisioner.profile.RefreshStyle;
import dev.ecaprovisioner.validate.AppResult;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs the five steps of {@code doctor} in the order their evidence needs (the refresh before the token facts, the
 * second refresh between the two MCP listings) and returns them in the order a report shows them.
 */
public final class Doctor {
  private final RestApi rest;
  private final OAuthApi oauth;
  private final Function<URI, McpClient> mcp;
  private final Clock clock;

  public Doctor(RestApi rest, OAuthApi oauth, Function<URI, McpClient> mcp, Clock clock) {
    this.rest = rest;
    this.oauth = oauth;
    this.mcp = mcp;
    this.clock = clock;
  }

  /**
   * The org side of a run.
   *
   * @param alias how the org was named on the command line
   * @param signIn how the session was had, to renew it once when the org refuses its token
   * @param session the signed-in session, for the REST queries and the OAuth endpoints' host
   * @param app the app's API name
   * @param appLabel its label (how OauthToken names it)
   * @param settings its findings for the client
   * @param settingsTime how long reading and checking them took
   */
  public record OrgPart(String alias, OrgSignIn signIn, OrgSession session, String app, String appLabel, AppResult settings,
      Duration settingsTime) {}

  /**
   * What the environment gave for the refresh; each may be null.
   *
   * @param clientId the consumer key
   * @param refreshToken a refresh token of a test sign-in
   * @param consumerSecret the consumer secret
   */
  public record Credentials(String clientId, Secret refreshToken, Secret consumerSecret) {}

  /**
   * One run.
   *
   * @param org the org, or null for {@code --endpoint} alone
   * @param client the client profile's name
   * @param style how the client refreshes, or null when its profile does not say
   * @param credentials what the environment gave
   * @param endpoint the MCP endpoint, or null
   * @param endpointToken the bearer token for the endpoint when no refresh gives one, or null
   * @param mcpVersion the protocol version to ask for
   */
  public record Request(OrgPart org, String client, RefreshStyle style, Credentials credentials, URI endpoint,
      AccessToken endpointToken, String mcpVersion) {}

  public DoctorReport run(Request request) {
    OrgPart org = request.org();
    String fix = provisionLine(org, request.client());
    String jwtFix = provisionLine(org, "hosted-mcp");
    StepResult settings = org == null ? StepResult.skipped(SettingsStep.TITLE, "No --target-org: only the MCP steps "
        + "ran.") : SettingsStep.run(org.settings(), fix, org.settingsTime());
    StepResult records = org == null ? StepResult.skipped(RecordsStep.TITLE, "No --target-org.") : records(org,
        request, fix);

    long refreshStart = System.nanoTime();
    String noRefresh = whyNoRefresh(request);
    OAuthApi.SecretPlacement placement = noRefresh == null ? placement(request.style()) : null;
    OAuthApi.TokenAnswer first = noRefresh == null ? refresh(org, request.credentials(),
        request.credentials().refreshToken(), placement) : null;
    Duration firstTime = Duration.ofNanos(System.nanoTime() - refreshStart);

    AccessToken token = first != null && first.granted() ? first.accessToken() : request.endpointToken();
    StepResult facts = tokenFacts(org, request, first, token);

    Secret secondToken = first == null || !first.granted() ? null : first.refreshToken() != null
        && request.style().keepsRotatedRefreshToken() ? first.refreshToken() : request.credentials().refreshToken();
    boolean reusesFirst = first != null && first.refreshToken() != null && !request.style().keepsRotatedRefreshToken();
    OAuthApi.TokenAnswer[] second = new OAuthApi.TokenAnswer[1];
    Duration[] secondTime = {Duration.ZERO};
    Runnable secondRefresh = () -> {
      long start = System.nanoTime();
      second[0] = refresh(org, request.credentials(), secondToken, placement);
      secondTime[0] = Duration.ofNanos(System.nanoTime() - start);
    };

    StepResult session;
    if (request.endpoint() == null) {
      session = StepResult.skipped(McpSessionStep.TITLE, "No --endpoint.");
      if (secondToken != null) {
        secondRefresh.run();
      }
    } else {
      McpClient client = mcp.apply(request.endpoint());
      session = McpSessionStep.run(client, request.mcpVersion(), token, () -> {
        if (secondToken == null) {
          return new McpSessionStep.Refreshed(null, noRefresh != null ? noRefresh
              : "The first refresh was refused (step 4).");
        }
        secondRefresh.run();
        return second[0].granted() ? new McpSessionStep.Refreshed(second[0].accessToken(), null)
            : new McpSessionStep.Refreshed(null, "The second refresh was refused (step 4).");
      }, request.client().equals("copilot-studio"), jwtFix);
    }
    StepResult refreshStep = noRefresh != null ? StepResult.skipped(RefreshStep.TITLE, noRefresh)
        : RefreshStep.run(request.client(), request.style(), placement, first, second[0], reusesFirst, fix,
            firstTime.plus(secondTime[0]));
    return new DoctorReport(org == null ? request.endpoint().getHost() : org.alias(), org == null ? null : org.app(),
        request.client(), List.of(settings, records, facts, refreshStep, session));
  }

  private StepResult records(OrgPart org, Request request, String fix) {
    long start = System.nanoTime();
    RecordsStep.Read<OauthTokens.Result> tokens;
    try {
      tokens = RecordsStep.Read.of(renewingOnce(org, s -> OauthTokens.read(rest, s, List.of(org.appLabel()))));
    } catch (RestCallException e) {
      tokens = RecordsStep.Read.failed(e.getMessage() + (e.errorCode().isEmpty() ? "" : " (" + e.errorCode() + ")"));
    }
    RecordsStep.Read<LoginHistory.Result> logins;
    try {
      Set<String> names = new LinkedHashSet<>(List.of(org.appLabel(), org.app()));
      logins = RecordsStep.Read.of(renewingOnce(org, s -> LoginHistory.read(rest, s, names,
          clock.instant().minus(RecordsStep.WINDOW))));
    } catch (RestCallException e) {
      logins = RecordsStep.Read.failed(e.getMessage() + (e.errorCode().isEmpty() ? "" : " (" + e.errorCode() + ")"));
    }
    boolean sendsSecret = request.style() != null && request.style().clientSecret() != RefreshStyle.ClientSecret.NONE;
    return RecordsStep.run(org.appLabel(), tokens, logins, sendsSecret, fix,
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** A query of the org's REST API. */
  private interface Query<T> {
    T run(OrgSession session) throws RestCallException;
  }

  /** Runs a query, and once more with a renewed token when the org says the session expired. */
  private static <T> T renewingOnce(OrgPart org, Query<T> query) throws RestCallException {
    try {
      return query.run(org.session());
    } catch (RestCallException e) {
      if (e.kind() != MetadataCallException.Kind.SESSION_INVALID || org.signIn() == null) {
        throw e;
      }
      return query.run(org.session().withToken(org.signIn().renew(org.session())));
    }
  }

  private StepResult tokenFacts(OrgPart org, Request request, OAuthApi.TokenAnswer first, AccessToken token) {
    if (token == null) {
      return StepResult.skipped(TokenFactsStep.TITLE, "No access token: give a refresh token (step 4) or, with "
          + "--endpoint alone, MCP_BEARER_TOKEN.");
    }
    long start = System.nanoTime();
    boolean fromAnswer = first != null && first.granted();
    StepResult facts = TokenFactsStep.run(token, fromAnswer ? first.expiresIn() : null, fromAnswer, () -> {
      if (org == null) {
        return RecordsStep.Read.failed("no --target-org, so no org to read /id/keys from");
      }
      try {
        return RecordsStep.Read.of(oauth.publishedKeys(org.session().instanceUrl()));
      } catch (RestCallException e) {
        return RecordsStep.Read.failed(e.getMessage());
      }
    }, () -> {
      if (org == null || request.credentials().clientId() == null) {
        return RecordsStep.Read.failed("introspection needs --target-org and ECA_CLIENT_ID");
      }
      try {
        return RecordsStep.Read.of(oauth.introspect(org.session().instanceUrl(), token,
            request.credentials().clientId(), request.credentials().consumerSecret()));
      } catch (RestCallException e) {
        return RecordsStep.Read.failed(e.getMessage());
      }
    }, clock.instant(), Duration.ZERO);
    return facts.took(Duration.ofNanos(System.nanoTime() - start));
  }

  private static String whyNoRefresh(Request request) {
    List<String> missing = new ArrayList<>();
    if (request.org() == null) {
      return "No --target-org: the refresh goes to the org's token endpoint.";
    }
    if (request.style() == null) {
      return "The " + request.client() + " profile does not say how the client refreshes (no refresh block).";
    }
    if (request.credentials().refreshToken() == null) {
      missing.add(DoctorEnvironment.REFRESH_TOKEN);
    }
    if (request.credentials().clientId() == null) {
      missing.add(DoctorEnvironment.CLIENT_ID);
    }
    if (request.style().clientSecret() != RefreshStyle.ClientSecret.NONE
        && request.credentials().consumerSecret() == null) {
      missing.add(DoctorEnvironment.CONSUMER_SECRET + " (" + request.client() + " sends the secret)");
    }
    return missing.isEmpty() ? null : "Not set: " + String.join(", ", missing) + ".";
  }

  private static OAuthApi.SecretPlacement placement(RefreshStyle style) {
    return switch (style.clientSecret()) {
      case NONE -> OAuthApi.SecretPlacement.NONE;
      case BODY -> OAuthApi.SecretPlacement.BODY;
      case BASIC -> OAuthApi.SecretPlacement.BASIC;
    };
  }

  private OAuthApi.TokenAnswer refresh(OrgPart org, Credentials credentials, Secret refreshToken,
      OAuthApi.SecretPlacement placement) {
    try {
      return oauth.refresh(org.session().instanceUrl(), new OAuthApi.RefreshGrant(credentials.clientId(),
          refreshToken, placement == OAuthApi.SecretPlacement.NONE ? null : credentials.consumerSecret(), placement));
    } catch (RestCallException e) {
      throw new OrgFailureException("the token endpoint of " + org.alias() + " gave no answer: " + e.getMessage()
          + "; check the network and run doctor again");
    }
  }

  /** The {@code provision} line that applies a profile's fixes to the app. */
  static String provisionLine(OrgPart org, String profile) {
    return "eca-provisioner provision --target-org " + (org == null ? "ALIAS" : org.alias()) + " --app "
        + (org == null ? "NAME" : org.app()) + " --profile " + profile;
  }
}
