package io.gatewaysync.source.http;

import io.gatewaysync.source.Snippets;
import io.gatewaysync.source.SourceSettings;

import io.gatewaysync.source.SourceException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntPredicate;

/**
 * Sends one request to a source through its camel-http endpoint ({@link CamelHttpClient}) and retries
 * it on transient faults, per {@link RetryPolicy}: 5xx (but 501 and 505, which will not change), 429
 * (waiting what {@code Retry-After} asks, capped at {@code maxBackoff}), 408, timeouts, refused and
 * reset connections. Other statuses are final at once; 401 and 403 say to check the credentials
 * (after one fresh OAuth2 token on a 401).
 *
 * <p>Why this loop is hand-written and not HttpClient's retry strategy or a Camel redelivery policy:
 * the calls come from the engine's beans, not from a route step, and the rules depend on what only
 * the engine knows. POST is not idempotent: retrying it after the server may have acted creates
 * duplicates. It is retried only when the server certainly did not act: the connection was never made,
 * or the answer was 429/503. Other failures of a POST surface as a transient {@link SourceException}
 * for the engine's write-intent reconciliation to resolve.
 *
 * <p>Redirects are followed here, for GET only (at most {@value #MAX_REDIRECTS}), and the credentials
 * ({@link Authenticator}) are only ever put on requests to the origin of the source's URL, so a
 * redirect or next link to another host cannot leak them; HttpClient's redirect handling would copy
 * the request's headers to the new location.
 */
public final class HttpRequester {

    /** The response of a successful (accepted) exchange. */
    public record Reply(URI uri, int status, HttpHeaders headers, byte[] body) {
    }

    static final int MAX_REDIRECTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(HttpRequester.class);
    private static final String ACCEPT = "application/json, application/ld+json;q=0.9, */*;q=0.1";

    private final SourceSettings settings;
    private final CamelHttpClient http;
    private final Authenticator auth;
    private final URI origin;

    public HttpRequester(SourceSettings settings, CamelHttpClient http, Authenticator auth) {
        this.settings = settings;
        this.http = http;
        this.auth = auth;
        this.origin = settings.uri();
    }

    /**
     * @param body   JSON to send, or {@code null}
     * @param accept the statuses the caller handles itself (e.g. 2xx, plus 404 for a fetch)
     * @throws SourceException when no accepted status arrived within the retry policy
     */
    public Reply send(String method, URI uri, byte[] body, IntPredicate accept) {
        return send(method, uri, body, accept, Map.of());
    }

