package io.gatewaysync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The direct writer hashes byte for byte what Jackson's UTF-8 generator hashed (the form every stored
 * hash was made with): random documents of every kind of character (control characters, quotes and
 * backslashes, two- and three-byte UTF-8, paired and lone surrogates), strings longer than the buffer,
 * and every kind of number a parser gives.
 */
class CanonicalBytesTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void randomDocumentsHashAsJacksonsGeneratorDid() {
        Random random = new Random(20261207);
        for (int i = 0; i < 3000; i++) {
            JsonNode doc = document(random, 0);
            assertEquals(CanonicalJson.jacksonHash(doc), CanonicalJson.hash(doc), () -> doc.toString());
        }
    }

    @Test
    void parsedDocumentsHashAsJacksonsGeneratorDid() throws Exception {
        ObjectMapper plain = new ObjectMapper();
        ObjectMapper decimals = new ObjectMapper().enable(
                com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        String text = "{\"b\":[1.50,-0.0,1e400,-12345678901234567890,2.5E-300,0,9223372036854775807],"
                + "\"a\":\"\\u0000\\u001f\\u007f\\u0080\\u07ff\\u0800\\uffff\\ud800\\udfff\\ud83d\\ude00 \\\\ \\\" /\","
                + "\"\\t\\r\\n\\b\\f\":{\"y\":null,\"x\":true,\"z\":false},\"\":[]}";
        for (ObjectMapper m : new ObjectMapper[] {plain, decimals}) {
            JsonNode doc = m.readTree(m == plain ? text.replace("1e400,", "") : text);
            assertEquals(CanonicalJson.jacksonHash(doc), CanonicalJson.hash(doc), doc::toString);
        }
        // 1e400 as a double is Infinity, which has no canonical form: both refuse it (the page parser then
        // rejects the object, naming it), neither hashes it as something else.
        JsonNode infinite = plain.readTree("{\"n\":1e400}");
        assertThrows(NumberFormatException.class, () -> CanonicalJson.jacksonHash(infinite));
        assertThrows(NumberFormatException.class, () -> CanonicalJson.hash(infinite));
    }

    @Test
    void longStringsAndNumbersCrossTheBuffer() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            s.append(i % 7 == 0 ? '\u20ac' : i % 11 == 0 ? '\n' : (char) ('a' + i % 26));
        }
        ObjectNode doc = NODES.objectNode();
        doc.put("long", s.toString());
        doc.put("digits", new BigDecimal(new BigInteger("7".repeat(9000)), 9000 - 3));
        doc.put("small", new BigDecimal("1e-9000"));
        assertEquals(CanonicalJson.jacksonHash(doc), CanonicalJson.hash(doc));
    }

    private static JsonNode document(Random random, int depth) {
        int kind = depth > 3 ? 2 + random.nextInt(6) : random.nextInt(8);
        switch (kind) {
            case 0 -> {
                ObjectNode o = NODES.objectNode();
                int n = random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    o.set(text(random), document(random, depth + 1));
                }
                return o;
            }
            case 1 -> {
                ArrayNode a = NODES.arrayNode();
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    a.add(document(random, depth + 1));
                }
                return a;
            }
            case 2, 3 -> {
                return NODES.textNode(text(random));
            }
            case 4 -> {
                return switch (random.nextInt(5)) {
                    case 0 -> NODES.numberNode(random.nextInt());
                    case 1 -> NODES.numberNode(random.nextLong());
                    case 2 -> NODES.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
                    case 3 -> NODES.numberNode(new BigInteger(200, random).negate());
                    default -> NODES.numberNode(new BigDecimal(new BigInteger(80, random), random.nextInt(60) - 30));
                };
            }
            case 5 -> {
                return NODES.booleanNode(random.nextBoolean());
            }
            case 6 -> {
                return NODES.nullNode();
            }
            default -> {
                return NODES.textNode("plain ascii " + random.nextInt(1000));
            }
        }
    }

    /** Characters from every range the writer treats apart, surrogates paired and alone. */
    private static String text(Random random) {
        int n = random.nextInt(12);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(9)) {
                case 0 -> s.append((char) random.nextInt(0x20));
                case 1 -> s.append("\"\\/".charAt(random.nextInt(3)));
                case 2 -> s.append((char) (0x80 + random.nextInt(0x780)));
                case 3 -> s.append((char) (0x800 + random.nextInt(0xD800 - 0x800)));
                case 4 -> s.append((char) (0xE000 + random.nextInt(0x2000)));
                case 5 -> s.appendCodePoint(0x10000 + random.nextInt(0xFFFFF));
                case 6 -> s.append((char) (0xD800 + random.nextInt(0x800)));
                case 7 -> s.append((char) 0x7F);
                default -> s.append((char) (0x20 + random.nextInt(0x5F)));
            }
        }
        return s.toString();
    }
}
