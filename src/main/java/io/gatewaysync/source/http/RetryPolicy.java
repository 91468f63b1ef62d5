package io.gatewaysync.source.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently one HTTP request to a source is retried on a transient fault
 * (5xx, 429, 408, timeouts, refused or reset connections). {@code maxAttempts} counts every
 * attempt, the first included; the wait before retry n is {@code initialBackoff * 2^(n-1)}, capped at
 * {@code maxBackoff}, plus 0–50% random jitter so that many clients do not retry in lock-step.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5));

    /** No retries at all: one attempt. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("retry maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("retry backoffs must not be negative");
        }
    }

    /** The capped exponential wait before retry {@code retry} (1 = the first retry), without jitter. */
    public Duration backoff(int retry) {
        int shift = Math.min(Math.max(retry - 1, 0), 30);
        long millis = initialBackoff.toMillis();
        long grown = millis > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : millis << shift;
        return Duration.ofMillis(Math.min(grown, maxBackoff.toMillis()));
    }
}
