package io.gatewaysync.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A path into JSON as operators write it in route parameters: field names separated by dots
 * ({@code _links.next.href}, {@code hydra:view.hydra:next}); a segment of digits indexes an array
 * ({@code items.0.id}). Simple on purpose: every parameter that points into a document
 * ({@code resultsPath}, {@code idPath}, {@code lastChangedPath}, {@code nextPath}) uses it.
 */
public final class DotPath {

    private final String path;
    private final String[] segments;

    private DotPath(String path, String[] segments) {
        this.path = path;
        this.segments = segments;
    }

    /** @throws IllegalArgumentException for a null or blank path, or an empty segment ({@code a..b}) */
    public static DotPath of(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("empty JSON path");
        }
        String trimmed = path.trim();
        String[] segments = trimmed.split("\\.", -1);
        for (String s : segments) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("empty segment in JSON path '" + path + "'");
            }
        }
        return new DotPath(trimmed, segments);
    }

    /** The node at this path, {@link MissingNode} when any step is absent. */
    public JsonNode get(JsonNode root) {
        JsonNode node = root;
        for (String segment : segments) {
            if (node == null) {
                break;
            }
            if (node.isObject()) {
                node = node.get(segment);
            } else if (node.isArray() && isIndex(segment)) {
                node = node.get(Integer.parseInt(segment));
            } else {
                node = null;
            }
        }
        return node == null ? MissingNode.getInstance() : node;
    }

    /** The scalar at this path as text (numbers and booleans too); {@code null} when absent, null or not a scalar. */
    public String text(JsonNode root) {
        JsonNode node = get(root);
        if (node.isMissingNode() || node.isNull() || node.isContainerNode() || !node.isValueNode()) {
            return null;
        }
        return node.asText();
    }

    /**
     * Sets {@code value} at this path, creating intermediate objects; used to put an id that a
     * source only announced in a {@code Location} header into the object it created.
     *
     * @return whether the value could be placed (not when a step is a non-object value)
     */
    public boolean put(ObjectNode root, JsonNode value) {
        ObjectNode node = root;
        for (int i = 0; i < segments.length - 1; i++) {
            JsonNode child = node.get(segments[i]);
            if (child == null || child.isNull()) {
                node = node.putObject(segments[i]);
            } else if (child.isObject()) {
                node = (ObjectNode) child;
            } else {
                return false;
            }
        }
        node.set(segments[segments.length - 1], value);
        return true;
    }

    private static boolean isIndex(String s) {
        if (s.length() > 9) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DotPath other && other.path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    @Override
    public String toString() {
        return path;
    }
}
