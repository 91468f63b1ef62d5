package io.gatewaysync.source.http;

import io.gatewaysync.source.SourcePage;

import io.gatewaysync.source.Listings;
import io.gatewaysync.source.SourceClient;
import io.gatewaysync.source.SourceException;
import io.gatewaysync.source.SourceListing;
import io.gatewaysync.source.SourceSettings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewaysync.testsupport.TestSource;
import io.gatewaysync.testsupport.TestSource.Response;
import io.gatewaysync.testsupport.TestSource.Style;
import io.gatewaysync.testsupport.TokenServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.gatewaysync.source.Listings.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every auth style against a server that enforces it: the right credential is accepted, a missing or
 * wrong one is refused (401/403), and the refusal is final (not retried) with a message that names
 * the source, the method and URL and says to check the credentials, without the secret.
 */
class AuthenticationTest {

    TestSource src;

    @BeforeEach
    void start() {
        src = TestSource.start();
        src.style("pets", Style.NEXT_LINK).pageSize("pets", 4);
        src.generate("pets", 10);
    }

    @AfterEach
    void stop() {
        src.close();
    }

    static HttpAccess access(String... pairs) {
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            p.put(pairs[i], pairs[i + 1]);
        }
        return HttpAccess.from(p, "");
    }

    /** Reads the whole listing; the ids, or the SourceException that ended it. */
    static Object read(SourceSettings settings, HttpAccess access) {
        try (SourceClient client = new SourceClient(null, settings, access); SourceListing listing = client.listing()) {
            List<String> ids = new ArrayList<>();
            while (listing.hasNext()) {
                listing.next().objects().forEach(o -> ids.add(o.id()));
            }
            return ids;
        } catch (SourceException e) {
            return e;
        }
    }

    /** The server accepts a request only when {@code check} says so; else {@code status}. */
    void enforce(int status, java.util.function.Predicate<TestSource.Request> check) {
        src.respond("pets", req -> check.test(req) ? null
                : Response.json(status, "{\"detail\":\"credentials refused\"}"));
    }

    static void assertRefused(Object outcome, int status, String... secrets) {
        SourceException e = assertInstanceOf(outcome);
        assertEquals(status, e.status(), e.getMessage());
        assertFalse(e.transientFault(), "a refused credential is not retried");
        assertTrue(e.getMessage().startsWith("source 'pets': GET http://127.0.0.1:"), e.getMessage());
        assertTrue(e.getMessage().contains("check the credentials"), e.getMessage());
        for (String s : secrets) {
            assertFalse(e.getMessage().contains(s), "secret in: " + e.getMessage());
        }
    }

    static SourceException assertInstanceOf(Object o) {
        assertTrue(o instanceof SourceException, "expected a refusal, got " + o);
        return (SourceException) o;
    }

    @Test
    void basic() {
        String expected = "Basic " + Base64.getEncoder().encodeToString("anna:p4ss-w0rd".getBytes(StandardCharsets.UTF_8));
        enforce(401, req -> expected.equals(req.header("Authorization")));
        assertEquals(Listings.ids(10), read(settings(src, "pets"), access("auth", "basic", "username", "anna", "password", "p4ss-w0rd")));

        src.clearRequests();
        assertRefused(read(settings(src, "pets"), access("auth", "basic", "username", "anna", "password", "wr0ng-pw")),
                401, "wr0ng-pw");
        assertEquals(1, src.requestCount("GET"), "a 401 is not retried");
        assertRefused(read(settings(src, "pets"), HttpAccess.NONE), 401);
    }

    @Test
    void bearer() {
        enforce(401, req -> "Bearer t0ken-abc".equals(req.header("Authorization")));
        assertEquals(Listings.ids(10), read(settings(src, "pets"), access("auth", "bearer", "token", "t0ken-abc")));
        assertRefused(read(settings(src, "pets"), access("auth", "bearer", "token", "t0ken-xyz")), 401, "t0ken-xyz");
        assertRefused(read(settings(src, "pets"), HttpAccess.NONE), 401);
    }

    @Test
    void aTokenEchoedAcrossTheEndOfTheShownBodyLeavesNoPart() {
        // The body is cut for the message: a token echoed across the cut must be scrubbed before it.
        String token = "t0ken-" + "0123456789abcdef".repeat(6);
        String padding = "x".repeat(160); // the token starts some 20 characters before the cut
        for (int status : new int[]{401, 500}) {
            src.respond("pets", req -> Response.json(status, "{\"detail\":\"" + padding + " refused " + token + "\"}"));
            Object outcome = read(settings(src, "pets"), access("auth", "bearer", "token", token));
            SourceException e = assertInstanceOf(outcome);
            assertFalse(e.getMessage().contains(token.substring(0, 12)), "part of the token in: " + e.getMessage());
        }
    }

    @Test
    void rawAuthorizationKeepsWorking() {
        enforce(401, req -> "Token raw-v4lue".equals(req.header("Authorization")));
        assertEquals(Listings.ids(10), read(settings(src, "pets"), access("authorization", "Token raw-v4lue")));
        assertEquals(Listings.ids(10), read(settings(src, "pets").withAuthorization("Token raw-v4lue"), HttpAccess.raw("Token raw-v4lue")));
    }

    @Test
    void apiKeyInTheDefaultOrANamedHeader() {
        enforce(403, req -> "k3y-123".equals(req.header("X-Api-Key")));
        assertEquals(Listings.ids(10), read(settings(src, "pets"), access("auth", "api-key", "apiKey", "k3y-123")));
        assertRefused(read(settings(src, "pets"), access("auth", "api-key", "apiKey", "k3y-999")), 403, "k3y-999");

        enforce(403, req -> "k3y-123".equals(req.header("Ocp-Apim-Subscription-Key")) && req.header("X-Api-Key") == null);
        assertEquals(Listings.ids(10), read(settings(src, "pets"),
                access("auth", "api-key", "apiKey", "k3y-123", "apiKeyHeader", "Ocp-Apim-Subscription-Key")));
    }

    @Test
    void apiKeyInTheQueryIsNeverShown() {
        // The server echoes the key in its next links, as many do; it must not leak into URLs the engine shows.
        enforce(401, req -> "k3y-q".equals(req.param("key")));
        assertEquals(Listings.ids(10), read(settings(src, "pets"), access("auth", "api-key", "apiKey", "k3y-q", "apiKeyQuery", "key")));
        assertTrue(src.requestLog().stream().allMatch(r -> "k3y-q".equals(r.param("key")) && r.header("X-Api-Key") == null));

        try (SourceClient client = new SourceClient(null, settings(src, "pets"), access("auth", "api-key", "apiKey", "k3y-q", "apiKeyQuery", "key"));
             SourceListing listing = client.listing()) {
            while (listing.hasNext()) {
                SourcePage page = listing.next();
                assertFalse(page.uri().toString().contains("k3y-q"), page.uri().toString());
            }
        }
        src.failPage("pets", 2, 401);
        Object outcome = read(settings(src, "pets"), access("auth", "api-key", "apiKey", "k3y-q", "apiKeyQuery", "key"));
        assertRefused(outcome, 401, "k3y-q");
    }

    @Test
    void anApiKeyEchoedFromTheQueryIsScrubbedInItsEncodedForm() {
        // A key with characters that travel percent-encoded in a query (base64 keys have + / =); the server
        // echoes the request line in its error body, as some do.
        String key = "k3y/with+plus=and space";
        src.respond("pets", req -> Response.json(401, "{\"detail\":\"refused " + req.target() + "\"}"));
        SourceException e = assertInstanceOf(read(settings(src, "pets"), access("auth", "api-key", "apiKey", key, "apiKeyQuery", "key")));
        assertTrue(src.requestLog().get(0).target().contains("k3y%2Fwith%2Bplus%3Dand%20space"), src.requestLog().get(0).target());
        assertFalse(e.getMessage().contains("k3y"), "the key in: " + e.getMessage());
    }

    @Test
    void staticHeadersGoWithEveryRequest() {
        enforce(400, req -> "EPSG:4326".equals(req.header("Accept-Crs")) && "north".equals(req.header("X-Tenant")));
        assertEquals(Listings.ids(10), read(settings(src, "pets"), access("headers", "Accept-Crs: EPSG:4326; X-Tenant: north")));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> access("headers", "Accept-Crs EPSG"));
        assertTrue(bad.getMessage().contains("parameter 'headers'"), bad.getMessage());
    }

    @Test
    void missingCredentialsAreAConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> access("auth", "basic", "username", "anna"));
        assertTrue(e.getMessage().contains("parameter 'password' is missing"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> access("auth", "kerberos"));
        assertTrue(e.getMessage().contains("allowed: none, basic, bearer, api-key, oauth2, zgw-jwt"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HttpAccess.from(Map.of("gatewayAuth", "oauth2",
                "gatewayClientId", "c", "gatewayClientSecret", "s3cret"), "gateway"));
        assertTrue(e.getMessage().contains("parameter 'gatewayTokenUrl' is missing"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> access("auth", "bearer", "token", "t", "authorization", "Bearer x"));
        assertTrue(e.getMessage().contains("use one of them"), e.getMessage());
        assertFalse(access("auth", "bearer", "token", "sup3r-secret").toString().contains("sup3r-secret"));
    }

    // ---------------------------------------------------------------- OAuth2

    @Test
    void oauth2TokenIsFetchedOnceAndRefreshedBeforeItExpires() {
        try (TokenServer tokens = new TokenServer("sync-client", "cl1ent-s3cret", Duration.ofSeconds(2))) {
            AtomicInteger refused = new AtomicInteger();
            src.respond("pets", req -> {
                if (tokens.valid(req.header("Authorization"))) {
                    return null;
                }
                refused.incrementAndGet();
                return Response.json(401, "{\"detail\":\"invalid token\"}");
            });
            src.generate("pets", 40); // 50 objects, 13 pages of 4
            src.delay(Duration.ofMillis(450)); // the listing takes ~6 s: three tokens' lives
            HttpAccess access = access("auth", "oauth2", "tokenUrl", tokens.url(), "clientId", "sync-client",
                    "clientSecret", "cl1ent-s3cret", "scope", "read pets");
            long start = System.nanoTime();
            Object ids = read(settings(src, "pets").withTimeout(Duration.ofSeconds(5)), access);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(Listings.ids(50), ids);
            assertTrue(millis > 4_000, "the listing outlived two tokens: " + millis + " ms");
            assertEquals(0, refused.get(), "no request went out with an expired token");
            assertTrue(tokens.calls() >= 3 && tokens.calls() <= 6,
                    "a handful of token requests, not one per request: " + tokens.calls() + " for " + src.requestCount("GET"));
            assertEquals("read pets", tokens.lastScope());
            src.delay(Duration.ZERO);
            assertRefused(read(settings(src, "pets"), HttpAccess.NONE), 401); // no token at all
        }
    }

    @Test
    void oauth2TokenRevokedEarlyIsReplacedOnce() {
        try (TokenServer tokens = new TokenServer("sync-client", "cl1ent-s3cret", Duration.ofSeconds(60))) {
            AtomicInteger refused = new AtomicInteger();
            src.respond("pets", req -> {
                if (req.param("page") != null && req.param("page").equals("2") && refused.get() == 0) {
                    tokens.revokeAll(); // revoked between page 1 and page 2
                }
                if (tokens.valid(req.header("Authorization"))) {
                    return null;
                }
                refused.incrementAndGet();
                return Response.json(401, "{\"detail\":\"token revoked\"}");
            });
            HttpAccess access = access("auth", "oauth2", "tokenUrl", tokens.url(), "clientId", "sync-client",
                    "clientSecret", "cl1ent-s3cret");
            try (SourceClient client = new SourceClient(null, settings(src, "pets"), access);
                 SourceListing listing = client.listing()) {
                List<String> ids = new ArrayList<>();
                while (listing.hasNext()) {
                    listing.next().objects().forEach(o -> ids.add(o.id()));
                }
                assertEquals(Listings.ids(10), ids);
                assertEquals(1, refused.get(), "one 401, then a fresh token");
                assertEquals(2, tokens.issued());
                assertEquals(2, client.authenticator().tokensFetched());
            }
        }
    }

    @Test
    void oauth2RefusedAfterOneRefreshEndsTheListing() {
        try (TokenServer tokens = new TokenServer("sync-client", "cl1ent-s3cret", Duration.ofSeconds(60))) {
            enforce(401, req -> false); // the API refuses every token (e.g. the client lacks a role)
            Object outcome = read(settings(src, "pets"), access("auth", "oauth2", "tokenUrl", tokens.url(),
                    "clientId", "sync-client", "clientSecret", "cl1ent-s3cret"));
            assertRefused(outcome, 401, "cl1ent-s3cret");
            assertEquals(2, tokens.issued(), "one refresh, no more");
            assertEquals(2, src.requestCount("GET"));

            Object wrongSecret = read(settings(src, "pets"), access("auth", "oauth2", "tokenUrl", tokens.url(),
                    "clientId", "sync-client", "clientSecret", "wr0ng-s3cret"));
            SourceException e = assertInstanceOf(wrongSecret);
            assertTrue(e.getMessage().contains("POST " + tokens.url() + ": HTTP 401 from the OAuth2 token endpoint; check the credentials"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("wr0ng-s3cret"));
        }
    }

    // ---------------------------------------------------------------- ZGW JWT

    static final ObjectMapper JSON = new ObjectMapper();

    /** What a ZGW API does with the Authorization header: verify HS256 with the client's secret, then the claims. */
    static String zgwProblem(String authorization, String clientId, String secret, String userId) {
        try {
            if (authorization == null || !authorization.startsWith("Bearer ")) {
                return "no bearer token";
            }
            String[] parts = authorization.substring(7).split("\\.");
            if (parts.length != 3) {
                return "not a JWT";
            }
            Base64.Decoder b64 = Base64.getUrlDecoder();
            JsonNode header = JSON.readTree(b64.decode(parts[0]));
            if (!"HS256".equals(header.path("alg").asText())) {
                return "alg";
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, b64.decode(parts[2]))) {
                return "signature";
            }
            JsonNode claims = JSON.readTree(b64.decode(parts[1]));
            long age = System.currentTimeMillis() / 1000 - claims.path("iat").asLong(-1_000_000);
            if (!clientId.equals(claims.path("iss").asText()) || !clientId.equals(claims.path("client_id").asText())
                    || !userId.equals(claims.path("user_id").asText())
                    || !userId.equals(claims.path("user_representation").asText()) || age < -5 || age > 120) {
                return "claims " + claims;
            }
            return null;
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    void zgwJwtIsSignedWithTheSecretAndCarriesTheClaims() {
        List<String> problems = new ArrayList<>();
        src.respond("pets", req -> {
            String problem = zgwProblem(req.header("Authorization"), "gateway-sync", "zgw-s3cret-0123456789", "sync-bot");
            if (problem == null) {
                return null;
            }
            synchronized (problems) {
                problems.add(problem);
            }
            return Response.json(403, "{\"detail\":\"" + problem.replace("\"", "'") + "\"}");
        });
        assertEquals(Listings.ids(10), read(settings(src, "pets"), access("auth", "zgw-jwt", "clientId", "gateway-sync",
                "secret", "zgw-s3cret-0123456789", "userId", "sync-bot")));
        assertEquals(List.of(), problems);

        // userId defaults to the client id: the server expects "sync-bot", so claims fail.
        assertRefused(read(settings(src, "pets"), access("auth", "zgw-jwt", "clientId", "gateway-sync",
                "secret", "zgw-s3cret-0123456789")), 403, "zgw-s3cret");
        assertTrue(problems.get(problems.size() - 1).startsWith("claims"), problems.toString());
        assertTrue(problems.get(problems.size() - 1).contains("\"user_id\":\"gateway-sync\""), problems.toString());

        assertRefused(read(settings(src, "pets"), access("auth", "zgw-jwt", "clientId", "gateway-sync",
                "secret", "another-s3cret-987654", "userId", "sync-bot")), 403, "another-s3cret");
        assertEquals("signature", problems.get(problems.size() - 1));
        assertRefused(read(settings(src, "pets"), HttpAccess.NONE), 403);
        assertEquals("no bearer token", problems.get(problems.size() - 1));
    }

    @Test
    void credentialsGoOnlyToTheSourcesOrigin() {
        try (TestSource other = TestSource.start()) {
            other.generate("pets", 2);
            other.style("pets", Style.NONE);
            src.respond("pets", req -> Response.json(200, "{\"results\":[{\"id\":\"x\"}],\"next\":\"" + other.url("pets") + "\"}"));
            // allowedOrigins lets the listing go there; the credentials and headers still do not.
            Object ids = read(settings(src, "pets").withProof(new io.gatewaysync.source.ListingProof(null,
                    List.of(other.url("")))), access("auth", "api-key", "apiKey", "k3y-123", "headers", "X-Tenant: north"));
            assertEquals(List.of("x", "1", "2"), ids);
            assertEquals("k3y-123", src.requestLog().get(0).header("X-Api-Key"));
            assertNull(other.requestLog().get(0).header("X-Api-Key"));
            assertNull(other.requestLog().get(0).header("X-Tenant"));
        }
    }
}
