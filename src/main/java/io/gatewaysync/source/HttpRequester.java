package io.gatewaysync.source;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntPredicate;

/**
 * Sends one request to a source and retries it on transient faults, per {@link RetryPolicy}: 5xx
 * (but 501 and 505, which will not change), 429 (waiting what {@code Retry-After} asks, capped at
 * {@code maxBackoff}), 408, timeouts, refused and reset connections. Other statuses are final at once.
 *
 * <p>POST is not idempotent: retrying it after the server may have acted creates duplicates. It is
 * retried only when the server certainly did not act: the connection was never made, or the answer
 * was 429/503. Other failures of a POST surface as a transient {@link SourceException} for the
 * engine's write-intent reconciliation to resolve.
 *
 * <p>Redirects are followed for GET only (at most {@value #MAX_REDIRECTS}), and the
 * {@code Authorization} header is only ever sent to the origin of the source's URL, so a redirect or
 * next link to another host cannot leak the credential.
 */
final class HttpRequester {

    /** The response of a successful (accepted) exchange. */
    record Reply(URI uri, int status, HttpHeaders headers, byte[] body) {
    }

    static final int MAX_REDIRECTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(HttpRequester.class);
    private static final String ACCEPT = "application/json, application/ld+json;q=0.9, */*;q=0.1";

    private final SourceSettings settings;
    private final HttpClient client;
    private final URI origin;

    HttpRequester(SourceSettings settings, HttpClient client) {
        this.settings = settings;
        this.client = client;
        this.origin = settings.uri();
    }

    /**
     * @param body   JSON to send, or {@code null}
     * @param accept the statuses the caller handles itself (e.g. 2xx, plus 404 for a fetch)
     * @throws SourceException when no accepted status arrived within the retry policy
     */
    Reply send(String method, URI uri, byte[] body, IntPredicate accept) {
        return send(method, uri, body, accept, null);
    }

    /** As {@link #send(String, URI, byte[], IntPredicate)}, with an {@code Idempotency-Key} header when not null. */
    Reply send(String method, URI uri, byte[] body, IntPredicate accept, String idempotencyKey) {
        RetryPolicy policy = settings.retry();
        boolean idempotent = !method.equals("POST");
        for (int attempt = 1; ; attempt++) {
            Reply reply;
            try {
                reply = exchange(method, uri, body, idempotencyKey);
            } catch (IOException e) {
                boolean retry = idempotent || e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
                if (!retry || attempt >= policy.maxAttempts()) {
                    throw new SourceException(settings.name(), method, uri, 0, true, describe(e) + times(attempt), e);
                }
                pause(method, uri, attempt, describe(e), null);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException(settings.name(), method, uri, 0, true, "interrupted", e);
            }
            int status = reply.status();
            if (accept.test(status)) {
                return reply;
            }
            boolean transientStatus = isTransient(status);
            boolean retry = transientStatus && (idempotent || status == 429 || status == 503);
            if (!retry || attempt >= policy.maxAttempts()) {
                String snippet = Snippets.cut(reply.body());
                throw new SourceException(settings.name(), method, uri, status, transientStatus,
                        "HTTP " + status + times(attempt) + (snippet.isEmpty() ? "" : ": " + scrub(snippet)), null);
            }
            pause(method, uri, attempt, "HTTP " + status, retryAfter(reply.headers()));
        }
    }

    private Reply exchange(String method, URI uri, byte[] body, String idempotencyKey)
            throws IOException, InterruptedException {
        URI target = uri;
        for (int hop = 0; ; hop++) {
            HttpResponse<byte[]> response = client.send(request(method, target, body, idempotencyKey), HttpResponse.BodyHandlers.ofByteArray());
            int status = response.statusCode();
            var location = response.headers().firstValue("Location");
            boolean redirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
            if (!redirect || !method.equals("GET") || location.isEmpty() || hop >= MAX_REDIRECTS) {
                return new Reply(target, status, response.headers(), response.body());
            }
            URI next = Uris.resolveHttp(target, location.get());
            if (next == null) {
                return new Reply(target, status, response.headers(), response.body());
            }
            LOG.debug("source '{}': GET {} redirected ({}) to {}", settings.name(), target, status, next);
            target = next;
        }
    }

    private HttpRequest request(String method, URI uri, byte[] body, String idempotencyKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(settings.timeout())
                .header("Accept", ACCEPT)
                .header("User-Agent", "gateway-sync");
        if (settings.authorization() != null && Uris.sameOrigin(uri, origin)) {
            b.header("Authorization", settings.authorization());
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    private void pause(String method, URI uri, int attempt, String fault, Duration retryAfter) {
        RetryPolicy policy = settings.retry();
        long millis;
        if (retryAfter != null) {
            millis = Math.min(retryAfter.toMillis(), policy.maxBackoff().toMillis());
        } else {
            long base = policy.backoff(attempt).toMillis();
            millis = base + (base > 0 ? ThreadLocalRandom.current().nextLong(base / 2 + 1) : 0);
        }
        LOG.info("source '{}': {} {}: {}; attempt {} of {}, next in {} ms",
                settings.name(), method, uri, fault, attempt, policy.maxAttempts(), millis);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(settings.name(), method, uri, 0, true, "interrupted while waiting to retry after " + fault, e);
        }
    }

    /** Faults that may go away by themselves. 501 and 505 say the server will never do this. */
    static boolean isTransient(int status) {
        return status == 408 || status == 429 || (status >= 500 && status <= 599 && status != 501 && status != 505);
    }

    /** {@code Retry-After} as seconds or an HTTP date; {@code null} when absent or unreadable. */
    static Duration retryAfter(HttpHeaders headers) {
        String v = headers.firstValue("Retry-After").orElse("").trim();
        if (v.isEmpty()) {
            return null;
        }
        if (v.length() <= 9 && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            Duration d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
            return d.isNegative() ? Duration.ZERO : d;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String describe(IOException e) {
        String msg = e.getMessage() == null || e.getMessage().isBlank() ? "" : " (" + Snippets.cut(e.getMessage()) + ")";
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + settings.timeout().toMillis() + " ms";
        }
        if (e instanceof HttpTimeoutException) {
            return "no response within " + settings.timeout().toMillis() + " ms";
        }
        if (e instanceof ConnectException) {
            return "connection refused" + msg;
        }
        return "connection failed: " + e.getClass().getSimpleName() + msg;
    }

    /** An error body could echo the request; make sure the credential never ends up in a message. */
    private String scrub(String text) {
        String secret = settings.authorization();
        if (secret == null) {
            return text;
        }
        String out = text.replace(secret, "****");
        int space = secret.indexOf(' ');
        if (space > 0 && space < secret.length() - 1) {
            out = out.replace(secret.substring(space + 1), "****"); // the token of "Bearer <token>"
        }
        return out;
    }

    private static String times(int attempts) {
        return attempts > 1 ? " after " + attempts + " attempts" : "";
    }
}
