package io.gatewaysync.source;

import io.gatewaysync.source.http.Uris;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * What a route says about proving a listing complete: where the listing states its total when it is not
 * one of the well-known places ({@code totalPath}), and which other origins its next links may lead to
 * ({@code allowedOrigins}; none by default, so a next link to another host ends the listing incomplete).
 * The source's credentials never go to those other origins, allowed or not.
 *
 * @param totalPath      dot path of the total in a page, or null for the well-known keys only
 * @param allowedOrigins origins ({@code scheme://host[:port]}) besides the source's own, normalised
 */
public record ListingProof(String totalPath, List<String> allowedOrigins) {

    public static final ListingProof DEFAULT = new ListingProof(null, List.of());

    public ListingProof {
        totalPath = totalPath == null || totalPath.isBlank() ? null : totalPath.trim();
        if (totalPath != null) {
            DotPath.of(totalPath); // fails now on a bad path, not on the first page
        }
        allowedOrigins = allowedOrigins == null ? List.of() : allowedOrigins.stream().map(ListingProof::origin).toList();
    }

    /**
     * The comma-separated {@code allowedOrigins} parameter as a list.
     *
     * @throws IllegalArgumentException naming the entry that is not an http(s) origin
     */
    public static List<String> parseOrigins(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(ListingProof::origin).toList();
    }

    /** Whether a next link may lead to {@code next}: the source's own origin, or one the route allows. */
    public boolean allows(URI source, URI next) {
        return Uris.sameOrigin(source, next) || allowedOrigins.contains(origin(next.toString()));
    }

    /** {@code scheme://host:port} of a URL, with the scheme's default port made explicit. */
    static String origin(String url) {
        URI u;
        try {
            u = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + url + "' is not an origin (scheme://host[:port])");
        }
        String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
        if (u.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
            throw new IllegalArgumentException("'" + url + "' is not an http(s) origin (scheme://host[:port])");
        }
        int port = u.getPort() != -1 ? u.getPort() : "https".equals(scheme) ? 443 : 80;
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }
}
