package io.gatewaysync.source.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Puts one service's credentials on its requests, per {@link HttpAccess}: an {@code Authorization}
 * header (raw, Basic, Bearer, OAuth2 access token, ZGW JWT), an API key in a header or in the query,
 * and the static extra headers. Only requests to the service's own origin get them (the caller checks),
 * so a next link or redirect to another host never carries a credential.
 *
 * <p>It also removes the API-key query parameter from every URL it is shown ({@link #strip}), so that
 * log lines and error messages name the URL without the key, even when a server echoes the key in its
 * next links.
 */
public final class Authenticator {

    private final HttpAccess access;
    private final String fixedAuthorization;
    private final OAuth2Tokens oauth2;
    private final ZgwJwt zgw;

    /** @param owner names the source in error messages; {@code http} fetches OAuth2 tokens */
    public Authenticator(String owner, HttpAccess access, CamelHttpClient http) {
        this.access = access;
        this.fixedAuthorization = switch (access.style()) {
            case BASIC -> "Basic " + Base64.getEncoder().encodeToString((access.username() + ":" + access.password())
                    .getBytes(StandardCharsets.UTF_8));
            case BEARER -> "Bearer " + access.token();
            case NONE -> access.authorization();
            default -> null;
        };
        this.oauth2 = access.style() == HttpAccess.Style.OAUTH2 ? new OAuth2Tokens(owner, access, http) : null;
        this.zgw = access.style() == HttpAccess.Style.ZGW_JWT
                ? new ZgwJwt(access.clientId(), access.secret(), access.userId(), Clock.systemUTC()) : null;
    }

    public HttpAccess access() {
        return access;
    }

    /** Adds the credential and the static headers for a request to the service's own origin. */
    public void sign(Map<String, String> headers) {
        headers.putAll(access.headers());
        String authorization = fixedAuthorization;
        if (oauth2 != null) {
            authorization = "Bearer " + oauth2.current();
        } else if (zgw != null) {
            authorization = "Bearer " + zgw.current();
        }
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        if (access.style() == HttpAccess.Style.API_KEY && access.apiKeyQuery() == null) {
            headers.put(access.apiKeyHeader(), access.apiKey());
        }
    }

    /** The URL to send to the service's own origin: with the API key in the query when so configured. */
    public URI target(URI uri) {
        if (access.style() == HttpAccess.Style.API_KEY && access.apiKeyQuery() != null) {
            return Uris.withQuery(uri, Map.of(access.apiKeyQuery(), access.apiKey()));
        }
        return uri;
    }

    /** {@code uri} without the API-key query parameter: what logs, messages and the paginator see. */
    public URI strip(URI uri) {
        if (access.apiKeyQuery() == null || uri == null || uri.getRawQuery() == null) {
            return uri;
        }
        return Uris.withoutParam(uri, access.apiKeyQuery());
    }

    /**
     * The service answered 401 to a request signed with {@code authorization}: whether trying once more
     * with a new credential may help (OAuth2: the token is dropped and the next request fetches one).
     */
    public boolean renew(String authorization) {
        if (oauth2 == null || authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        oauth2.refused(authorization.substring("Bearer ".length()));
        return true;
    }

    /** OAuth2 tokens fetched so far (0 for other styles). */
    public int tokensFetched() {
        return oauth2 == null ? 0 : oauth2.fetches();
    }

    /** The percent-encoded forms of {@code secret} that differ from it (as sent in a query; either hex case). */
    private static List<String> encodings(String secret) {
        String encoded = Uris.encode(secret);
        if (encoded.equals(secret)) {
            return List.of();
        }
        StringBuilder lower = new StringBuilder(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char ch = encoded.charAt(i);
            lower.append(ch);
            if (ch == '%' && i + 2 < encoded.length()) {
                lower.append(Character.toLowerCase(encoded.charAt(i + 1))).append(Character.toLowerCase(encoded.charAt(i + 2)));
                i += 2;
            }
        }
        String plus = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return new ArrayList<>(new java.util.LinkedHashSet<>(List.of(encoded, lower.toString(), plus)));
    }

    /** {@code text} with every secret (configured or current token) replaced by {@code ****}. */
    public String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        List<String> secrets = new ArrayList<>(access.secrets());
        if (fixedAuthorization != null) {
            secrets.add(0, fixedAuthorization);
            int space = fixedAuthorization.indexOf(' ');
            if (space > 0) {
                secrets.add(fixedAuthorization.substring(space + 1));
            }
        }
        if (oauth2 != null) {
            secrets.addAll(0, oauth2.recent());
        }
        if (zgw != null) {
            secrets.addAll(0, zgw.recent());
        }
        String out = text;
        for (String s : secrets) {
            if (s != null && s.length() >= 3) {
                out = out.replace(s, "****");
                // As a server echoes it from a URL (an API key in the query): percent-encoded, as sent.
                for (String encoded : encodings(s)) {
                    out = out.replace(encoded, "****");
                }
            }
        }
        return out;
    }
}
