package io.gatewaysync.source;

import java.util.Locale;

/**
 * The route parameters of paging by cursor and of write-back beyond the defaults; a part of
 * {@link SourceSettings}, kept apart so the original settings stay readable. Null or blank = default.
 *
 * @param cursorPath    dot path of the next cursor token in a page ({@code pagination: cursor}); null =
 *                      the first of the usual places ({@code meta.next_cursor}, {@code next_cursor},
 *                      {@code nextCursor}, {@code nextPageToken}, … see {@link ListingShapes})
 * @param cursorParam   query parameter that carries the token on the next request, default {@code cursor}
 * @param updateMethod  {@code PUT} (the whole object, default) or {@code PATCH} (an RFC 7396 merge patch)
 * @param createUrl     where POST goes; default the listing URL without its query
 * @param createdIdPath dot path of the new id in the POST's reply when it is not at {@code idPath};
 *                      without it (and no id in the reply) the {@code Location} header's last segment
 */
public record WriteStyle(String cursorPath, String cursorParam, String updateMethod, String createUrl,
                         String createdIdPath) {

    public static final String DEFAULT_CURSOR_PARAM = "cursor";
    public static final WriteStyle DEFAULT = new WriteStyle(null, null, null, null, null);

    public WriteStyle {
        cursorPath = blank(cursorPath) ? null : cursorPath.trim();
        cursorParam = blank(cursorParam) ? DEFAULT_CURSOR_PARAM : cursorParam.trim();
        updateMethod = blank(updateMethod) ? "PUT" : updateMethod.trim().toUpperCase(Locale.ROOT);
        if (!updateMethod.equals("PUT") && !updateMethod.equals("PATCH")) {
            throw new IllegalArgumentException("updateMethod must be PUT or PATCH, was '" + updateMethod + "'");
        }
        createUrl = blank(createUrl) ? null : createUrl.trim();
        if (createUrl != null && !Uris.isHttpUrl(createUrl)) {
            throw new IllegalArgumentException("createUrl must be an absolute http(s) URL, was '" + createUrl + "'");
        }
        createdIdPath = blank(createdIdPath) ? null : createdIdPath.trim();
        for (String p : new String[]{cursorPath, createdIdPath}) {
            if (p != null) {
                DotPath.of(p);
            }
        }
    }

    public boolean patch() {
        return updateMethod.equals("PATCH");
    }

    private static boolean blank(String v) {
        return v == null || v.isBlank();
    }
}
