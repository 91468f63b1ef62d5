package io.gatewaysync.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A path into JSON as operators write it in route parameters: field names separated by dots
 * ({@code _links.next.href}, {@code hydra:view.hydra:next}); a segment of digits indexes an array
 * ({@code items.0.id}). Simple on purpose: every parameter that points into a document
 * ({@code resultsPath}, {@code idPath}, {@code lastChangedPath}, {@code nextPath}, {@code cursorPath},
 * {@code createdIdPath}) uses it.
 *
 * <p>A key that itself contains a dot is written either with a backslash before the literal dot
 * ({@code @odata\.nextLink}) or bracket-quoted ({@code ['@odata.nextLink']}, {@code meta["a.b"].c});
 * inside quotes a backslash escapes the quote or a backslash. {@code :} and {@code @} need no escaping.
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
        return new DotPath(trimmed, split(trimmed));
    }

    /** The keys of a path: dots separate, {@code \.} is a literal dot, {@code ['…']} / {@code ["…"]} quote a key. */
    private static String[] split(String path) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder key = new StringBuilder();
        boolean quotedKey = false; // the key just read was bracket-quoted (may be empty)
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '\\') {
                if (i + 1 >= path.length()) {
                    throw new IllegalArgumentException("JSON path '" + path + "' ends with a lone backslash");
                }
                key.append(path.charAt(i + 1));
                i += 2;
            } else if (c == '.') {
                close(out, key, quotedKey, path);
                quotedKey = false;
                i++;
            } else if (c == '[' && i + 1 < path.length() && (path.charAt(i + 1) == '\'' || path.charAt(i + 1) == '"')) {
                if (key.length() > 0 || quotedKey) {
                    close(out, key, quotedKey, path); // a['b'] is a.b
                }
                char quote = path.charAt(i + 1);
                int j = i + 2;
                while (j < path.length() && path.charAt(j) != quote) {
                    if (path.charAt(j) == '\\' && j + 1 < path.length()) {
                        j++;
                    }
                    key.append(path.charAt(j));
                    j++;
                }
                if (j + 1 >= path.length() || path.charAt(j + 1) != ']') {
                    throw new IllegalArgumentException("unclosed [" + quote + "…" + quote + "] in JSON path '" + path + "'");
                }
                i = j + 2;
                quotedKey = true;
                if (i < path.length() && path.charAt(i) != '.' && path.charAt(i) != '[') {
                    throw new IllegalArgumentException("a '.' or '[' must follow ']' in JSON path '" + path + "'");
                }
            } else {
                key.append(c);
                i++;
            }
        }
        close(out, key, quotedKey, path);
        return out.toArray(String[]::new);
    }

    private static void close(java.util.List<String> out, StringBuilder key, boolean quoted, String path) {
        if (key.length() == 0 && !quoted) {
            throw new IllegalArgumentException("empty segment in JSON path '" + path + "'");
        }
        out.add(key.toString());
        key.setLength(0);
    }

    /** A path of exactly these keys, escaped so that {@link #of} reads them back (for generated route files). */
    public static DotPath ofKeys(String... keys) {
        StringBuilder b = new StringBuilder();
        for (String k : keys) {
            if (b.length() > 0) {
                b.append('.');
            }
            b.append(k.replace("\\", "\\\\").replace(".", "\\."));
        }
        return of(b.toString());
    }

    /** The keys, unescaped. */
    public java.util.List<String> keys() {
        return java.util.List.of(segments);
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

    /** Removes the field at this path, if it is there. */
    public void remove(ObjectNode root) {
        JsonNode node = root;
        for (int i = 0; i < segments.length - 1 && node != null; i++) {
            node = node.get(segments[i]);
        }
        if (node instanceof ObjectNode parent) {
            parent.remove(segments[segments.length - 1]);
        }
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
