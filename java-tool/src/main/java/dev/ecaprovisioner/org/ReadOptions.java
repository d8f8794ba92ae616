package dev.ecaprovisioner.org;

import java.time.Duration;

/**
 * How hard and how long the tool works an org's Metadata API.
 *
 * @param concurrency the most calls in flight at once
 * @param connectTimeout the longest wait for a connection
 * @param readTimeout the longest wait for an answer
 * @param maxRetries how many times a call that failed with a 5xx, a timeout or {@code REQUEST_LIMIT_EXCEEDED} is tried
 *     again
 * @param backoff the wait before the first retry; each further retry waits twice as long (with jitter)
 */
public record ReadOptions(int concurrency, Duration connectTimeout, Duration readTimeout, int maxRetries,
    Duration backoff) {
  /**
   * Salesforce puts no limit on concurrent API calls shorter than 20 seconds (a {@code readMetadata} of ten apps takes
   * a fraction of that); only calls of 20 s or more count against the org's 25 (5 in Developer Edition), and should
   * the org slow down that much, its {@code REQUEST_LIMIT_EXCEEDED} is retried with backoff.
   */
  public static final int DEFAULT_CONCURRENCY = 50;
  public static final int MAX_CONCURRENCY = 100;
  private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(8);

  public ReadOptions {
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new IllegalArgumentException("concurrency must be 1 to " + MAX_CONCURRENCY);
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries cannot be negative");
    }
  }

  public static ReadOptions defaults() {
    return new ReadOptions(DEFAULT_CONCURRENCY, Duration.ofSeconds(10), Duration.ofSeconds(60), 3,
        Duration.ofMillis(500));
  }

  /** The wait before retry number {@code retry} (1 for the first), between 75% and 125% of the doubled backoff. */
  Duration backoffBefore(int retry, double jitter) {
    long base = backoff.toMillis() << Math.min(retry - 1, 16);
    long capped = Math.min(base, LONGEST_BACKOFF.toMillis());
    return Duration.ofMillis(Math.round(capped * (0.75 + 0.5 * jitter)));
  }
}
