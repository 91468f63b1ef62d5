package io.gatewaysync.source.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * The JSON Web Token of the Dutch ZGW API standard ("Zaakgericht werken"): HS256 over the shared
 * {@code secret}, claims {@code iss} and {@code client_id} (the client id), {@code iat},
 * {@code user_id} and {@code user_representation}. ZGW servers check {@code iat} against a short
 * leeway, so a token is reused for {@link #LIFETIME} and then signed afresh. Plain JDK (HMAC-SHA256
 * from {@code javax.crypto}); a JWT library would add a dependency for thirty lines.
 */
final class ZgwJwt {

    static final Duration LIFETIME = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String clientId;
    private final String userId;
    private final byte[] secret;
    private final Clock clock;
    private String jwt;
    private String previous;
    private long issuedAt;

    ZgwJwt(String clientId, String secret, String userId, Clock clock) {
        this.clientId = clientId;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.userId = userId == null ? clientId : userId;
        this.clock = clock;
    }

    /** A token no older than {@link #LIFETIME}. */
    synchronized String current() {
        long now = clock.millis() / 1000;
        if (jwt == null || now - issuedAt >= LIFETIME.toSeconds()) {
            previous = jwt;
            jwt = sign(now);
            issuedAt = now;
        }
        return jwt;
    }

    /** The current and the previous token (a request may still carry the previous one), for scrubbing. */
    synchronized java.util.List<String> recent() {
        return previous == null ? (jwt == null ? java.util.List.of() : java.util.List.of(jwt)) : java.util.List.of(jwt, previous);
    }

    private String sign(long iat) {
        ObjectNode header = JSON.createObjectNode().put("alg", "HS256").put("typ", "JWT");
        ObjectNode claims = JSON.createObjectNode().put("iss", clientId).put("iat", iat).put("client_id", clientId)
                .put("user_id", userId).put("user_representation", userId);
        String signingInput = B64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
