package io.gatewaysync.source.http;

import io.gatewaysync.source.SourceException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OAuth2 client credentials (RFC 6749 §4.4) for one source: the access token is fetched once, used by
 * every request (all threads), fetched again shortly before its {@code expires_in} runs out, and
 * dropped when the source answers 401 with it (revoked early), so that the next request fetches one
 * new token.
 *
 * <p>Why not camel-http's own {@code oauth2*} endpoint options: in Camel 4.17 its token cache is keyed
 * by the full request URI, so every page and item URL would fetch a token of its own; it never drops a
 * token after a 401, and it would also send the token along to any other host a next link points at.
 * The token request itself still goes through this source's camel-http endpoint.
 */
final class OAuth2Tokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Used when the token endpoint sends no {@code expires_in}. */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    private final String owner;
    private final URI tokenUri;
    private final String clientAuthorization;
    private final byte[] form;
    private final CamelHttpClient http;
    private final HttpAccess access;
    private String token;
    /** The last tokens handed out, current or refused: an error body may echo any of them. */
    private final java.util.ArrayDeque<String> recent = new java.util.ArrayDeque<>();
    private long refreshAtNanos;
    private int fetches;

    OAuth2Tokens(String owner, HttpAccess access, CamelHttpClient http) {
        this.owner = owner;
        this.access = access;
        this.tokenUri = URI.create(access.tokenUrl());
        this.http = http;
        // RFC 6749 §2.3.1: client id and secret form-encoded, then HTTP Basic.
        this.clientAuthorization = "Basic " + Base64.getEncoder().encodeToString((enc(access.clientId()) + ":"
                + enc(access.clientSecret())).getBytes(StandardCharsets.UTF_8));
        this.form = ("grant_type=client_credentials" + (access.scope() == null ? "" : "&scope=" + enc(access.scope())))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A valid token: the cached one, or a fresh one when there is none or it is about to expire. */
    synchronized String current() {
        if (token == null || System.nanoTime() - refreshAtNanos >= 0) {
            fetch();
        }
        return token;
    }

    /** The source refused {@code used} (401): forget it, unless another thread already replaced it. */
    synchronized void refused(String used) {
        if (token != null && token.equals(used)) {
            token = null;
        }
    }

    /** How many tokens were fetched (for the log line of a run and tests). */
    synchronized int fetches() {
        return fetches;
    }

    private void fetch() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("Authorization", clientAuthorization);
        HttpReply reply;
        try {
            reply = http.call("POST", tokenUri, headers, form);
        } catch (IOException e) {
            throw new SourceException(owner, "POST", tokenUri, 0, true, "the OAuth2 token endpoint cannot be reached ("
                    + e.getClass().getSimpleName() + ")", null);
        }
        fetches++;
        int status = reply.status();
        if (status < 200 || status >= 300) {
            boolean refused = status == 400 || status == 401 || status == 403;
            throw new SourceException(owner, "POST", tokenUri, status, HttpRequester.isTransient(status),
                    "HTTP " + status + " from the OAuth2 token endpoint"
                            + (refused ? "; check the credentials (clientId, clientSecret, scope)" : ""), null);
        }
        JsonNode body;
        try {
            body = JSON.readTree(reply.body());
        } catch (IOException e) {
            body = null;
        }
        JsonNode accessToken = body == null ? null : body.get("access_token");
        if (accessToken == null || !accessToken.isTextual() || accessToken.asText().isBlank()) {
            throw new SourceException(owner, "POST", tokenUri, status, false,
                    "the OAuth2 token endpoint's answer has no access_token", null);
        }
        long seconds = DEFAULT_LIFETIME.toSeconds();
        JsonNode expiresIn = body.get("expires_in");
        if (expiresIn != null && (expiresIn.isNumber() || expiresIn.asText().matches("\\d{1,9}"))) {
            seconds = Math.max(1, expiresIn.asLong());
        }
        // Refresh shortly before the end: a tenth of the lifetime, at most 30 s, so that a request
        // sent with the token still arrives while it is valid.
        long lifetimeMs = seconds * 1000;
        long marginMs = Math.min(30_000, lifetimeMs / 10);
        token = accessToken.asText();
        recent.addFirst(token);
        if (recent.size() > 8) {
            recent.removeLast();
        }
        refreshAtNanos = System.nanoTime() + (lifetimeMs - marginMs) * 1_000_000;
    }

    /** The recent tokens, newest first, for scrubbing. */
    synchronized java.util.List<String> recent() {
        return java.util.List.copyOf(recent);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "OAuth2Tokens[" + access.tokenUrl() + ", clientId=" + access.clientId() + "]";
    }
}
