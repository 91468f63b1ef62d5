package io.gatewaysync.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.source.JsonBodies;

/** Terse JSON for tests: {@code TestJson.obj("id", "1", "name", "Rex")}, {@code TestJson.parse("{...}")}. */
public final class TestJson {

    /** As the engine reads JSON: a decimal keeps every digit (a test source serves what it was given). */
    public static final ObjectMapper MAPPER = JsonBodies.exactNumbers().build();

    private TestJson() {
    }

    /** An object from alternating field names and values (String, Number, Boolean, JsonNode or null). */
    public static ObjectNode obj(Object... fieldsAndValues) {
        if (fieldsAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("obj() takes name/value pairs");
        }
        ObjectNode o = MAPPER.createObjectNode();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            o.set((String) fieldsAndValues[i], MAPPER.valueToTree(fieldsAndValues[i + 1]));
        }
        return o;
    }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad test JSON: " + json, e);
        }
    }

    public static ObjectNode parseObject(String json) {
        return (ObjectNode) parse(json);
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
