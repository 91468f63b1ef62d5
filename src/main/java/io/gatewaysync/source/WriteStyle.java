package io.gatewaysync.source;

import io.gatewaysync.source.http.Uris;

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
 * @param writeStyle    the write-back bodies: {@code auto} (default: JSON:API when the listing was recognised as
 *                      JSON:API by its keys, else plain), {@code plain} (the object as it is) or
 *                      {@code json-api} (the {@code {"data": …}} envelope, PATCH, {@code application/vnd.api+json})
 *                      or {@code odata} ({@code Entity(key)} item URLs, PATCH as {@code application/json};
 *                      {@code auto} once a listing page carried {@code @odata.context})
 * @param resourceType  the JSON:API {@code type} of a created object that carries none; default the type
 *                      of the listed resources
 * @param etagPath      dot path of a listed object's ETag when it is not {@code @odata.etag}; null = none
 * @param conditionalWrites {@code auto} (default: {@code If-Match} on PUT, PATCH and DELETE when the source gave
 *                      the object an ETag), {@code always} (refuse to write an object without one) or {@code never}
 */
public record WriteStyle(String cursorPath, String cursorParam, String updateMethod, String createUrl,
                         String createdIdPath, String writeStyle, String resourceType, String etagPath,
                         String conditionalWrites) {

    public static final String DEFAULT_CURSOR_PARAM = "cursor";
    public static final String AUTO = "auto";
    public static final String PLAIN = "plain";
    public static final String JSON_API = "json-api";
    public static final String ODATA = "odata";
    public static final WriteStyle DEFAULT = new WriteStyle(null, null, null, null, null);
    /** {@code conditionalWrites}: the values. */
    public static final String ALWAYS = "always";
    public static final String NEVER = "never";

    /** The write style without {@code etagPath} and with {@code conditionalWrites: auto}. */
    public WriteStyle(String cursorPath, String cursorParam, String updateMethod, String createUrl,
                      String createdIdPath, String writeStyle, String resourceType) {
        this(cursorPath, cursorParam, updateMethod, createUrl, createdIdPath, writeStyle, resourceType, null, null);
    }

    /** The plain bodies' style, as before JSON:API write-back: {@code writeStyle: auto}, no {@code resourceType}. */
    public WriteStyle(String cursorPath, String cursorParam, String updateMethod, String createUrl,
                      String createdIdPath) {
        this(cursorPath, cursorParam, updateMethod, createUrl, createdIdPath, null, null);
    }

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
        writeStyle = blank(writeStyle) ? AUTO : writeStyle.trim().toLowerCase(Locale.ROOT);
        if (!writeStyle.equals(AUTO) && !writeStyle.equals(PLAIN) && !writeStyle.equals(JSON_API) && !writeStyle.equals(ODATA)) {
            throw new IllegalArgumentException("writeStyle must be auto, plain, json-api or odata, was '" + writeStyle + "'");
        }
        resourceType = blank(resourceType) ? null : resourceType.trim();
        etagPath = blank(etagPath) ? null : etagPath.trim();
        conditionalWrites = blank(conditionalWrites) ? AUTO : conditionalWrites.trim().toLowerCase(Locale.ROOT);
        if (!conditionalWrites.equals(AUTO) && !conditionalWrites.equals(ALWAYS) && !conditionalWrites.equals(NEVER)) {
            throw new IllegalArgumentException("conditionalWrites must be auto, always or never, was '"
                    + conditionalWrites + "'");
        }
        for (String p : new String[]{cursorPath, createdIdPath, etagPath}) {
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