    /** As {@link #send(String, URI, byte[], IntPredicate)}, with an {@code Idempotency-Key} header when not null. */
    public Reply send(String method, URI uri, byte[] body, IntPredicate accept, String idempotencyKey) {
        return send(method, uri, body, accept, idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
    }

    /**
     * As {@link #send(String, URI, byte[], IntPredicate)}, with extra request headers ({@code Range},
     * {@code Idempotency-Key}, a {@code Content-Type} other than {@code application/json}).
     */
    public Reply send(String method, URI uri, byte[] body, IntPredicate accept, Map<String, String> extraHeaders) {
        RetryPolicy policy = settings.retry();
        boolean idempotent = !method.equals("POST");
        boolean renewed = false;
        uri = auth.strip(uri);
        for (int attempt = 1; ; attempt++) {
            Exchanged exchanged;
            try {
                exchanged = exchange(method, uri, body, extraHeaders);
            } catch (IOException e) {
                boolean notConnected = e instanceof ConnectException
                        || e instanceof org.apache.hc.client5.http.ConnectTimeoutException;
                boolean retry = !(e instanceof SSLHandshakeException) && (idempotent || notConnected);
                if (!retry || attempt >= policy.maxAttempts()) {
                    throw new SourceException(settings.name(), method, uri, 0, !(e instanceof SSLHandshakeException),
                            describe(e) + times(attempt), e);
                }
                pause(method, uri, attempt, describe(e), null);
                continue;
            }
            Reply reply = exchanged.reply();
            int status = reply.status();
            if (accept.test(status)) {
                return reply;
            }
            if (status == 401 && !renewed && auth.renew(exchanged.authorization())) {
                renewed = true; // a token revoked before its time: one more try with a fresh one
                LOG.info("source '{}': {} {}: HTTP 401; fetching a new OAuth2 token and trying once more",
                        settings.name(), method, reply.uri());
                attempt--;
                continue;
            }
            if (status == 401 || status == 403) {
                String snippet = shownBody(reply.body());
                throw new SourceException(settings.name(), method, reply.uri(), status, false, "HTTP " + status + ": "
                        + (status == 401 ? "unauthorized" : "forbidden") + ", the source refused the request; "
                        + "check the credentials (auth=" + auth.access().style().label() + ")"
                        + (snippet.isEmpty() ? "" : ": " + snippet), null);
            }
            boolean transientStatus = isTransient(status);
            boolean retry = transientStatus && (idempotent || status == 429 || status == 503);
            if (!retry || attempt >= policy.maxAttempts()) {
                String snippet = shownBody(reply.body());
                throw new SourceException(settings.name(), method, uri, status, transientStatus,
                        "HTTP " + status + times(attempt) + (snippet.isEmpty() ? "" : ": " + snippet), null);
            }
            pause(method, uri, attempt, "HTTP " + status, retryAfter(reply.headers()));
        }
    }

    /**
     * The start of an error body as it may be shown: secrets scrubbed BEFORE the body is cut, else a
     * token echoed across the cut (a ZGW JWT is longer than the snippet) would leave its first part.
     */
    private String shownBody(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        int n = Math.min(body.length, SHOWN_BODY_BYTES);
        return Snippets.cut(auth.scrub(new String(body, 0, n, java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Enough of an error body for the snippet plus any secret echoed across its end. */
    private static final int SHOWN_BODY_BYTES = 64 * 1024;

    /** {@code uri} as it may be shown and logged: without the API-key query parameter. */
    public URI shown(URI uri) {
        return auth.strip(uri);
    }

    /** A reply and the Authorization value it was sent with (to tell which OAuth2 token a 401 refused). */
    private record Exchanged(Reply reply, String authorization) {
    }

    private Exchanged exchange(String method, URI uri, byte[] body, Map<String, String> extraHeaders) throws IOException {
        URI target = uri;
        for (int hop = 0; ; hop++) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Accept", ACCEPT);
            headers.put("User-Agent", "gateway-sync");
            boolean own = Uris.sameOrigin(target, origin);
            if (own) {
                auth.sign(headers);
            }
            if (body != null) {
                headers.put("Content-Type", "application/json");
            }
            headers.putAll(extraHeaders);
            HttpReply response = http.call(method, own ? auth.target(target) : target, headers, body);
            int status = response.status();
            String location = response.header("Location");
            boolean redirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
            Reply reply = new Reply(target, status, response.headers(), response.body());
            if (!redirect || !method.equals("GET") || location == null || hop >= MAX_REDIRECTS) {
                return new Exchanged(reply, headers.get("Authorization"));
            }
            URI next = Uris.resolveHttp(target, location);
            if (next == null) {
                return new Exchanged(reply, headers.get("Authorization"));
            }
            next = auth.strip(next);
            LOG.debug("source '{}': GET {} redirected ({}) to {}", settings.name(), target, status, next);
            target = next;
        }
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
    public static boolean isTransient(int status) {
        return status == 408 || status == 429 || (status >= 500 && status <= 599 && status != 501 && status != 505);
    }

    /** {@code Retry-After} as seconds or an HTTP date; {@code null} when absent or unreadable. */
    public static Duration retryAfter(HttpHeaders headers) {
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
        String msg = e.getMessage() == null || e.getMessage().isBlank() ? "" : " (" + Snippets.cut(auth.scrub(e.getMessage())) + ")";
        if (e instanceof org.apache.hc.client5.http.ConnectTimeoutException) {
            return "no connection within " + settings.timeout().toMillis() + " ms";
        }
        if (e instanceof SocketTimeoutException) {
            return "no response within " + settings.timeout().toMillis() + " ms";
        }
        if (e instanceof ConnectException) {
            return "connection refused" + msg;
        }
        if (e instanceof SSLHandshakeException) {
            return "TLS handshake failed" + msg + "; for a server certificate from a private CA set trustStore, "
                    + "for mutual TLS keyStore";
        }
        if (e instanceof SSLException) {
            return "TLS failure" + msg;
        }
        if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
            return "interrupted";
        }
        return "connection failed: " + e.getClass().getSimpleName() + msg;
    }

    private static String times(int attempts) {
        return attempts > 1 ? " after " + attempts + " attempts" : "";
    }
}
