package io.gatewaysync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CanonicalJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static String hash(String text) {
        return CanonicalJson.hash(json(text));
    }

    @Test
    void hashIsHexSha256() {
        String h = hash("{\"a\":1}");
        assertTrue(h.matches("[0-9a-f]{64}"), h);
    }

    @Test
    void keyOrderDoesNotMatter() {
        assertEquals(hash("{\"a\":1,\"b\":{\"x\":true,\"y\":\"z\"}}"), hash("{\"b\":{\"y\":\"z\",\"x\":true},\"a\":1}"));
    }

    @Test
    void keyOrderInsideArrayElementsDoesNotMatter() {
        assertEquals(hash("[{\"a\":1,\"b\":2}]"), hash("[{\"b\":2,\"a\":1}]"));
    }

    @Test
    void whitespaceDoesNotMatter() {
        assertEquals(hash("{\"a\":[1,2],\"b\":\"x y\"}"), hash(" {\n  \"a\" : [ 1 , 2 ],\n\t\"b\" : \"x y\"\n} "));
    }

    @Test
    void canonicalFormIsSortedAndCompact() {
        assertEquals("{\"a\":[2,1],\"b\":{\"c\":null,\"d\":\"e\"}}",
                CanonicalJson.canonical(json("{ \"b\": {\"d\": \"e\", \"c\": null}, \"a\": [2, 1] }")));
    }

    @Test
    void numericallyEqualNumbersHashEqual() {
        assertEquals(hash("{\"n\":1}"), hash("{\"n\":1.0}"));
        assertEquals(hash("{\"n\":1.5}"), hash("{\"n\":1.50}"));
        assertEquals(hash("{\"n\":100}"), hash("{\"n\":1e2}"));
        assertEquals(hash("{\"n\":0}"), hash("{\"n\":0.0}"));
        assertNotEquals(hash("{\"n\":1}"), hash("{\"n\":1.01}"));
    }

    @Test
    void numberAndStringDiffer() {
        assertNotEquals(hash("{\"n\":1}"), hash("{\"n\":\"1\"}"));
    }

    @Test
    void arrayOrderMatters() {
        assertNotEquals(hash("[1,2]"), hash("[2,1]"));
        assertNotEquals(hash("{\"a\":[[1,2],[3]]}"), hash("{\"a\":[[3],[1,2]]}"));
        assertNotEquals(hash("{\"a\":[[1,2],[3]]}"), hash("{\"a\":[[2,1],[3]]}"));
    }

    @Test
    void differentValuesDiffer() {
        assertNotEquals(hash("{\"a\":1}"), hash("{\"a\":2}"));
        assertNotEquals(hash("{\"a\":\"x\"}"), hash("{\"a\":\"X\"}"));
        assertNotEquals(hash("{\"a\":true}"), hash("{\"a\":false}"));
        assertNotEquals(hash("{\"a\":1}"), hash("{\"b\":1}"));
        assertNotEquals(hash("{\"a\":{}}"), hash("{\"a\":[]}"));
    }

    @Test
    void nullAndMissingHandling() {
        assertNull(CanonicalJson.hash(null), "no node: nothing to hash");
        assertNull(CanonicalJson.hash(MissingNode.getInstance()));
        assertNotNull(CanonicalJson.hash(NullNode.getInstance()), "JSON null is a value");
        assertEquals(CanonicalJson.hash(NullNode.getInstance()), hash("null"));
        // an explicit null field is a different document than an absent field
        assertNotEquals(hash("{\"a\":1,\"b\":null}"), hash("{\"a\":1}"));
        assertNotEquals(hash("{\"b\":null}"), hash("{\"b\":\"null\"}"));
        assertEquals(hash("{\"a\":1,\"b\":null}"), hash("{\"b\":null,\"a\":1}"));
    }

    @Test
    void unicodeStringsAreStable() {
        assertEquals(hash("{\"name\":\"Zoë\"}"), hash("{\"name\":\"Zo\\u00eb\"}"));
    }
}
