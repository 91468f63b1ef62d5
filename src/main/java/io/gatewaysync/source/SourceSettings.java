package io.gatewaysync.source;

import io.gatewaysync.source.http.RetryPolicy;
import io.gatewaysync.source.http.Uris;
import io.gatewaysync.source.paging.Pagination;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the HTTP side needs to know about one source. Null or blank values take the defaults
 * (so a route parameter left out simply means "default"); {@link #of} gives a fully defaulted
 * instance and the {@code with…} methods change one thing each.
 *
 * @param resultsPath     dot path of the list of objects in a page; null/blank = the root array, else the
 *                        first of {@code results}, {@code data}, {@code items}, {@code hydra:member} that is an array
 * @param idPath          dot path of an object's id, default {@code id}
 * @param lastChangedPath dot path of an object's change date, or null
 * @param nextPath        dot path of the next-page link in a page, or null to look in the usual places
 * @param pageSize        sent as {@code pageSizeParam} / {@code limitParam}; {@code <= 0} sends no size parameter
 * @param itemUrl         template for single objects containing {@code {id}}, or null for {@code {url without query}/{id}}
 * @param authorization   value of the {@code Authorization} header, or null; a credential, so it is
 *                        masked in {@link #toString()} and never appears in logs or exception messages
 * @param maxPages        a listing with more pages than this fails (guard against a source paging forever)
 * @param style           cursor parameters and the write-back style ({@code updateMethod}, {@code createUrl},
 *                        {@code createdIdPath}); null = every default
 * @param proof           what proves the listing complete beyond its end signal ({@code totalPath},
 *                        {@code allowedOrigins}); null = the defaults
 */
public record SourceSettings(String name, String url, Pagination pagination,
                             String resultsPath, String idPath, String lastChangedPath, String nextPath,
                             String pageParam, String pageSizeParam, int pageSize, int firstPage,
                             String offsetParam, String limitParam,
                             String itemUrl, String authorization,
                             Duration timeout, RetryPolicy retry, int maxPages, WriteStyle style,
                             ListingProof proof) {

    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int DEFAULT_MAX_PAGES = 100_000;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public SourceSettings {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a source needs a name");
        }
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("source '" + name + "': parameter 'url' is missing");
        }
        url = url.trim();
        if (!Uris.isHttpUrl(url)) {
            throw new IllegalArgumentException("source '" + name + "': parameter 'url' must be an absolute "
                    + "http(s) URL, was '" + url + "'");
        }
        pagination = pagination == null ? Pagination.AUTO : pagination;
        resultsPath = blankToNull(resultsPath);
        idPath = orDefault(idPath, "id");
        lastChangedPath = blankToNull(lastChangedPath);
        nextPath = blankToNull(nextPath);
        pageParam = orDefault(pageParam, "page");
        pageSizeParam = orDefault(pageSizeParam, "pageSize");
        offsetParam = orDefault(offsetParam, "offset");
        limitParam = orDefault(limitParam, "limit");
        itemUrl = blankToNull(itemUrl);
        if (itemUrl != null && !itemUrl.contains("{id}") && !itemUrl.equals(SELF)) {
            throw new IllegalArgumentException("source '" + name + "': parameter 'itemUrl' must contain {id} or be 'self', was '"
                    + itemUrl + "'");
        }
        style = style == null ? WriteStyle.DEFAULT : style;
        proof = proof == null ? ListingProof.DEFAULT : proof;
        authorization = blankToNull(authorization);
        if (authorization != null && authorization.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            // Said without the value: it is a credential.
            throw new IllegalArgumentException("source '" + name + "': parameter 'authorization' contains control characters");
        }
        timeout = timeout == null || timeout.isZero() || timeout.isNegative() ? DEFAULT_TIMEOUT : timeout;
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
        maxPages = maxPages <= 0 ? DEFAULT_MAX_PAGES : maxPages;
        checkIdPath(name, idPath);
        // Fail on a bad path now, when the route is configured, not on the first page.
        for (String p : new String[]{resultsPath, lastChangedPath, nextPath}) {
            if (p != null) {
                try {
                    DotPath.of(p);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("source '" + name + "': " + e.getMessage(), e);
                }
            }
        }
    }

    /** The canonical constructor with the default {@link WriteStyle}. */
    public SourceSettings(String name, String url, Pagination pagination,
                          String resultsPath, String idPath, String lastChangedPath, String nextPath,
                          String pageParam, String pageSizeParam, int pageSize, int firstPage,
                          String offsetParam, String limitParam, String itemUrl, String authorization,
                          Duration timeout, RetryPolicy retry, int maxPages) {
        this(name, url, pagination, resultsPath, idPath, lastChangedPath, nextPath, pageParam, pageSizeParam,
                pageSize, firstPage, offsetParam, limitParam, itemUrl, authorization, timeout, retry, maxPages, null, null);
    }

    /** {@code itemUrl: self}: an object's id is its own URL (ZGW); {@code idPath: url} implies it. */
    public static final String SELF = "self";

    /** A source with every default: pagination {@code auto}, 100 per page, {@link RetryPolicy#DEFAULT}. */
    public static SourceSettings of(String name, String url) {
        return new SourceSettings(name, url, Pagination.AUTO, null, null, null, null,
                null, null, DEFAULT_PAGE_SIZE, 1, null, null, null, null, null, null, 0, WriteStyle.DEFAULT, null);
    }

    /** The listing URL as a URI. */
    public URI uri() {
        return URI.create(url);
    }

    /** Where POST goes: {@code createUrl}, else the URL without its query. */
    public URI collectionUri() {
        return style.createUrl() != null ? URI.create(style.createUrl()) : Uris.withoutQuery(uri());
    }

    /** The id path, single or composite. */
    public IdPath ids() {
        return IdPath.of(idPath);
    }

    /** Whether an object's id is its URL: {@code itemUrl: self}, or {@code idPath: url} without an itemUrl. */
    public boolean idIsUrl() {
        return SELF.equals(itemUrl) || itemUrl == null && idPath.equals("url");
    }

    public SourceSettings withStyle(WriteStyle v) {
        return new SourceSettings(name, url, pagination, resultsPath, idPath, lastChangedPath, nextPath, pageParam,
                pageSizeParam, pageSize, firstPage, offsetParam, limitParam, itemUrl, authorization, timeout, retry, maxPages, v, proof);
    }

    public String cursorPath() {
        return style.cursorPath();
    }

    public String cursorParam() {
        return style.cursorParam();
    }

    /**
     * The URL of one object: {@code itemUrl} with {@code {id}} replaced, else {@code {url without query}/{id}};
     * the id is encoded as a path segment. When the id is the object's URL ({@link #idIsUrl}) it is that
     * URL, and only on the source's own origin: the source's credentials go with it.
     *
     * @throws SourceException for an id URL that is not an http(s) URL of the source's origin
     */
    public URI itemUri(String id) {
        Objects.requireNonNull(id, "id");
        if (idIsUrl()) {
            URI self = Uris.isHttpUrl(id) ? URI.create(id) : null;
            if (self == null || !Uris.sameOrigin(self, uri())) {
                throw new SourceException(name, null, null, "the object's id '" + Snippets.cut(id) + "' is not a URL "
                        + "on the source's origin " + uri().getScheme() + "://" + uri().getRawAuthority()
                        + "; refusing to send the source's credentials elsewhere");
            }
            return self;
        }
        String segment = Uris.pathSegment(id);
        if (itemUrl != null) {
            return URI.create(itemUrl.replace("{id}", segment));
        }
        String base = collectionUri().toString();
        // A collection URL that ends in '/' (Django REST framework and the like) has item URLs that do too
        boolean slashed = base.endsWith("/");
        return URI.create((slashed ? base : base + "/") + segment + (slashed ? "/" : ""));
    }

    public SourceSettings withPagination(Pagination v) {
        return new SourceSettings(name, url, v, resultsPath, idPath, lastChangedPath, nextPath, pageParam,
                pageSizeParam, pageSize, firstPage, offsetParam, limitParam, itemUrl, authorization, timeout, retry, maxPages, style, proof);
    }

    public SourceSettings withUrl(String v) {
        return new SourceSettings(name, v, pagination, resultsPath, idPath, lastChangedPath, nextPath, pageParam,
                pageSizeParam, pageSize, firstPage, offsetParam, limitParam, itemUrl, authorization, timeout, retry, maxPages, style, proof);
    }

    public SourceSettings withResultsPath(String v) {
        return new SourceSettings(name, url, pagination, v, idPath, lastChangedPath, nextPath, pageParam,
                pageSizeParam, pageSize, firstPage, offsetParam, limitParam, itemUrl, authorization, timeout, retry, maxPages, style, proof);
    }

    public SourceSettings withIdPath(String v) {
        return new SourceSettings(name, url, pagination, resultsPath, v, lastChangedPath, nextPath, pageParam,
                pageSizeParam, pageSize, firstPage, offsetParam, limitParam, itemUrl, authorization, timeout, retry, maxPages, style, proof);
    }

    public SourceSettings withLastChangedPath(String v) {
        return new SourceSettings(name, url, pagination, resultsPath, idPath, v, nextPath, pageParam,
                pageSizeParam, pageSize, firstPage, offsetParam, limitParam, itemUrl, authorization, timeout, retry, maxPages, style, proof);
    }

    public SourceSettings withNextPath(String v) {
        return new SourceSettings(name, url, pagination, resultsPath, idPath, lastChangedPath, v, pageParam,
                pageSizeParam, pageSize, firstPage, offsetParam, limitParam, itemUrl, authorization, timeout, retry, maxPages, style, proof);
    }

    /** Page-number parameters: names, size ({@code <= 0}: not sent) and the number of the first page. */
    public SourceSettings withPageParams(String pageParam, String pageSizeParam, int pageSize, int firstPage) {
        return new SourceSettings(name, url, pagination, resultsPath, idPath, lastChangedPath, nextPath, pageParam,
                pageSizeParam, pageSize, firstPage, offsetParam, limitParam, itemUrl, authorization, timeout, retry, maxPages, style, proof);
    }

    public SourceSettings withPageSize(int v) {
        return withPageParams(pageParam, pageSizeParam, v, firstPage);
    }

    public SourceSettings withOffsetParams(String offsetParam, String limitParam) {
        return new SourceSettings(name, url, pagination, resultsPath, idPath, lastChangedPath, nextPath, pageParam,
                pageSizeParam, pageSize, firstPage, offsetParam, limitParam, itemUrl, authorization, timeout, retry, maxPages, style, proof);
    }

    public SourceSettings withItemUrl(String v) {
        return new SourceSettings(name, url, pagination, resultsPath, idPath, lastChangedPath, nextPath, pageParam,
                pageSizeParam, pageSize, firstPage, offsetParam, limitParam, v, authorization, timeout, retry, maxPages, style, proof);
    }

    public SourceSettings withAuthorization(String v) {
        return new SourceSettings(name, url, pagination, resultsPath, idPath, lastChangedPath, nextPath, pageParam,
                pageSizeParam, pageSize, firstPage, offsetParam, limitParam, itemUrl, v, timeout, retry, maxPages, style, proof);
    }

    public SourceSettings withTimeout(Duration v) {
        return new SourceSettings(name, url, pagination, resultsPath, idPath, lastChangedPath, nextPath, pageParam,
                pageSizeParam, pageSize, firstPage, offsetParam, limitParam, itemUrl, authorization, v, retry, maxPages, style, proof);
    }

    public SourceSettings withRetry(RetryPolicy v) {
        return new SourceSettings(name, url, pagination, resultsPath, idPath, lastChangedPath, nextPath, pageParam,
                pageSizeParam, pageSize, firstPage, offsetParam, limitParam, itemUrl, authorization, timeout, v, maxPages, style, proof);
    }

    public SourceSettings withProof(ListingProof v) {
        return new SourceSettings(name, url, pagination, resultsPath, idPath, lastChangedPath, nextPath, pageParam,
                pageSizeParam, pageSize, firstPage, offsetParam, limitParam, itemUrl, authorization, timeout, retry, maxPages, style, v);
    }

    public SourceSettings withMaxPages(int v) {
        return new SourceSettings(name, url, pagination, resultsPath, idPath, lastChangedPath, nextPath, pageParam,
                pageSizeParam, pageSize, firstPage, offsetParam, limitParam, itemUrl, authorization, timeout, retry, v, style, proof);
    }

    /** Resolved in the compact constructor; here so that the constructor can fail early on a bad id path. */
    private static void checkIdPath(String name, String idPath) {
        try {
            IdPath.of(idPath);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("source '" + name + "': " + e.getMessage(), e);
        }
    }

    /** Like the generated one, but the authorization value is masked: settings end up in logs. */
    @Override
    public String toString() {
        return "SourceSettings[name=" + name + ", url=" + url + ", pagination=" + pagination.label()
                + ", resultsPath=" + resultsPath + ", idPath=" + idPath + ", lastChangedPath=" + lastChangedPath
                + ", nextPath=" + nextPath + ", pageParam=" + pageParam + ", pageSizeParam=" + pageSizeParam
                + ", pageSize=" + pageSize + ", firstPage=" + firstPage + ", offsetParam=" + offsetParam
                + ", limitParam=" + limitParam + ", itemUrl=" + itemUrl
                + ", authorization=" + (authorization == null ? null : "****")
                + ", timeout=" + timeout + ", retry=" + retry + ", maxPages=" + maxPages + ", style=" + style + ", proof=" + proof + "]";
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static String orDefault(String v, String def) {
        return v == null || v.isBlank() ? def : v.trim();
    }
}
