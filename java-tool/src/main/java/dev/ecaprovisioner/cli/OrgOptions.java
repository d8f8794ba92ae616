package dev.ecaprovisioner.cli;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.org.OrgSignIn;
import dev.ecaprovisioner.org.ProcessSfCli;
import dev.ecaprovisioner.org.ReadOptions;
import dev.ecaprovisioner.org.SfCli;
import dev.ecaprovisioner.org.SfCliSignIn;
import dev.ecaprovisioner.org.TokenSignIn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that say which orgs to read and how hard to work their Metadata API, shared by every org command. */
final class OrgOptions {
  /** An hour: longer than any Metadata API answer takes, and well within what the HTTP client can count in ms. */
  static final int MAX_TIMEOUT_SECONDS = 3600;

  @Option(names = {"--target-org", "-o"}, paramLabel = "ALIAS",
      description = "An org the Salesforce CLI is signed in to, by alias or username (audit: repeatable).")
  List<String> targetOrgs = new ArrayList<>();

  @Option(names = "--instance-url", paramLabel = "URL",
      description = "Instead of --target-org: the org's https:// My Domain URL, with the access token in the "
          + "environment variable " + TokenSignIn.TOKEN_VARIABLE + " (never on the command line).")
  String instanceUrl;

  @Option(names = "--api-version", paramLabel = "VERSION", defaultValue = SfCliSignIn.DEFAULT_API_VERSION,
      description = "With --instance-url: the API version the org speaks. Default: ${DEFAULT-VALUE}. "
          + "(With --target-org the Salesforce CLI says.)")
  String apiVersion;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "" + ReadOptions.DEFAULT_CONCURRENCY,
      description = "Metadata API calls in flight at once, 1 to " + ReadOptions.MAX_CONCURRENCY
          + ". Default: ${DEFAULT-VALUE}.")
  int concurrency;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "The longest wait for one Metadata API answer, 1 to 3600. Default: ${DEFAULT-VALUE}.")
  int timeoutSeconds;

  @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "The longest wait for a connection, 1 to 3600. Default: ${DEFAULT-VALUE}.")
  int connectTimeoutSeconds;

  @Option(names = "--max-retries", paramLabel = "N", defaultValue = "3",
      description = "Retries of a call that failed with HTTP 5xx, a timeout or REQUEST_LIMIT_EXCEEDED, with "
          + "doubling backoff from 0.5 s. Default: ${DEFAULT-VALUE}.")
  int maxRetries;

  boolean given() {
    return !targetOrgs.isEmpty() || instanceUrl != null;
  }

  /** How to sign in to each org asked for, in the order given. */
  List<OrgSignIn> signIns(Map<String, String> environment) {
    if (instanceUrl != null && !targetOrgs.isEmpty()) {
      throw new BadInputException("give either --target-org or --instance-url, not both");
    }
    if (instanceUrl != null) {
      return List.of(TokenSignIn.of(instanceUrl, apiVersion, environment));
    }
    SfCli cli = ProcessSfCli.fromEnvironment(environment);
    List<OrgSignIn> signIns = new ArrayList<>();
    for (String alias : targetOrgs.stream().distinct().toList()) {
      signIns.add(new SfCliSignIn(cli, alias));
    }
    return signIns;
  }

  ReadOptions readOptions() {
    if (concurrency < 1 || concurrency > ReadOptions.MAX_CONCURRENCY) {
      throw new BadInputException("--concurrency must be 1 to " + ReadOptions.MAX_CONCURRENCY + ", not " + concurrency);
    }
    if (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
      throw new BadInputException("--timeout must be 1 to " + MAX_TIMEOUT_SECONDS + " seconds, not " + timeoutSeconds);
    }
    if (connectTimeoutSeconds < 1 || connectTimeoutSeconds > MAX_TIMEOUT_SECONDS) {
      throw new BadInputException("--connect-timeout must be 1 to " + MAX_TIMEOUT_SECONDS + " seconds, not "
          + connectTimeoutSeconds);
    }
    if (maxRetries < 0 || maxRetries > 10) {
      throw new BadInputException("--max-retries must be 0 to 10, not " + maxRetries);
    }
    return new ReadOptions(concurrency, Duration.ofSeconds(connectTimeoutSeconds), Duration.ofSeconds(timeoutSeconds),
        maxRetries, Duration.ofMillis(500));
  }
}
