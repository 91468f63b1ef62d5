package io.gatewaysync.web;

import java.util.Optional;

/**
 * Which role a request needs, by path and method. The rule is by path, not by route, so that every
 * endpoint added later under {@code /api/_…} is admin-only without a change here.
 * <ul>
 *   <li>{@code /observe/health/**}: open (load balancers, Docker, Kubernetes probes)</li>
 *   <li>{@code /demo/**}: open (the bundled static demo source, which the engine's own demo route reads)</li>
 *   <li>{@code /console}, {@code /console/**}: open (the web console's static files: the page holds no data,
 *       it asks the API with the key the operator types)</li>
 *   <li>{@code GET|HEAD /api/_runs}, {@code /api/_sources[/{name}]}: read (run history, the sources' state:
 *       what the console and a dashboard show)</li>
 *   <li>{@code /api/_…} otherwise: admin (synchronization records, sync now, retry, unblock, notifications, …)</li>
 *   <li>{@code /api/{schema}[/{id}]}: GET, HEAD, OPTIONS read; POST, PUT, PATCH, DELETE write</li>
 *   <li>{@code /observe/metrics}: read</li>
 *   <li>anything else: admin (what is not known to be harmless is not open)</li>
 * </ul>
 */
public final class ApiAccessRule {

    private ApiAccessRule() {
    }

    /** The role needed, or empty for an open path. {@code path} is the router's normalised path. */
    public static Optional<ApiKeys.Role> required(String method, String path) {
        if (path.equals("/observe/health") || path.startsWith("/observe/health/")) {
            return Optional.empty();
        }
        if (path.equals("/demo") || path.startsWith("/demo/")) {
            return Optional.empty();
        }
        if (path.equals("/console") || path.startsWith("/console/")) {
            return Optional.empty();
        }
        if (path.startsWith("/api/") && path.substring("/api/".length()).replaceFirst("^/+", "").startsWith("_")) {
            return Optional.of(readOnlyView(method, path) ? ApiKeys.Role.READ : ApiKeys.Role.ADMIN);
        }
        if (path.startsWith("/api/")) {
            return Optional.of(switch (method) {
                case "GET", "HEAD", "OPTIONS" -> ApiKeys.Role.READ;
                default -> ApiKeys.Role.WRITE;
            });
        }
        if (path.equals("/observe/metrics") || path.startsWith("/observe/metrics/")) {
            return Optional.of(ApiKeys.Role.READ);
        }
        return Optional.of(ApiKeys.Role.ADMIN);
    }

    /** Views that show how runs went, never a record's data: a read key (a dashboard, the console) may see them. */
    private static boolean readOnlyView(String method, String path) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return false;
        }
        return path.equals("/api/_runs") || path.equals("/api/_sources") || path.matches("/api/_sources/[^/]+");
    }

    /** Paths that wait for the engine's routes: they would answer 404 before those are up. */
    public static boolean needsStartedRoutes(String path) {
        return !(path.equals("/observe/health") || path.startsWith("/observe/health/"));
    }
}
