package io.gatewaysync.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * Protocol annotations are not data: OData's control information ({@code @odata.context},
 * {@code @odata.etag}, {@code @odata.id}, {@code @odata.editLink}, {@code @odata.type}, …) and the
 * annotations of properties ({@code Name@odata.type}) describe the response, not the object. Kept, they
 * would be stored in the gateway and hashed, so an item read (which carries {@code @odata.context})
 * and a listing (which does not) of one unchanged object would differ, and the next run would "update"
 * it back. They are dropped wherever an object is read (listings, item reads, write replies), at every
 * depth (expanded entities carry their own); the etag goes to the record ({@link #etag}).
 */
public final class ProtocolAnnotations {

    /** OData's prefix of control information. */
    private static final String ODATA = "@odata.";
    /** OData v3 JSON light's control information, without the {@code @}. */
    private static final java.util.Set<String> V3_CONTROL = java.util.Set.of("odata.metadata", "odata.etag",
            "odata.id", "odata.editLink", "odata.type", "odata.readLink");

    private ProtocolAnnotations() {
    }

    /** Whether a member name is an OData annotation: {@code @odata.x}, or a property's {@code name@odata.x}. */
    static boolean isAnnotation(String name) {
        return name.contains(ODATA) || V3_CONTROL.contains(name);
    }

    /** A listed object's ETag: at {@code etagPath} when the route sets one, else its {@code @odata.etag}; or null. */
    static String etag(ObjectNode listed, WriteStyle style) {
        if (style.etagPath() != null) {
            JsonNode at = DotPath.of(style.etagPath()).get(listed);
            return at.isValueNode() && !at.isNull() && !at.asText().isBlank() ? at.asText() : null;
        }
        return etag(listed);
    }

    /** The object's {@code @odata.etag}, or null. */
    public static String etag(ObjectNode object) {
        JsonNode etag = object.get(ODATA + "etag");
        if (etag == null) {
            etag = object.get("odata.etag"); // OData v3 JSON light
        }
        return etag != null && etag.isTextual() && !etag.textValue().isBlank() ? etag.textValue() : null;
    }

    /** Whether the object carries an annotation anywhere (so that most objects are not copied). */
    static boolean has(JsonNode node) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (isAnnotation(e.getKey()) || e.getValue().isContainerNode() && has(e.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (element.isContainerNode() && has(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The object without annotations: {@code object} itself when it has none, else a copy. */
    public static ObjectNode dropped(ObjectNode object) {
        if (!has(object)) {
            return object;
        }
        ObjectNode copy = object.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (isAnnotation(e.getKey())) {
                    it.remove();
                } else {
                    strip(e.getValue());
                }
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(ProtocolAnnotations::strip);
        }
    }
}
