package io.gatewaysync.sync;

import com.fasterxml.jackson.databind.JsonNode;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes the canonical form of a parsed document as UTF-8 straight into a reused buffer and its SHA-256,
 * byte for byte what {@link CanonicalJson}'s Jackson generator writes (so stored hashes stay valid):
 * keys sorted, no whitespace, strings escaped as Jackson's UTF-8 generator escapes them ({@code \\"},
 * {@code \\\\}, {@code \\b \\t \\n \\f \\r}, other control characters and every UTF-16 surrogate as
 * {@code \\u} with four upper-case hex digits), numbers as {@link CanonicalJson#numberText}.
 *
 * <p>Why not the generator: hashing every listed object was ~40 % of the pages thread's samples (JFR, the
 * yardstick's 1 % run), a generator and its buffers made per object, every write checking the generator's
 * state. One writer and one digest per thread, reused; the digest sees the text in 8 KB blocks.
 */
final class CanonicalBytes {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final ThreadLocal<CanonicalBytes> WRITERS = ThreadLocal.withInitial(CanonicalBytes::new);

    private final MessageDigest digest = CanonicalJson.sha256();
    private final byte[] buffer = new byte[8192];
    private int length;

    private CanonicalBytes() {
    }

    /** The SHA-256 of the canonical form, or {@code null} where the node holds what only Jackson writes. */
    static byte[] digest(JsonNode node) {
        CanonicalBytes writer = WRITERS.get();
        writer.length = 0;
        writer.digest.reset();
        if (!writer.write(node)) {
            return null;
        }
        writer.flush();
        return writer.digest.digest();
    }

    /** {@code false}: a node type of no parsed document (binary, POJO); nothing of it counts then. */
    private boolean write(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                return object(node);
            }
            case ARRAY -> {
                put('[');
                boolean first = true;
                for (JsonNode element : node) {
                    if (!first) {
                        put(',');
                    }
                    first = false;
                    if (!write(element)) {
                        return false;
                    }
                }
                put(']');
                return true;
            }
            case STRING -> string(node.textValue());
            case BOOLEAN -> ascii(node.booleanValue() ? "true" : "false");
            case NULL -> ascii("null");
            case NUMBER -> ascii(CanonicalJson.numberText(node));
            default -> {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private boolean object(JsonNode node) {
        int size = node.size();
        Map.Entry<String, JsonNode>[] fields = new Map.Entry[size];
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        for (int i = 0; i < size; i++) {
            fields[i] = it.next();
        }
        if (size > 1) {
            Arrays.sort(fields, Map.Entry.comparingByKey());
        }
        put('{');
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                put(',');
            }
            string(fields[i].getKey());
            put(':');
            if (!write(fields[i].getValue())) {
                return false;
            }
        }
        put('}');
        return true;
    }

    private void string(String text) {
        put('"');
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    put(c);
                } else {
                    escape(c);
                }
            } else if (c < 0x800) {
                room(2);
                buffer[length++] = (byte) (0xC0 | (c >> 6));
                buffer[length++] = (byte) (0x80 | (c & 0x3F));
            } else if (c >= 0xD800 && c <= 0xDFFF) {
                unicodeEscape(c); // as Jackson's UTF-8 generator does: each surrogate escaped on its own
            } else {
                room(3);
                buffer[length++] = (byte) (0xE0 | (c >> 12));
                buffer[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buffer[length++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        put('"');
    }

    private void escape(char c) {
        char shortForm = switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '\b' -> 'b';
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\f' -> 'f';
            case '\r' -> 'r';
            default -> 0;
        };
        if (shortForm != 0) {
            put('\\');
            put(shortForm);
        } else {
            unicodeEscape(c);
        }
    }

    private void unicodeEscape(char c) {
        room(6);
        buffer[length++] = '\\';
        buffer[length++] = 'u';
        buffer[length++] = HEX[(c >> 12) & 0xF];
        buffer[length++] = HEX[(c >> 8) & 0xF];
        buffer[length++] = HEX[(c >> 4) & 0xF];
        buffer[length++] = HEX[c & 0xF];
    }

    private void ascii(String text) {
        int n = text.length();
        if (n > 64) { // a decimal of many digits: longer than room() promises
            for (int i = 0; i < n; i++) {
                put(text.charAt(i));
            }
            return;
        }
        room(n);
        for (int i = 0; i < n; i++) {
            buffer[length++] = (byte) text.charAt(i);
        }
    }

    private void put(char c) {
        room(1);
        buffer[length++] = (byte) c;
    }

    /** Makes room for {@code n} bytes (at most a few dozen: numbers, escapes) by handing the buffer to the digest. */
    private void room(int n) {
        if (length + n > buffer.length) {
            flush();
        }
    }

    private void flush() {
        digest.update(buffer, 0, length);
        length = 0;
    }
}
