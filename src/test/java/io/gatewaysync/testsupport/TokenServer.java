package io.gatewaysync.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OAuth2 token endpoint (client credentials, RFC 6749 §4.4) on loopback: {@code POST /token} with
 * HTTP Basic client authentication and {@code grant_type=client_credentials}; issues random tokens
 * that live {@code lifetime} and counts its calls. {@link #valid} is what a resource server asks.
 */
public final class TokenServer implements AutoCloseable {

    private final HttpServer server;
    private final String clientId;
    private final String clientSecret;
    private final Duration lifetime;
    private final Map<String, Long> expiries = new ConcurrentHashMap<>();
    private final java.util.Set<String> everIssued = ConcurrentHashMap.newKeySet();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger issued = new AtomicInteger();
    private volatile String lastScope;

    public TokenServer(String clientId, String clientSecret, Duration lifetime) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.lifetime = lifetime;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "token-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/token", this::token);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** Every POST /token, refused ones included. */
    public int calls() {
        return calls.get();
    }

    public int issued() {
        return issued.get();
    }

    public String lastScope() {
        return lastScope;
    }

    /** Whether {@code authorization} is "Bearer t" with a token t issued here, not expired nor revoked. */
    public boolean valid(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        Long expiry = expiries.get(authorization.substring(7));
        return expiry != null && System.nanoTime() < expiry;
    }

    /** Every token issued so far. */
    public java.util.Set<String> tokens() {
        return java.util.Set.copyOf(everIssued);
    }

    /** Revokes every token issued so far (as an authorization server does when a client is reset). */
    public void revokeAll() {
        expiries.clear();
    }

    private void token(HttpExchange ex) throws IOException {
        try (ex) {
            calls.incrementAndGet();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String expected = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret)
                    .getBytes(StandardCharsets.UTF_8));
            if (!"POST".equals(ex.getRequestMethod()) || !expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, "{\"error\":\"invalid_client\"}");
                return;
            }
            if (!body.contains("grant_type=client_credentials")) {
                send(ex, 400, "{\"error\":\"unsupported_grant_type\"}");
                return;
            }
            for (String pair : body.split("&")) {
                if (pair.startsWith("scope=")) {
                    lastScope = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
                }
            }
            String token = UUID.randomUUID().toString();
            expiries.put(token, System.nanoTime() + lifetime.toNanos());
            everIssued.add(token);
            issued.incrementAndGet();
            send(ex, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                    + lifetime.toSeconds() + "}");
        }
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
