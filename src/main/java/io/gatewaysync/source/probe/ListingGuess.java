package io.gatewaysync.source.probe;

import io.gatewaysync.source.ChangeDate;
import io.gatewaysync.source.SourceException;
import io.gatewaysync.source.http.Uris;

import io.gatewaysync.source.DotPath;
import io.gatewaysync.source.IdPath;
import io.gatewaysync.source.JsonBodies;
import io.gatewaysync.source.ListingShape;
import io.gatewaysync.source.ListingShapes;
import io.gatewaysync.source.PageParser;
import io.gatewaysync.source.http.HttpReply;
import io.gatewaysync.source.paging.LinkHeader;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the first page of a source says about its route parameters, for {@code --probe}. The listing's
 * shape (where the objects are, the next link or cursor, a Content-Range) is the engine's own
 * recognition, {@link ListingShapes#recognise}, so that what the probe writes is what {@code auto}
 * finds. What only the probe does is here: which field is the id and which the change date (by looking
 * at every object of the page), a list of objects under an unusual key, and the fields seen. What it
 * only guesses it says, in {@link #guesses()}.
 */
public final class ListingGuess {

    /** Ids the probe takes in this order; {@code url}-like ones only when they are URLs on the source's origin. */
    private static final List<String> ID_KEYS = List.of("id", "ID", "Id", "url", "_links.self.href", "uuid", "_id",
            "@id", "identificatie", "key", "code", "nummer", "number", "uid", "guid");
    private static final Set<String> URL_IDS = Set.of("url", "_links.self.href");
    private static final Set<String> CERTAIN_IDS = Set.of("id", "ID", "Id", "url", "_links.self.href", "uuid", "_id",
            "@id", "identificatie");
    /** Objects that hold an id made of fields ({@code identificatie.nummer}, {@code identifier.kvk,identifier.vestiging}). */
    private static final List<String> ID_OBJECTS = List.of("identificatie", "identifier", "id", "key", "_id");
    private static final List<String> DATE_KEYS = List.of("modified", "updatedAt", "updated_at", "dateModified",
            "lastModified", "last_modified", "modifiedAt", "modified_at", "lastUpdated", "updated", "changedAt",
            "wijzigingsdatum", "datumWijziging", "gewijzigd");

    private final ListingShape shape;
    private final JsonNode root;
    private final URI uri;
    private final String resultsPath;
    private final JsonNode list;
    private final String idPath;
    private final String lastChangedPath;
    private final boolean linkHeader;
    private final boolean moreAnnounced;
    private final Long total;
    private final List<String> guesses = new ArrayList<>();
    private final List<String> undecided = new ArrayList<>();

    private ListingGuess(JsonNode root, HttpHeaders headers, URI uri, Given given) {
        this.uri = uri;
        this.root = root;
        this.shape = ListingShapes.recognise(root, headers, uri);
        this.linkHeader = LinkHeader.next(headers.allValues("Link")) != null;
        String found = given.resultsPath() != null ? given.resultsPath() : shape.resultsPath();
        JsonNode objects = found != null ? DotPath.of(found).get(root) : root.isArray() ? root : null;
        if (given.resultsPath() != null && !objects.isArray()) {
            undecided.add("no list of objects at the given resultsPath '" + found + "'");
        } else if (objects == null && root.isObject()) {
            found = unusualList(root);
            objects = found == null ? null : DotPath.of(found).get(root);
        }
        this.resultsPath = found;
        this.list = objects == null || !objects.isArray() ? JsonBodies.MAPPER.createArrayNode() : objects;
        this.idPath = given.idPath() != null ? given.idPath() : guessId();
        this.lastChangedPath = guessDate();
        JsonNode told = shape.totalPath() == null ? null : DotPath.of(shape.totalPath()).get(root);
        this.total = told != null && told.isIntegralNumber() ? Long.valueOf(told.longValue()) : PageParser.totalCount(root, headers);
        this.moreAnnounced = linkHeader || announced(root);
    }

    /**
     * What the operator gave on the command line and the probe takes as it is; {@code null} = find it.
     */
    public record Given(String resultsPath, String idPath) {
    }

    /**
     * @throws SourceException when the body is not JSON
     */
    public static ListingGuess of(String source, HttpReply reply, Given given) {
        return new ListingGuess(JsonBodies.read(source, "GET", reply.uri(), reply.body()), reply.headers(), reply.uri(), given);
    }

    /** The page's body as read. */
    public JsonNode body() {
        return root;
    }

    /** The total the page states, or {@code null}. */
    public Long total() {
        return total;
    }

    /** The engine's recognition of the page. */
    public ListingShape shape() {
        return shape;
    }

    /** Whether the source says it holds more objects than this page shows (a total count). */
    public boolean moreThanShown() {
        return total != null && total > list.size();
    }

    /** The list's dot path; {@code null} for a root array. */
    public String resultsPath() {
        return resultsPath;
    }

    public String idPath() {
        return idPath;
    }

    /** Whether the id is the object's own URL at a path other than {@code url} (then {@code itemUrl: self}). */
    public boolean selfUrlId() {
        return URL_IDS.contains(idPath) && !idPath.equals("url");
    }

    /** {@code null} when no change date was found. */
    public String lastChangedPath() {
        return lastChangedPath;
    }

    /** The dot path of a next link in the body (also when it is null on this page), or {@code null}. */
    public String nextPath() {
        return shape.nextPath();
    }

    /** Whether this page announces another one: a Link header, a next link or a cursor token that is set. */
    public boolean moreAnnounced() {
        return moreAnnounced;
    }

    /** Whether the reply had a {@code Link: <…>; rel="next"} header. */
    public boolean linkHeader() {
        return linkHeader;
    }

    public int size() {
        return list.size();
    }

    /** The ids of this page, as the engine would read them at {@link #idPath()} (absent ones skipped). */
    public Set<String> ids() {
        Set<String> ids = new HashSet<>();
        IdPath path = IdPath.of(idPath);
        list.forEach(o -> {
            String id = path.text(o);
            if (id != null) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Field name → JSON type (string, number, date, …), over all objects of the page; JSON:API's attributes one by one. */
    public Map<String, String> fields() {
        Map<String, String> types = new LinkedHashMap<>();
        list.forEach(o -> o.fields().forEachRemaining(e -> {
            if (e.getKey().equals("attributes") && e.getValue().isObject()) {
                e.getValue().fields().forEachRemaining(a -> merge(types, "attributes." + a.getKey(), a.getValue()));
            } else {
                merge(types, e.getKey(), e.getValue());
            }
        }));
        return types;
    }

    private static void merge(Map<String, String> types, String name, JsonNode value) {
        types.merge(name, type(value), (a, b) -> a.equals(b) || b.equals("null") ? a : a.equals("null") ? b : a + "|" + b);
    }

    /** One line per thing it took without being sure. */
    public List<String> guesses() {
        return guesses;
    }

    /** One line per thing it could not decide (stderr). */
    public List<String> undecided() {
        return undecided;
    }

    /** No well-known key holds the objects: the one list of objects in the page, else the longest (a guess). */
    private String unusualList(JsonNode root) {
        List<String> arrays = new ArrayList<>();
        collectArrays(root, "", 0, arrays);
        if (arrays.isEmpty()) {
            undecided.add("no list of objects found in the page (resultsPath)");
            return null;
        }
        if (arrays.size() == 1) {
            guesses.add("resultsPath: the only list of objects in the page is at '" + arrays.get(0) + "'");
            return arrays.get(0);
        }
        String found = largest(root, arrays);
        guesses.add("resultsPath: several lists of objects (" + String.join(", ", arrays) + "); took '"
                + found + "', the longest");
        undecided.add("which list holds the objects: " + String.join(", ", arrays));
        return found;
    }

    private boolean announced(JsonNode root) {
        if (shape.cursorPath() != null) {
            JsonNode token = DotPath.of(shape.cursorPath()).get(root);
            return token.isValueNode() && !token.isNull() && !token.asText().isEmpty();
        }
        if (shape.nextPath() == null) {
            return false;
        }
        JsonNode link = DotPath.of(shape.nextPath()).get(root);
        JsonNode text = link.isObject() ? link.path("href") : link;
        return text.isTextual() && !text.asText().isBlank();
    }

    private String guessId() {
        if (list.isEmpty()) {
            undecided.add("the first page has no objects: the id field (idPath) cannot be seen");
            guesses.add("idPath: the default 'id', nothing to look at");
            return "id";
        }
        for (String key : ID_KEYS) {
            DotPath path = key.startsWith("@") ? DotPath.ofKeys(key) : DotPath.of(key);
            if (unique(path) && (!URL_IDS.contains(key) || ownUrls(path))) {
                if (!CERTAIN_IDS.contains(key)) {
                    guesses.add("idPath: '" + key + "' is the only well-known id field that is set and unique");
                }
                return path.toString();
            }
        }
        String nested = nestedId();
        if (nested != null) {
            return nested;
        }
        // A field whose name ends in "id" and whose values are unique.
        JsonNode first = list.get(0);
        List<String> idLike = new ArrayList<>();
        for (var it = first.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            String lower = key.toLowerCase();
            if (lower.endsWith("id") && unique(DotPath.ofKeys(key))) {
                guesses.add("idPath: '" + key + "' is unique in the page and named like an id");
                return DotPath.ofKeys(key).toString();
            }
            if ((lower.endsWith("id") || lower.endsWith("nummer") || lower.endsWith("number") || lower.endsWith("code")
                    || lower.endsWith("nr")) && !key.contains(",") && first.get(key).isValueNode()) {
                idLike.add(DotPath.ofKeys(key).toString());
            }
        }
        // Two id-like fields that are unique together (a composite id): plausible, never certain.
        for (int i = 0; i < idLike.size(); i++) {
            for (int j = i + 1; j < idLike.size(); j++) {
                String pair = idLike.get(i) + "," + idLike.get(j);
                if (unique(IdPath.of(pair))) {
                    guesses.add("idPath: no single field is a unique id; '" + pair + "' are unique together (a composite id)");
                    return pair;
                }
            }
        }
        undecided.add("no id field: none of " + String.join(", ", ID_KEYS) + " is set and unique in every object");
        guesses.add("idPath: the default 'id', not found in the objects");
        return "id";
    }

    /**
     * An id inside an object named like one: its one field that is unique ({@code identificatie.nummer}),
     * else its scalar fields together when they are ({@code identifier.kvk,identifier.vestiging}).
     */
    private String nestedId() {
        for (String owner : ID_OBJECTS) {
            JsonNode sample = list.get(0).path(owner);
            if (!sample.isObject()) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            for (var it = sample.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getValue().isValueNode() && !e.getKey().contains(",")) {
                    String path = DotPath.ofKeys(owner, e.getKey()).toString();
                    if (unique(DotPath.of(path))) {
                        return path;
                    }
                    parts.add(path);
                }
            }
            if (parts.size() >= 2 && parts.size() <= 3 && unique(IdPath.of(String.join(",", parts)))) {
                return String.join(",", parts);
            }
        }
        return null;
    }

    private boolean unique(DotPath path) {
        return unique(IdPath.of(path.toString()));
    }

    /** Set (not blank) in every object of the page, and never twice. */
    private boolean unique(IdPath path) {
        Set<String> seen = new HashSet<>();
        for (JsonNode o : list) {
            String id = path.text(o);
            if (id == null || id.isBlank() || !seen.add(id)) {
                return false;
            }
        }
        return true;
    }

    /** Every value is an http(s) URL on the listing's origin: the engine writes only there with an id that is a URL. */
    private boolean ownUrls(DotPath path) {
        for (JsonNode o : list) {
            String url = path.get(o).asText();
            if (!Uris.isHttpUrl(url) || !Uris.sameOrigin(URI.create(url), uri)) {
                return false;
            }
        }
        return true;
    }

    private String guessDate() {
        if (list.isEmpty()) {
            return null;
        }
        for (String key : DATE_KEYS) {
            for (String path : List.of(key, "attributes." + key)) {
                if (dated(DotPath.of(path))) {
                    return path;
                }
            }
        }
        JsonNode first = list.get(0);
        for (var it = first.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            String lower = key.toLowerCase();
            if ((lower.contains("modif") || lower.contains("updat") || lower.contains("chang") || lower.contains("wijzig"))
                    && first.get(key).isTextual() && dated(DotPath.ofKeys(key))) {
                guesses.add("lastChangedPath: '" + key + "' holds dates and is named like a change date");
                return DotPath.ofKeys(key).toString();
            }
        }
        return null;
    }

    private boolean dated(DotPath path) {
        for (JsonNode o : list) {
            JsonNode value = path.get(o);
            if (value.isMissingNode() || value.isNull() || ChangeDate.parse(value) == null) {
                return false;
            }
        }
        return true;
    }

    private static void collectArrays(JsonNode node, String prefix, int depth, List<String> out) {
        if (depth > 2 || !node.isObject()) {
            return;
        }
        node.fields().forEachRemaining(e -> {
            String key = DotPath.ofKeys(e.getKey()).toString();
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            JsonNode value = e.getValue();
            if (value.isArray() && !value.isEmpty() && value.get(0).isObject()) {
                out.add(path);
            } else if (value.isObject()) {
                collectArrays(value, path, depth + 1, out);
            }
        });
    }

    private static String largest(JsonNode root, List<String> arrays) {
        String best = arrays.get(0);
        for (String path : arrays) {
            if (DotPath.of(path).get(root).size() > DotPath.of(best).get(root).size()) {
                best = path;
            }
        }
        return best;
    }

    private static String type(JsonNode v) {
        if (v.isTextual()) {
            return ChangeDate.parse(v) != null && v.asText().matches("\\d{4}-\\d{2}-\\d{2}.*") ? "date" : "string";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "boolean";
        }
        if (v.isNull()) {
            return "null";
        }
        return v.isArray() ? "array" : "object";
    }
}
