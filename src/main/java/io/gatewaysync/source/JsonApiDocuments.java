package io.gatewaysync.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The JSON:API 1.1 documents of write-back ({@code writeStyle: json-api}). The gateway keeps a JSON:API
 * object as the listed resource ({@code type}, {@code id}, {@code attributes}, …); only what goes over
 * the wire is wrapped: {@code {"data":{"type","id","attributes"}}} out, the reply's {@code data} back.
 */
final class JsonApiDocuments {

    static final String MEDIA_TYPE = "application/vnd.api+json";
    static final Map<String, String> HEADERS = Map.of("Content-Type", MEDIA_TYPE, "Accept", MEDIA_TYPE);
    /** A resource object's own members; everything else on a flat gateway object is an attribute. */
    private static final Set<String> MEMBERS = Set.of("type", "id", "lid", "attributes", "relationships", "links", "meta");

    private JsonApiDocuments() {
    }

    /**
     * The attributes of a gateway-side object: its {@code attributes} member, or for an object made in
     * the gateway without one, its own fields apart from the resource members.
     */
    static ObjectNode attributes(ObjectNode object) {
        JsonNode attributes = object.get("attributes");
        if (attributes != null && attributes.isObject()) {
            return ((ObjectNode) attributes).deepCopy();
        }
        ObjectNode flat = object.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!MEMBERS.contains(field.getKey()) && !field.getKey().equals("_self")) {
                flat.set(field.getKey(), field.getValue().deepCopy());
            }
        }
        return flat;
    }

    /**
     * The resource type to send: {@code resourceType} when the route sets it, else the object's own
     * {@code type}, else the type the listing showed.
     *
     * @throws IllegalStateException when none of them is known
     */
    static String type(ObjectNode object, String configured, String listed) {
        if (configured != null) {
            return configured;
        }
        if (object.path("type").isTextual() && !object.path("type").textValue().isBlank()) {
            return object.path("type").textValue();
        }
        if (listed != null) {
            return listed;
        }
        throw new IllegalStateException("no JSON:API resource type for the write-back: the object has no 'type' "
                + "and no listing showed one (set resourceType)");
    }

    /** The resource as the gateway keeps it: {@code type}, {@code id} when known, {@code attributes}. */
    static ObjectNode resource(String type, String id, ObjectNode attributes) {
        ObjectNode resource = attributes.objectNode().put("type", type);
        if (id != null) {
            resource.put("id", id);
        }
        resource.set("attributes", attributes);
        return resource;
    }

    /** The top-level document of a request: {@code {"data": resource}}. */
    static ObjectNode document(ObjectNode resource) {
        ObjectNode document = resource.objectNode();
        document.set("data", resource);
        return document;
    }

    /** The primary data of a reply document when it is a resource object, else {@code null}. */
    static ObjectNode primary(JsonNode reply) {
        JsonNode data = reply == null ? null : reply.get("data");
        return data != null && data.isObject() ? (ObjectNode) data : null;
    }
}
