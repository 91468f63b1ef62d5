package io.gatewaysync.source;

import io.gatewaysync.source.http.Uris;
import io.gatewaysync.source.paging.LinkHeader;
import io.gatewaysync.source.paging.PagingDialects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.sync.CanonicalJson;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Turns one page response into objects, rejected elements, the next link and the total count.
 * Pure (no I/O, no state between pages), so it can be fuzzed: whatever bytes arrive, the only
 * exception it throws is {@link SourceException}. A bad element is rejected, not thrown, so one
 * broken object does not make the whole listing incomplete; a page without a list is thrown, since
 * then nothing on it can be trusted. The one thing it remembers is whether the listing was
 * recognised as JSON:API, and its resource type, for the write-back ({@link #jsonApiType}).
 */
public final class PageParser {

    /** synchronization.source_id is VARCHAR(255): a longer id is this object's error, not the page commit's. */
    public static final int MAX_ID_LENGTH = 255;


    /** Where the list of objects usually is when {@code resultsPath} is not set (after a root array). */
    static final List<String> RESULT_KEYS = List.of("results", "data", "items", "hydra:member");
    /** Where a next link usually is when {@code nextPath} is not set. */
    static final List<DotPath> NEXT_PATHS = List.of("next", "links.next", "_links.next.href",
            "hydra:view.hydra:next", "pagination.next", "meta.next", "['@odata.nextLink']", "next_page_url",
            "nextLink", "paging.next", "meta.pagination.links.next", "pagination.next_url").stream().map(DotPath::of).toList();
    /**
     * Where a listing usually states its total (the size of the whole collection), tried in this order:
     * plain keys, OData, JSON:API (meta; Elide's meta.page.totalRecords), Spring HAL's page, Hydra.
     */
    static final List<DotPath> TOTAL_PATHS = List.of("count", "total", "totalCount", "total_count",
            "totalItems", "total_items", "totalElements", "totalResults", "total_results",
            "['@odata.count']", "meta.total", "meta.count", "meta.totalCount", "meta.total_count",
            "meta.page.totalRecords", "meta.page.total", "meta.pagination.total", "pagination.total",
            "pagination.totalCount", "paging.total", "page.totalElements", "hydra:totalItems")
            .stream().map(DotPath::of).toList();
    /** Headers that state a listing's total: the common one, GitLab's, and others' spelling. */
    private static final List<String> TOTAL_HEADERS = List.of("X-Total-Count", "X-Total", "Total-Count", "X-Total-Results");
    private static final java.util.regex.Pattern CONTENT_RANGE_TOTAL =
            java.util.regex.Pattern.compile(".*/\\s*(\\d{1,18})\\s*");

    private final SourceSettings settings;
    private final DotPath resultsPath;
    private final IdPath idPath;
    private final DotPath cursorPath;
    private final DotPath lastChangedPath;
    private final DotPath nextPath;
    private final DotPath totalPath;
    /** The first listed resource's type once a page was recognised as JSON:API; null until then. */
    private volatile String jsonApiType;
    /** The OData dialect once a page was an OData response (its {@code @odata.context}); null until then. */
    private volatile ODataDialect odata;

    public PageParser(SourceSettings s) {
        this.settings = s;
        this.resultsPath = s.resultsPath() == null ? null : DotPath.of(s.resultsPath());
        this.idPath = s.ids();
        this.cursorPath = s.cursorPath() == null ? null : DotPath.of(s.cursorPath());
        this.lastChangedPath = s.lastChangedPath() == null ? null : DotPath.of(s.lastChangedPath());
        this.nextPath = s.nextPath() == null ? null : DotPath.of(s.nextPath());
        this.totalPath = s.proof().totalPath() == null ? null : DotPath.of(s.proof().totalPath());
    }

    /**
     * @param uri     the URL the page was read from (for messages and to resolve relative links)
     * @param headers the response headers ({@code Link}, {@code X-Total-Count}); may be {@code null}
     * @param number  the page's position in the listing, from 1 (for messages)
     * @throws SourceException for malformed JSON, a body without a list of objects, or an unusable next link
     */
    public ParsedPage parse(URI uri, byte[] body, HttpHeaders headers, int number) {
        JsonNode root = JsonBodies.read(settings.name(), "GET", uri, body);
        JsonNode list = results(root, uri, number);
        if (jsonApiType == null) {
            noteJsonApi(root, list);
        }
        odata = odata != null ? odata : ODataDialect.of(root, list, idPath, uri); // for the write dialect (SourceClient)

        List<SourceObject> objects = new ArrayList<>(list.size());
        List<RejectedObject> rejected = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        MessageDigest content = sha256();
        for (int i = 0; i < list.size(); i++) {
            JsonNode element = list.get(i);
            String problem;
            SourceObject object = null;
            if (!element.isObject()) {
                problem = "element " + i + " is not a JSON object but " + kind(element);
            } else {
                String id = idPath.text(element);
                Integer earlier = id == null ? null : seen.putIfAbsent(id, i);
                if (id == null || id.isBlank()) {
                    problem = "element " + i + " has no id at '" + idPath + "'";
                } else if (id.length() > MAX_ID_LENGTH) {
                    problem = "element " + i + " has an id of " + id.length() + " characters ('" + Snippets.cut(id)
                            + "'); at most " + MAX_ID_LENGTH + " are stored";
                } else if (earlier != null) {
                    problem = "element " + i + " repeats id '" + Snippets.cut(id) + "' of element " + earlier;
                } else {
                    object = toObject(id, (ObjectNode) element, uri);
                    problem = object == null ? "element " + i + " cannot be hashed (a number out of range?)" : null;
                }
            }
            if (object != null) {
                objects.add(object);
                content.update(object.hash().getBytes(StandardCharsets.US_ASCII));
            } else {
                rejected.add(new RejectedObject(i, problem));
                content.update(element.toString().getBytes(StandardCharsets.UTF_8));
            }
            content.update((byte) '\n');
        }
        Long total = totalPath != null ? count(totalPath.get(root)) : totalCount(root, headers);
        URI next = next(root, headers, uri, list.size(), total);
        return new ParsedPage(objects, rejected, next, total, list.size(), HexFormat.of().formatHex(content.digest()));
    }

    /**
     * A {@link SourceObject} for an object read on its own (e.g. by {@link SourceClient#fetch}), hashed
     * and dated exactly as a listed one, so that both compare equal when nothing changed.
     *
     * @throws SourceException when the object has no canonical form (a number out of range)
     */
    public SourceObject object(String id, ObjectNode data) {
        SourceObject object = toObject(id, data, null);
        if (object == null) {
            throw new SourceException(settings.name(), null, null, "object '" + Snippets.cut(id)
                    + "' cannot be hashed (a number out of range?)");
        }
        return object;
    }

    /**
     * The resource type of the JSON:API listing {@code pagination: auto} recognised (the first listed
     * resource's {@code type}), or {@code null} when no page read so far was JSON:API.
     */
    public String jsonApiType() {
        return jsonApiType;
    }

    /** The OData dialect once a page read so far was an OData response, else null ({@link SourceClient}). */
    public ODataDialect odata() {
        return odata;
    }

    private void noteJsonApi(JsonNode root, JsonNode list) {
        if (!list.isEmpty() && list.get(0).path("type").isTextual()
                && "JSON:API".equals(ListingShapes.recognise(root, null, null).recognised())) {
            jsonApiType = list.get(0).path("type").textValue();
        }
    }

    private JsonNode results(JsonNode root, URI uri, int number) {
        if (resultsPath != null) {
            JsonNode list = resultsPath.get(root);
            if (!list.isArray()) {
                throw new SourceException(settings.name(), "GET", uri, "no list of objects at '" + resultsPath
                        + "' on page " + number + " (found " + kind(list) + ")");
            }
            return list;
        }
        if (root.isArray()) {
            return root;
        }
        for (String key : RESULT_KEYS) {
            JsonNode candidate = root.get(key);
            if (candidate != null && candidate.isArray()) {
                return candidate;
            }
        }
        ListingShape shape = ListingShapes.recognise(root, null, uri); // HAL's _embedded.<rel>, OData's value
        if (shape.resultsPath() != null) {
            return DotPath.of(shape.resultsPath()).get(root);
        }
        throw new SourceException(settings.name(), "GET", uri, "no list of objects on page " + number
                + ": the body is " + kind(root) + ", not an array, and has none of "
                + String.join(", ", RESULT_KEYS) + ", _embedded.*, value (OData) as an array (set resultsPath)");
    }

    /** @param page the listing page's URL (its objects' own item URLs are kept), or null for an item read */
    private SourceObject toObject(String id, ObjectNode listed, URI page) {
        ObjectNode element = ProtocolAnnotations.dropped(listed); // not data; the etag goes to the record
        String hash;
        try {
            hash = CanonicalJson.hash(element);
        } catch (RuntimeException e) {
            return null; // e.g. 1e999 parses as an infinite double, which has no canonical form
        }
        Instant changed = lastChangedPath == null ? null : ChangeDate.parse(lastChangedPath.get(element));
        return new SourceObject(id, element, hash, changed, ProtocolAnnotations.etag(listed, settings.style()),
                page == null ? null : ItemUrls.shown(listed, page, settings));
    }

    private URI next(JsonNode root, HttpHeaders headers, URI uri, int elements, Long total) {
        return switch (settings.pagination()) {
            case NONE, PAGE, OFFSET, RANGE, POSTGREST -> null;
            case CURSOR -> cursorNext(root, uri);
            case LINK_HEADER -> headerNext(headers, uri);
            case NEXT_LINK -> bodyNext(root, uri);
            case AUTO -> {
                URI link = headerNext(headers, uri);
                link = link != null ? link : bodyNext(root, uri);
                // No link: a server that pages by parameters and states a total (JSON:API, Feathers, OData).
                yield link != null ? link : PagingDialects.next(root, uri, elements, total);
            }
        };
    }

    /** The next URL of a cursor listing: this one with the body's token as {@code cursorParam}; none without a token. */
    private URI cursorNext(JsonNode root, URI uri) {
        JsonNode token = MissingNode.getInstance();
        if (cursorPath != null) {
            token = cursorPath.get(root);
        } else {
            for (Map.Entry<String, String> usual : ListingShapes.CURSOR_PATHS) {
                token = DotPath.of(usual.getKey()).get(root);
                if (!token.isMissingNode()) {
                    break;
                }
            }
        }
        if (token.isContainerNode() || !token.isValueNode() || token.isNull() || token.asText().isEmpty()) {
            return null;
        }
        return Uris.withQuery(uri, settings.cursorParam(), token.asText(), null, null);
    }

    private URI headerNext(HttpHeaders headers, URI uri) {
        if (headers == null) {
            return null;
        }
        String link = LinkHeader.next(headers.allValues("Link"));
        return link == null || link.isBlank() ? null : resolve(uri, link, "in the Link header");
    }

    private URI bodyNext(JsonNode root, URI uri) {
        if (nextPath != null) {
            String link = linkText(nextPath.get(root));
            return link == null ? null : resolve(uri, link, "at '" + nextPath + "'");
        }
        for (DotPath path : NEXT_PATHS) {
            String link = linkText(path.get(root));
            // Only something that looks like a URL or path: "next": "2" or "next": true is a page flag, not a link.
            if (link != null && (link.indexOf('/') >= 0 || link.indexOf('?') >= 0)) {
                return resolve(uri, link, "at '" + path + "'");
            }
        }
        return null;
    }

    /** A link is a string, or a link object with an {@code href} (JSON:API, HAL). */
    private static String linkText(JsonNode node) {
        if (node.isObject() && node.path("href").isTextual()) {
            node = node.get("href");
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            return null;
        }
        return node.textValue().trim();
    }

    private URI resolve(URI uri, String link, String where) {
        URI next = Uris.resolveHttp(uri, link);
        if (next == null) {
            throw new SourceException(settings.name(), "GET", uri,
                    "the next link " + where + " is not a usable http(s) URL: '" + Snippets.cut(link) + "'");
        }
        return next;
    }

    /**
     * The total a page states in one of the well-known places: the {@code X-Total-Count} header (or
     * {@code X-Total}, {@code Total-Count}, {@code X-Total-Results}), the
     * total of a {@code Content-Range} ({@code …/N}), else the first of {@link #TOTAL_PATHS} that holds a
     * whole number; {@code null} when it states none.
     */
    public static Long totalCount(JsonNode root, HttpHeaders headers) {
        if (headers != null) {
            for (String name : TOTAL_HEADERS) {
                Long n = whole(headers.firstValue(name).orElse(""));
                if (n != null) {
                    return n;
                }
            }
            java.util.regex.Matcher range = CONTENT_RANGE_TOTAL.matcher(headers.firstValue("Content-Range").orElse(""));
            if (range.matches()) {
                return Long.parseLong(range.group(1));
            }
        }
        if (root.isObject()) {
            for (DotPath path : TOTAL_PATHS) {
                Long n = count(path.get(root));
                if (n != null) {
                    return n;
                }
            }
        }
        return null;
    }

    /** A whole number, also one written as a string ({@code "total": "60"}, as some servers do). */
    private static Long count(JsonNode n) {
        if (n != null && n.isTextual()) {
            return whole(n.textValue());
        }
        return n != null && n.isIntegralNumber() && n.canConvertToLong() && n.longValue() >= 0 ? n.longValue() : null;
    }

    private static Long whole(String text) {
        String t = text.trim();
        return !t.isEmpty() && t.length() < 19 && t.chars().allMatch(c -> c >= '0' && c <= '9') ? Long.parseLong(t) : null;
    }

    private static String kind(JsonNode node) {
        if (node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
