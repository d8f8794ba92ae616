package dev.ecaprovisioner.provision;

import dev.ecaprovisioner.OrgFailureException;
import dev.ecaprovisioner.org.MetadataApi;
import dev.ecaprovisioner.org.MetadataApi.DeployStatus;
import dev.ecaprovisioner.org.MetadataCallException;
import dev.ecaprovisioner.org.OrgSession;
import dev.ecaprovisioner.org.OrgSignIn;
import java.time.Duration;

/**
 * Sends one deploy and polls it to the end: {@code deploy} once, then {@code checkDeployStatus} with doubling waits.
 *
 * <p>The deploy is sent at most once. A fault from the org means it refused the request, so nothing was queued: an
 * expired session is renewed once and the deploy sent again, a {@code REQUEST_LIMIT_EXCEEDED} is waited out. A
 * request that got no answer at all may have been queued, so it is never repeated: the tool stops and says where to
 * look. While polling, a call that fails for a reason worth retrying (a timeout, a 5xx) polls the same deploy id
 * again, and an expired session is renewed once and the same id polled with the fresh token.
 */
public final class Deployer {
  private final MetadataApi api;
  private final OrgSignIn signIn;
  private final Polling polling;

  public Deployer(MetadataApi api, OrgSignIn signIn, Polling polling) {
    this.api = api;
    this.signIn = signIn;
    this.polling = polling;
  }

  /**
   * How to wait for a deploy.
   *
   * @param first the wait before the first poll
   * @param longest the longest wait between polls
   * @param patience how long to poll before giving up (the deploy may still finish)
   * @param retries how many failed polls in a row are tried again
   */
  public record Polling(Duration first, Duration longest, Duration patience, int retries) {
    public static Polling defaults() {
      return new Polling(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(10), 5);
    }
  }

  /**
   * How a deploy ended.
   *
   * @param session the session after it, with the renewed token if one was needed
   * @param polls the {@code checkDeployStatus} calls made
   * @param renewals tokens renewed
   */
  public record Outcome(DeployStatus status, OrgSession session, int polls, int renewals) {}

  /**
   * Deploys the zip and waits for the result.
   *
   * @throws OrgFailureException when the org cannot be reached, refuses the request, or does not finish in time; the
   *     message names the deploy id once there is one
   */
  public Outcome deploy(OrgSession start, byte[] zip, boolean checkOnly) {
    Run run = new Run(start);
    String id = run.send(zip, checkOnly);
    long deadline = System.nanoTime() + polling.patience().toNanos();
    Duration wait = polling.first();
    int failedInARow = 0;
    while (true) {
      sleep(wait);
      wait = wait.multipliedBy(2).compareTo(polling.longest()) > 0 ? polling.longest() : wait.multipliedBy(2);
      try {
        run.polls++;
        DeployStatus status = api.checkDeployStatus(run.session, id);
        failedInARow = 0;
        if (status.done()) {
          return new Outcome(status, run.session, run.polls, run.renewals);
        }
      } catch (MetadataCallException e) {
        switch (e.kind()) {
          case SESSION_INVALID -> run.renew("checkDeployStatus of deploy " + id);
          case RETRYABLE -> {
            if (++failedInARow > polling.retries()) {
              throw new OrgFailureException("deploy " + id + ": checkDeployStatus failed " + failedInARow
                  + " times in a row (" + e.getMessage() + "); the deploy may still finish: look in Setup > "
                  + "Deployment Status before running again");
            }
          }
          default -> throw new OrgFailureException("deploy " + id + ": checkDeployStatus failed: " + e.getMessage()
              + "; look in Setup > Deployment Status");
        }
      }
      if (System.nanoTime() > deadline) {
        throw new OrgFailureException("deploy " + id + " has not finished after " + polling.patience().toSeconds()
            + " s; it may still finish: look in Setup > Deployment Status before running again");
      }
    }
  }

  private final class Run {
    private OrgSession session;
    private boolean renewed;
    private int polls;
    private int renewals;

    Run(OrgSession session) {
      this.session = session;
    }

    String send(byte[] zip, boolean checkOnly) {
      int refused = 0;
      while (true) {
        try {
          return api.deploy(session, zip, checkOnly);
        } catch (MetadataCallException e) {
          boolean answered = !e.faultCode().isEmpty();
          if (e.kind() == MetadataCallException.Kind.SESSION_INVALID) {
            renew("deploy");
          } else if (e.kind() == MetadataCallException.Kind.RETRYABLE && answered && refused++ < polling.retries()) {
            sleep(polling.first().multipliedBy(1L << Math.min(refused, 4)));
          } else if (e.kind() == MetadataCallException.Kind.RETRYABLE && !answered) {
            throw new OrgFailureException("the deploy request got no answer (" + e.getMessage() + "): it may have "
                + "been queued, so it is not sent again; look in Setup > Deployment Status before running again");
          } else if (e.kind() == MetadataCallException.Kind.DENIED) {
            throw new OrgFailureException("the org refused the deploy (" + e.getMessage() + "): the user needs "
                + "Customize Application and Modify All Data or \"Create, edit, and delete External Client Apps\", "
                + "and \"View External Client Apps Consumer Secrets in Metadata\" for the global OAuth settings; "
                + "nothing was changed");
          } else {
            throw new OrgFailureException("the org refused the deploy: " + e.getMessage() + "; nothing was changed");
          }
        }
      }
    }

    /** Renews the token once per deploy; a second expiry means signing in again. */
    void renew(String during) {
      if (renewed) {
        throw new OrgFailureException(during + ": the org refused the session again after a fresh token "
            + "(INVALID_SESSION_ID): sign in again (`sf org login web -o " + signIn.label() + "`)");
      }
      session = session.withToken(signIn.renew(session));
      renewed = true;
      renewals++;
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OrgFailureException("interrupted while waiting for the deploy");
    }
  }
}
