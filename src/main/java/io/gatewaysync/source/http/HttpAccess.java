package io.gatewaysync.source.http;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How to reach one HTTP service (a source, or a remote gateway): the authentication style and its
 * credentials, static extra headers, TLS trust and client key material, and a proxy. Read from a
 * route's template parameters ({@link #from}); the gateway's are the same names with a
 * {@code gateway} prefix ({@code gatewayAuth}, {@code gatewayToken}, ...).
 *
 * <p>Holds secrets: {@link #toString()} masks them, error messages never quote them, and
 * {@link #secrets()} lists them so that text coming back from a server can be scrubbed.
 */
public record HttpAccess(Style style, String authorization, String username, String password, String token,
                         String apiKey, String apiKeyHeader, String apiKeyQuery,
                         String tokenUrl, String clientId, String clientSecret, String scope,
                         String secret, String userId, Map<String, String> headers,
                         String trustStore, String trustStorePassword, String keyStore, String keyStorePassword,
                         URI proxy) {

    /** The {@code auth} parameter. */
    public enum Style {
        NONE("none"), BASIC("basic"), BEARER("bearer"), API_KEY("api-key"), OAUTH2("oauth2"), ZGW_JWT("zgw-jwt");

        private final String label;

        Style(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Style parse(String value) {
            for (Style s : values()) {
                if (s.label.equalsIgnoreCase(value.trim())) {
                    return s;
                }
            }
            return null;
        }
    }

    /** The parameter names, without prefix, that this record reads. */
    public static final List<String> PARAMETERS = List.of("auth", "authorization", "username", "password", "token",
            "apiKey", "apiKeyHeader", "apiKeyQuery", "tokenUrl", "clientId", "clientSecret", "scope", "secret",
            "userId", "headers", "trustStore", "trustStorePassword", "keyStore", "keyStorePassword", "proxy");

    public static final String DEFAULT_API_KEY_HEADER = "X-Api-Key";
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public static final HttpAccess NONE = new HttpAccess(Style.NONE, null, null, null, null, null, null, null, null,
            null, null, null, null, null, Map.of(), null, null, null, null, null);

    public HttpAccess {
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** Only a raw {@code Authorization} header value (the original {@code authorization} parameter). */
    public static HttpAccess raw(String authorization) {
        String a = blankToNull(authorization);
        return a == null ? NONE : new HttpAccess(Style.NONE, a, null, null, null, null, null, null, null, null, null,
                null, null, null, Map.of(), null, null, null, null, null);
    }

    /** Whether any of the parameters with this prefix is set. */
    public static boolean anySet(Map<String, String> parameters, String prefix) {
        return PARAMETERS.stream().anyMatch(p -> blankToNull(parameters.get(name(prefix, p))) != null);
    }

    /** The parameter's full name: {@code auth} with prefix {@code gateway} is {@code gatewayAuth}. */
    public static String name(String prefix, String parameter) {
        return prefix == null || prefix.isEmpty() ? parameter
                : prefix + Character.toUpperCase(parameter.charAt(0)) + parameter.substring(1);
    }

    /**
     * Reads and checks the parameters with {@code prefix} ("" for the source, "gateway" for a remote
     * gateway).
     *
     * @throws IllegalArgumentException naming the parameter and what is wrong (never a secret's value)
     */
    public static HttpAccess from(Map<String, String> parameters, String prefix) {
        java.util.function.Function<String, String> get = p -> blankToNull(parameters.get(name(prefix, p)));
        String styleValue = get.apply("auth");
        Style style = styleValue == null ? Style.NONE : Style.parse(styleValue);
        if (style == null) {
            throw new IllegalArgumentException("parameter '" + name(prefix, "auth") + "' has invalid value '"
                    + styleValue + "'; allowed: none, basic, bearer, api-key, oauth2, zgw-jwt");
        }
        String authorization = get.apply("authorization");
        if (authorization != null && authorization.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("parameter '" + name(prefix, "authorization") + "' contains control characters");
        }
        if (authorization != null && style != Style.NONE) {
            throw new IllegalArgumentException("parameters '" + name(prefix, "authorization") + "' and '"
                    + name(prefix, "auth") + "' both set the Authorization header; use one of them");
        }
        HttpAccess a = new HttpAccess(style, authorization, get.apply("username"), get.apply("password"),
                get.apply("token"), get.apply("apiKey"),
                get.apply("apiKeyHeader") == null ? DEFAULT_API_KEY_HEADER : get.apply("apiKeyHeader"),
                get.apply("apiKeyQuery"), get.apply("tokenUrl"), get.apply("clientId"), get.apply("clientSecret"),
                get.apply("scope"), get.apply("secret"), get.apply("userId"),
                parseHeaders(get.apply("headers"), name(prefix, "headers")),
                get.apply("trustStore"), get.apply("trustStorePassword"), get.apply("keyStore"),
                get.apply("keyStorePassword"), parseProxy(get.apply("proxy"), name(prefix, "proxy")));
        a.check(prefix);
        return a;
    }

    private void check(String prefix) {
        switch (style) {
            case BASIC -> require(prefix, "username", username, "password", password);
            case BEARER -> require(prefix, "token", token);
            case API_KEY -> {
                require(prefix, "apiKey", apiKey);
                if (!TOKEN.matcher(apiKeyHeader).matches()) {
                    throw new IllegalArgumentException("parameter '" + name(prefix, "apiKeyHeader")
                            + "' has invalid value '" + apiKeyHeader + "'; allowed: an HTTP header name");
                }
            }
            case OAUTH2 -> {
                require(prefix, "tokenUrl", tokenUrl, "clientId", clientId, "clientSecret", clientSecret);
                if (!Uris.isHttpUrl(tokenUrl)) {
                    throw new IllegalArgumentException("parameter '" + name(prefix, "tokenUrl") + "' has invalid value '"
                            + tokenUrl + "'; allowed: an absolute http(s) URL");
                }
            }
            case ZGW_JWT -> require(prefix, "clientId", clientId, "secret", secret);
            default -> { }
        }
        for (String[] store : new String[][]{{"trustStore", trustStore}, {"keyStore", keyStore}}) {
            if (store[1] != null && !Files.isReadable(Path.of(store[1]))) {
                throw new IllegalArgumentException("parameter '" + name(prefix, store[0]) + "': file '" + store[1]
                        + "' cannot be read");
            }
        }
    }

    private void require(String prefix, String... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) {
                throw new IllegalArgumentException("parameter '" + name(prefix, namesAndValues[i]) + "' is missing; "
                        + name(prefix, "auth") + "=" + style.label() + " needs it");
            }
        }
    }

    /** {@code Accept-Crs: EPSG:4326; X-Tenant: north}: pairs separated by ';', name and value by the first ':'. */
    static Map<String, String> parseHeaders(String value, String parameter) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        for (String pair : value.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int colon = pair.indexOf(':');
            String name = colon < 0 ? "" : pair.substring(0, colon).trim();
            String v = colon < 0 ? "" : pair.substring(colon + 1).trim();
            if (!TOKEN.matcher(name).matches() || v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("parameter '" + parameter + "': '" + pair.trim()
                        + "' is not 'Name: value' (pairs separated by ';', e.g. 'Accept-Crs: EPSG:4326; X-Tenant: north')");
            }
            out.put(name, v);
        }
        return out;
    }

    static URI parseProxy(String value, String parameter) {
        if (value == null) {
            return null;
        }
        int at = value.lastIndexOf('@');
        if (at >= 0) {
            // http://user:password@host:port (as in HTTP_PROXY): never echoed, and not supported (the
            // credentials would be dropped silently and shown wherever the proxy is named).
            int start = value.indexOf("//");
            String shown = (start >= 0 && start < at ? value.substring(0, start + 2) : "") + "****" + value.substring(at);
            throw new IllegalArgumentException("parameter '" + parameter + "' has invalid value '" + shown
                    + "': credentials in the proxy URL are not supported; allowed: http://host:port");
        }
        try {
            URI uri = URI.create(value);
            if ("http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0) {
                return uri;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("parameter '" + parameter + "' has invalid value '" + value
                + "'; allowed: http://host:port");
    }

    /** Every secret value set here, longest first (for scrubbing text that may echo them). */
    public List<String> secrets() {
        List<String> out = new ArrayList<>();
        for (String s : new String[]{authorization, password, token, apiKey, clientSecret, secret,
                trustStorePassword, keyStorePassword}) {
            if (s != null && !s.isEmpty()) {
                out.add(s);
            }
        }
        if (authorization != null) {
            int space = authorization.indexOf(' ');
            if (space > 0 && space < authorization.length() - 1) {
                out.add(authorization.substring(space + 1)); // the token of "Bearer <token>"
            }
        }
        out.sort((a, b) -> b.length() - a.length());
        return out;
    }

    public boolean tls() {
        return trustStore != null || keyStore != null;
    }

    @Override
    public String toString() {
        return "HttpAccess[auth=" + style.label() + (authorization == null ? "" : ", authorization=****")
                + (username == null ? "" : ", username=" + username) + (tokenUrl == null ? "" : ", tokenUrl=" + tokenUrl)
                + (clientId == null ? "" : ", clientId=" + clientId) + (headers.isEmpty() ? "" : ", headers=" + headers.keySet())
                + (trustStore == null ? "" : ", trustStore=" + trustStore) + (keyStore == null ? "" : ", keyStore=" + keyStore)
                + (proxy == null ? "" : ", proxy=" + proxy) + "]";
    }

    static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }
}
