package io.gatewaysync.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * JSON merge patches (RFC 7396) for {@code updateMethod: PATCH}: {@link #diff} gives the patch that
 * turns one object into another, {@link #apply} applies one. Arrays are replaced whole (RFC 7396 has
 * no array edits), a removed field is {@code null}. A field whose new value is JSON {@code null}
 * cannot be expressed (null means "remove" in a merge patch): it is sent as a removal.
 */
public final class MergePatch {

    private MergePatch() {
    }

    /** The merge patch from {@code from} to {@code to}; empty when both are equal. */
    public static ObjectNode diff(ObjectNode from, ObjectNode to) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = to.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode before = from.get(e.getKey());
            JsonNode after = e.getValue();
            if (after.isNull()) {
                if (before != null && !before.isNull()) {
                    patch.putNull(e.getKey());
                }
            } else if (before instanceof ObjectNode b && after instanceof ObjectNode a) {
                ObjectNode inner = diff(b, a);
                if (!inner.isEmpty()) {
                    patch.set(e.getKey(), inner);
                }
            } else if (!after.equals(before)) {
                patch.set(e.getKey(), after.deepCopy());
            }
        }
        for (Iterator<String> it = from.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!to.has(name) && !from.get(name).isNull()) {
                patch.putNull(name);
            }
        }
        return patch;
    }

    /** {@code target} with {@code patch} merged in (a copy; neither argument changes). */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), apply(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }
}
