package io.gatewaysync.web;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import org.apache.camel.CamelContext;

import java.util.Optional;

/**
 * The first handler on the HTTP server's router, installed through Camel's own authentication hook of
 * the platform-http server ({@link ApiSecurity}): before any route sees a request it
 * <ol>
 *   <li>answers 503 while the engine's routes are not all started (or are stopping): before they are,
 *       the router would answer 404 for an existing schema, which reads like "no such schema";</li>
 *   <li>with API keys configured, answers 401 (no or an unknown key, with {@code WWW-Authenticate}) or
 *       403 (a known key without the role) per {@link ApiAccessRule}; nothing behind it runs then.</li>
 * </ol>
 * Keys come as {@code Authorization: Bearer <key>} or {@code X-Api-Key: <key>}; they are never logged.
 */
final class ApiGuard implements AuthenticationHandler {

    static final String REALM = "gateway-sync";

    private final CamelContext context;
    private final ApiKeys keys;

    ApiGuard(CamelContext context, ApiKeys keys) {
        this.context = context;
        this.keys = keys;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String path = ctx.normalizedPath();
        if (ApiAccessRule.needsStartedRoutes(path) && !context.isStarted()) {
            respond(ctx, 503, "the engine is starting or stopping; try again shortly", "Retry-After", "1");
            return;
        }
        if (keys.isEmpty()) {
            ctx.next(); // anonymous: only allowed on loopback or with gateway.allow-anonymous (ApiBinding)
            return;
        }
        Optional<ApiKeys.Role> required = ApiAccessRule.required(request.method().name(), path);
        if (required.isEmpty()) {
            ctx.next();
            return;
        }
        String key = presentedKey(request);
        Optional<ApiKeys.Role> role = keys.roleOf(key);
        if (role.isEmpty()) {
            respond(ctx, 401, key == null ? "an API key is required (Authorization: Bearer <key> or X-Api-Key)"
                    : "unknown API key", "WWW-Authenticate", "Bearer realm=\"" + REALM + "\"");
            return;
        }
        if (!role.get().includes(required.get())) {
            respond(ctx, 403, "this API key has role '" + role.get().label() + "'; this request needs role '"
                    + required.get().label() + "'", null, null);
            return;
        }
        ctx.next();
    }

    private static String presentedKey(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).trim();
            if (!token.isEmpty()) {
                return token;
            }
        }
        String apiKey = request.getHeader("X-Api-Key");
        return apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
    }

    private static void respond(RoutingContext ctx, int status, String message, String header, String value) {
        HttpServerResponse response = ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store"); // as every API answer (JsonReplies): no cache keeps it
        if (header != null) {
            response.putHeader(header, value);
        }
        response.end("{\"status\":" + status + ",\"error\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"}");
    }
}
