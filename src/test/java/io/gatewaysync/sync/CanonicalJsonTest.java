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

    private static JsonNode exact(String text) {
        try {
            return io.gatewaysync.source.JsonBodies.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static String hash(String text) {
        return CanonicalJson.hash(json(text));
    }

    /**
     * Stored records hold these hashes: a change in the canonical form would make every object of every
     * source look changed after an upgrade. The expected values were computed by the first implementation.
     * (The hash escapes characters outside the BMP, as Jackson's byte generator does; canonical() does not.)
     */
    @Test
    void hashesStayAsStored() {
        String doc = "{\"z\":[1,-2,3.50,1e2,-0.0,12345678901234567890123,1.5e-7,true,false,null,\"\\u00e9\\n\\\"q\\\"\"],"
                + "\"a\":{\"c\":{},\"b\":[],\"\u00e9\":\"\u20ac \\ud83d\\ude00\"},\"m\":-9223372036854775808,\"n\":0.1,\"t\":\"\"}";
        assertEquals("{\"a\":{\"b\":[],\"c\":{},\"é\":\"€ 😀\"},\"m\":-9223372036854775808,\"n\":0.1,\"t\":\"\",\"z\":[1,-2,3.5,100,0,12345678901234567890123,0.00000015,true,false,null,\"é\\n\\\"q\\\"\"]}", CanonicalJson.canonical(json(doc)));
        assertEquals("985d593e9db210d0fb10b0faa9f264301f445da703b58463050a47c4ef0d432b", CanonicalJson.hash(json(doc)));
        // Read as the engine reads since decimals keep every digit: the same hash.
        assertEquals("985d593e9db210d0fb10b0faa9f264301f445da703b58463050a47c4ef0d432b", CanonicalJson.hash(exact(doc)));
    }

    /**
     * Before numbers kept their digits, a decimal was read as a double and hashed through it: every decimal
     * a double holds as written (up to 15 significant digits, below 2^53) must hash as it did then, or every
     * object with a decimal would look changed after the upgrade. (Above 2^53, an integral value written with
     * a fraction or an exponent, 6.9654157E+19, is where Java 17's Double.toString gave more digits than the
     * shortest (JDK-4511638), and so hashed another text: such an object is updated once, to what its source
     * sent. Written as an integer, 69654157000000000000, it was never read as a double.)
     */
    @Test
    void decimalsHashAsTheyDidWhenReadAsDoubles() {
        java.util.Random random = new java.util.Random(30);
        java.math.BigDecimal limit = java.math.BigDecimal.valueOf(1L << 53);
        int compared = 0;
        while (compared < 20_000) {
            long digits = random.nextLong() % 1_000_000_000_000_000L; // up to 15 significant digits
            java.math.BigDecimal value = java.math.BigDecimal.valueOf(digits, random.nextInt(40) - 12); // 1e12 .. 1e-27
            if (value.abs().compareTo(limit) >= 0) {
                continue;
            }
            String text = value.toString();
            assertEquals(CanonicalJson.hash(json(text)), CanonicalJson.hash(exact(text)), text);
            compared++;
        }
    }

    @Test
    void digitsPastADoubleAreAValue() {
        assertNotEquals(CanonicalJson.hash(exact("12345678.123456789012")), CanonicalJson.hash(exact("12345678.123456789013")));
        assertEquals(CanonicalJson.hash(exact("12345678.1234567890120")), CanonicalJson.hash(exact("12345678.123456789012")));
        assertEquals("12345678.123456789012", CanonicalJson.canonical(exact("12345678.1234567890120")));
        assertEquals("0." + "0".repeat(329) + "1", CanonicalJson.canonical(exact("1e-330")), "no longer 0");
    }

    /** An exponent of a billion is 11 characters; written out it would be a billion digits. */
    @Test
    void hugeExponentsKeepTheirExponentForm() {
        assertEquals("1E+999999999", CanonicalJson.canonical(exact("1e999999999")));
        assertEquals("1E-999999999", CanonicalJson.canonical(exact("10e-1000000000")));
        assertNotEquals(CanonicalJson.hash(exact("1e999999999")), CanonicalJson.hash(exact("1e999999998")));
        assertEquals("1" + "0".repeat(400), CanonicalJson.canonical(exact("1e400")));
        assertEquals(CanonicalJson.hash(exact("1e400")), CanonicalJson.hash(exact("10E+399")));
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
