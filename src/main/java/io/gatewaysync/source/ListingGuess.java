package io.gatewaysync.source;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the first page of a source says about its route parameters, for {@code --probe}: where the
 * objects are, which field is their id and which their change date, and where a next link is. It
 * looks where {@link PageParser} looks (the same well-known keys), so that what it decides is what
 * the engine will find; what it only guesses it says, in {@link #guesses()}.
 */
public final class ListingGuess {

    /** Ids the probe accepts without saying it guessed; any other unique field is a guess. */
    private static final List<String> ID_KEYS = List.of("id", "uuid", "_id", "identificatie", "key", "code",
            "nummer", "number", "uid", "guid", "url");
    private static final Set<String> CERTAIN_IDS = Set.of("id", "uuid", "_id");
    private static final List<String> DATE_KEYS = List.of("modified", "updatedAt", "updated_at", "dateModified",
            "lastModified", "last_modified", "modifiedAt", "modified_at", "lastUpdated", "updated", "changedAt",
            "wijzigingsdatum", "datumWijziging", "gewijzigd");

    private final String resultsPath;
    private final JsonNode list;
    private final String idPath;
    private final String lastChangedPath;
    private final String nextPath;
    private final boolean linkHeader;
    private boolean nextLinked;
    private final Long total;
    private final Map<String, String> fields;
    private final List<String> guesses = new ArrayList<>();
    private final List<String> undecided = new ArrayList<>();

    private ListingGuess(JsonNode root, HttpReply reply) {
        this.linkHeader = LinkHeader.next(reply.headers().allValues("Link")) != null;
        String found = null;
        JsonNode objects = null;
        if (root.isArray()) {
            objects = root;
        } else if (root.isObject()) {
            for (String key : PageParser.RESULT_KEYS) {
                if (root.path(key).isArray()) {
                    found = key;
                    objects = root.get(key);
                    break;
                }
            }
            if (objects == null) {
                found = wellKnown(root);
                objects = found == null ? null : DotPath.of(found).get(root);
            }
            if (objects == null) {
                List<String> arrays = new ArrayList<>();
                collectArrays(root, "", 0, arrays);
                if (arrays.size() == 1) {
                    found = arrays.get(0);
                    guesses.add("resultsPath: the only list of objects in the page is at '" + found + "'");
                } else if (arrays.size() > 1) {
                    found = largest(root, arrays);
                    guesses.add("resultsPath: several lists of objects (" + String.join(", ", arrays) + "); took '"
                            + found + "', the longest");
                    undecided.add("which list holds the objects: " + String.join(", ", arrays));
                } else {
                    undecided.add("no list of objects found in the page (resultsPath)");
                }
                objects = found == null ? null : DotPath.of(found).get(root);
            }
        }
        this.resultsPath = found;
        this.list = objects == null ? JsonBodies.MAPPER.createArrayNode() : objects;
        this.idPath = guessId();
        this.lastChangedPath = guessDate();
        this.nextPath = root.isObject() ? guessNext(root) : null;
        this.fields = fields();
        this.total = PageParser.totalCount(root, reply.headers());
    }

    /** Whether the source says it holds more objects than this page shows (a total count). */
    public boolean moreThanShown() {
        return total != null && total > list.size();
    }

    /**
     * @throws SourceException when the body is not JSON
     */
    public static ListingGuess of(String source, HttpReply reply) {
        return new ListingGuess(JsonBodies.read(source, "GET", reply.uri(), reply.body()), reply);
    }

    /** The list's dot path; {@code null} for a root array. */
    public String resultsPath() {
        return resultsPath;
    }

    public String idPath() {
        return idPath;
    }

    /** {@code null} when no change date was found. */
    public String lastChangedPath() {
        return lastChangedPath;
    }

    /** The dot path of a next link in the body (also when it is null on this page), or {@code null}. */
    public String nextPath() {
        return nextPath;
    }

    /** Whether the body links to a next page (not only has the key, null on a last page). */
    public boolean nextLinked() {
        return nextLinked;
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
        DotPath path = DotPath.of(idPath);
        list.forEach(o -> {
            String id = path.text(o);
            if (id != null) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Field name → JSON type (string, number, date, …), over all objects of the page. */
    public Map<String, String> fields() {
        Map<String, String> types = new LinkedHashMap<>();
        list.forEach(o -> o.fields().forEachRemaining(e -> types.merge(e.getKey(), type(e.getValue()),
                (a, b) -> a.equals(b) || b.equals("null") ? a : a.equals("null") ? b : a + "|" + b)));
        return types;
    }

    /** One line per thing it took without being sure. */
    public List<String> guesses() {
        return guesses;
    }

    /** One line per thing it could not decide (stderr). */
    public List<String> undecided() {
        return undecided;
    }

    private String guessId() {
        if (list.isEmpty()) {
            undecided.add("the first page has no objects: the id field (idPath) cannot be seen");
            guesses.add("idPath: the default 'id', nothing to look at");
            return "id";
        }
        for (String key : ID_KEYS) {
            if (unique(DotPath.of(key))) {
                if (!CERTAIN_IDS.contains(key)) {
                    guesses.add("idPath: '" + key + "' is the only well-known id field that is set and unique");
                }
                return key;
            }
        }
        // A field whose name ends in "id" and whose values are unique.
        JsonNode first = list.get(0);
        for (var it = first.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (key.toLowerCase().endsWith("id") && unique(DotPath.of(key))) {
                guesses.add("idPath: '" + key + "' is unique in the page and named like an id");
                return key;
            }
        }
        undecided.add("no id field: none of " + String.join(", ", ID_KEYS) + " is set and unique in every object");
        guesses.add("idPath: the default 'id', not found in the objects");
        return "id";
    }

    private boolean unique(DotPath path) {
        Set<String> seen = new HashSet<>();
        for (JsonNode o : list) {
            String id = path.text(o);
            if (id == null || id.isBlank() || !seen.add(id)) {
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
                    && first.get(key).isTextual() && dated(DotPath.of(key))) {
                guesses.add("lastChangedPath: '" + key + "' holds dates and is named like a change date");
                return key;
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

    /** OData's {@code value}; HAL's {@code _embedded} with one list (its name is the resource's). */
    private static String wellKnown(JsonNode root) {
        if (root.path("value").isArray()) {
            return "value";
        }
        JsonNode embedded = root.path("_embedded");
        List<String> lists = new ArrayList<>();
        embedded.fields().forEachRemaining(e -> {
            if (e.getValue().isArray()) {
                lists.add("_embedded." + e.getKey());
            }
        });
        return lists.size() == 1 ? lists.get(0) : null;
    }

    private String guessNext(JsonNode root) {
        if (root.path("@odata.nextLink").isTextual()) {
            nextLinked = true;
            return "@odata.nextLink";
        }
        String present = null;
        for (DotPath path : PageParser.NEXT_PATHS) {
            JsonNode link = path.get(root);
            if (link.isTextual() && !link.asText().isBlank()) {
                nextLinked = true;
                return path.toString();
            }
            if (present == null && (link.isNull() || link.isTextual())) {
                present = path.toString(); // "next": null on the last page still says how the listing pages
            }
        }
        return present;
    }

    private static void collectArrays(JsonNode node, String prefix, int depth, List<String> out) {
        if (depth > 2 || !node.isObject()) {
            return;
        }
        node.fields().forEachRemaining(e -> {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
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
