package io.gatewaysync.run;

import io.gatewaysync.source.DotPath;
import io.gatewaysync.source.IdPath;
import io.gatewaysync.source.paging.Pagination;
import io.gatewaysync.source.http.RetryPolicy;
import io.gatewaysync.source.ListingProof;
import io.gatewaysync.source.SourceSettings;
import io.gatewaysync.source.WriteStyle;
import io.gatewaysync.sync.Direction;
import io.gatewaysync.sync.OnSourceDelete;
import io.gatewaysync.sync.SourceOfTruth;
import io.gatewaysync.sync.SyncPolicy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One source, as an operator configured it in a {@code templatedRoute} of the {@code gateway-sync}
 * template. Built from the route's template parameters and validated here, so that a bad file stops
 * the start with a message naming the file, the parameter and what is allowed.
 *
 * @param gateway     schema name in the embedded gateway, or an http(s) collection URL
 * @param maxTries    consecutive failures after which a record is blocked (0: never)
 * @param blockFor    how long a blocked record is skipped before it is tried again
 * @param confirmGone GET an object's item URL before treating it as deleted at the source
 */
public record SourceDefinition(String name, SourceSettings settings, String gateway, SyncPolicy policy,
                               int maxTries, Duration blockFor, boolean confirmGone, String origin) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    public boolean remoteGateway() {
        return gateway.startsWith("http://") || gateway.startsWith("https://");
    }

    /** Reads and validates the parameters of one templated route; {@code origin} names its file. */
    public static SourceDefinition from(Map<String, String> parameters, String origin) {
        Reader p = new Reader(parameters, origin);
        String name = p.required("source");
        if (!NAME.matcher(name).matches()) {
            throw p.invalid("source", name, "1-100 letters, digits, '_', '.', '-'");
        }
        String url = p.required("url");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw p.invalid("url", url, "an absolute http(s) URL");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw p.invalid("url", url, "an absolute http(s) URL");
        }
        Pagination pagination = p.parsed("pagination", "auto", Pagination::parse);
        Direction direction = p.parsed("direction", "source-to-gateway", Direction::parse);
        SourceOfTruth truth = p.parsed("sourceOfTruth", "source", SourceOfTruth::parse);
        OnSourceDelete onDelete = p.parsed("onSourceDelete", "delete", OnSourceDelete::parse);
        String gateway = p.optional("gateway", name);
        if (!(gateway.startsWith("http://") || gateway.startsWith("https://")) && !NAME.matcher(gateway).matches()) {
            throw p.invalid("gateway", gateway,
                    "a schema name (letters, digits, '_', '.', '-') or an http(s):// collection URL");
        }
        String itemUrl = p.optional("itemUrl", null);
        if (itemUrl != null && !itemUrl.contains("{id}") && !itemUrl.equals(SourceSettings.SELF)) {
            throw p.invalid("itemUrl", itemUrl, "a URL containing {id}, or self (the object's id is its URL)");
        }
        if (itemUrl != null && !itemUrl.equals(SourceSettings.SELF)
                && !httpUrl(itemUrl.replace("{id}", "id"))) {
            throw p.invalid("itemUrl", itemUrl, "an absolute http(s) URL containing {id}, or self");
        }
        for (String path : new String[]{"resultsPath", "nextPath", "lastChangedPath", "cursorPath", "createdIdPath",
                "etagPath", "totalPath"}) {
            p.path(path);
        }
        String idPath = p.optional("idPath", "id");
        try {
            IdPath.of(idPath);
        } catch (IllegalArgumentException e) {
            throw p.invalid("idPath", idPath, "a dot path, or several separated by ',' (" + e.getMessage() + ")");
        }
        String cursorParam = p.optional("cursorParam", null);
        if (cursorParam != null && !cursorParam.matches("[A-Za-z0-9_.\\[\\]$~-]{1,100}")) {
            throw p.invalid("cursorParam", cursorParam, "a query parameter name (letters, digits, _ . - [ ] $ ~)");
        }
        String updateMethod = p.optional("updateMethod", "PUT");
        if (!updateMethod.equalsIgnoreCase("PUT") && !updateMethod.equalsIgnoreCase("PATCH")) {
            throw p.invalid("updateMethod", updateMethod, "PUT, PATCH");
        }
        String createUrl = p.optional("createUrl", null);
        if (createUrl != null && !httpUrl(createUrl)) {
            throw p.invalid("createUrl", createUrl, "an absolute http(s) URL");
        }
        String writeStyle = p.optional("writeStyle", WriteStyle.AUTO);
        if (!java.util.List.of(WriteStyle.AUTO, WriteStyle.PLAIN, WriteStyle.JSON_API, WriteStyle.ODATA).contains(writeStyle.toLowerCase(java.util.Locale.ROOT))) {
            throw p.invalid("writeStyle", writeStyle, "auto, plain, json-api, odata");
        }
        String conditional = p.optional("conditionalWrites", WriteStyle.AUTO);
        if (!java.util.List.of(WriteStyle.AUTO, WriteStyle.ALWAYS, WriteStyle.NEVER).contains(conditional.toLowerCase(java.util.Locale.ROOT))) {
            throw p.invalid("conditionalWrites", conditional, "auto, always, never");
        }
        WriteStyle style = new WriteStyle(p.optional("cursorPath", null), cursorParam, updateMethod, createUrl,
                p.optional("createdIdPath", null), writeStyle, p.optional("resourceType", null),
                p.optional("etagPath", null), conditional);
        String origins = p.optional("allowedOrigins", null);
        ListingProof proof;
        try {
            proof = new ListingProof(p.optional("totalPath", null), ListingProof.parseOrigins(origins));
        } catch (IllegalArgumentException e) {
            throw p.invalid("allowedOrigins", origins, "comma-separated origins, each scheme://host[:port] (" + e.getMessage() + ")");
        }
        int pageSize = p.integer("pageSize", 100, 0);
        int retries = p.integer("retries", 3, 0);
        Duration backoff = Duration.ofMillis(p.integer("retryDelayMs", 500, 1));
        Duration timeout = Duration.ofSeconds(p.integer("timeoutSeconds", 30, 1));
        SourceSettings settings = new SourceSettings(name, url, pagination,
                p.optional("resultsPath", null), idPath, p.optional("lastChangedPath", null),
                p.optional("nextPath", null),
                p.optional("pageParam", "page"), p.optional("pageSizeParam", "pageSize"), pageSize,
                p.integer("firstPage", 1, 0), p.optional("offsetParam", "offset"), p.optional("limitParam", "limit"),
                itemUrl, p.optional("authorization", null), timeout,
                new RetryPolicy(retries + 1, backoff, Duration.ofSeconds(30)), p.integer("maxPages", 100_000, 1), style, proof);
        return new SourceDefinition(name, settings, gateway, new SyncPolicy(direction, truth, onDelete),
                p.integer("maxTries", 5, 0), Duration.ofMinutes(p.integer("blockMinutes", 60, 0)),
                p.bool("confirmGone", true), origin);
    }

    private static boolean httpUrl(String s) {
        try {
            URI u = URI.create(s);
            return u.getHost() != null && ("http".equals(u.getScheme()) || "https".equals(u.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Reads parameters, treating blank as absent, and words its errors for operators. */
    private record Reader(Map<String, String> parameters, String origin) {

        String optional(String key, String fallback) {
            String value = parameters.get(key);
            return value == null || value.isBlank() ? fallback : value.trim();
        }

        String required(String key) {
            String value = optional(key, null);
            if (value == null) {
                throw new ConfigurationException(origin + ": route template parameter '" + key + "' is missing");
            }
            return value;
        }

        <T> T parsed(String key, String fallback, Function<String, T> parser) {
            try {
                return parser.apply(optional(key, fallback));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(origin + ": parameter '" + key + "': " + e.getMessage());
            }
        }

        /** A JSON path parameter ({@link DotPath}, escaping included), checked when set. */
        void path(String key) {
            String value = optional(key, null);
            if (value != null) {
                try {
                    DotPath.of(value);
                } catch (IllegalArgumentException e) {
                    throw invalid(key, value, "a dot path, '\\.' or ['…'] for a key with a dot (" + e.getMessage() + ")");
                }
            }
        }

        int integer(String key, int fallback, int min) {
            String value = optional(key, null);
            if (value == null) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(value);
                if (n >= min) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw invalid(key, value, "a whole number >= " + min);
        }

        boolean bool(String key, boolean fallback) {
            String value = optional(key, null);
            if (value == null) {
                return fallback;
            }
            if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(value);
            }
            throw invalid(key, value, "true, false");
        }

        ConfigurationException invalid(String key, String value, String allowed) {
            return new ConfigurationException(origin + ": parameter '" + key + "' has invalid value '" + value
                    + "'; allowed: " + allowed);
        }
    }
}
