package io.gatewaysync.source.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** URL chores of the source package: query parameters, path segments, origins. No state. */
public final class Uris {

    private Uris() {
    }

    /**
     * {@code uri} with the given query parameters set: existing parameters of those names are removed,
     * all others kept in order and exactly as written; the new ones are appended, encoded.
     */
    public static URI withQuery(URI uri, Map<String, String> params) {
        List<String> kept = new ArrayList<>();
        String raw = uri.getRawQuery();
        if (raw != null && !raw.isEmpty()) {
            for (String part : raw.split("&")) {
                if (!part.isEmpty() && !params.containsKey(decode(part.split("=", 2)[0]))) {
                    kept.add(part);
                }
            }
        }
        for (Map.Entry<String, String> e : params.entrySet()) {
            kept.add(encode(e.getKey()) + "=" + encode(e.getValue()));
        }
        String s = uri.toString();
        int cut = firstOf(s, '?', '#');
        return URI.create(s.substring(0, cut) + (kept.isEmpty() ? "" : "?" + String.join("&", kept)));
    }

    /** The decoded value of query parameter {@code name}, or {@code null}. */
    public static String queryParam(URI uri, String name) {
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String part : raw.split("&")) {
                String[] kv = part.split("=", 2);
                if (decode(kv[0]).equals(name)) {
                    return kv.length > 1 ? decode(kv[1]) : "";
                }
            }
        }
        return null;
    }

    /** {@code uri} without the query parameters named {@code name}; the others kept in order and as written. */
    public static URI withoutParam(URI uri, String name) {
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return uri;
        }
        List<String> kept = new ArrayList<>();
        for (String part : raw.split("&")) {
            if (!part.isEmpty() && !decode(part.split("=", 2)[0]).equals(name)) {
                kept.add(part);
            }
        }
        String s = uri.toString();
        return URI.create(s.substring(0, firstOf(s, '?', '#')) + (kept.isEmpty() ? "" : "?" + String.join("&", kept)));
    }

    /** Convenience for one or two parameters, in order. */
    public static URI withQuery(URI uri, String name, String value, String name2, String value2) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(name, value);
        if (name2 != null) {
            p.put(name2, value2);
        }
        return withQuery(uri, p);
    }

    /** {@code uri} without query and fragment. */
    public static URI withoutQuery(URI uri) {
        String s = uri.toString();
        return URI.create(s.substring(0, firstOf(s, '?', '#')));
    }

    /**
     * Percent-encodes {@code value} as one path segment: everything but RFC 3986 unreserved characters
     * is encoded, so an id can never add a path step or a query; {@code .} and {@code ..} are encoded
     * too, since they would otherwise address the parent collection.
     */
    public static String pathSegment(String value) {
        if (value.equals(".") || value.equals("..")) {
            return value.replace(".", "%2E");
        }
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Whether both URLs have the same scheme, host and port (the only place a credential may go). */
    public static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    /**
     * Resolves a link from a response against the URL it came from and checks it can be requested.
     *
     * @return the absolute http(s) URL, or {@code null} when {@code link} is not a usable URL
     */
    public static URI resolveHttp(URI base, String link) {
        try {
            String ref = link.trim();
            // java.net.URI follows RFC 2396 here and drops the base's path for a query-only reference
            // ("?page=2"); RFC 3986 keeps it, and APIs rely on that.
            URI resolved = ref.startsWith("?")
                    ? new URI(withoutQuery(base) + ref)
                    : base.resolve(new URI(ref));
            String scheme = resolved.getScheme();
            if (scheme == null || resolved.getHost() == null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                return null;
            }
            return resolved;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether {@code s} is an absolute http(s) URL with a host. */
    public static boolean isHttpUrl(String s) {
        try {
            URI u = new URI(s);
            return u.isAbsolute() && u.getHost() != null
                    && (u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static int port(URI u) {
        if (u.getPort() != -1) {
            return u.getPort();
        }
        return "https".equals(u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
    }

    private static int firstOf(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        if (i < 0) {
            return j < 0 ? s.length() : j;
        }
        return j < 0 ? i : Math.min(i, j);
    }

    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
