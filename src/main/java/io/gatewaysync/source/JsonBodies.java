package io.gatewaysync.source;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;

/**
 * Reads and writes the JSON bodies exchanged with a source. Reading is strict (trailing garbage after
 * the document is an error, as a truncated one is), and every failure becomes a
 * {@link SourceException} that says where the body broke, because "malformed JSON" alone does not let
 * an operator tell a cut connection from a server bug.
 */
public final class JsonBodies {

    public static final ObjectMapper MAPPER = exactNumbers()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * The JSON set-up of every mapper that reads or writes object data (source bodies, the gateway's
     * stored objects, the REST API): a number keeps every digit it was sent with. Jackson's default reads
     * a decimal as a {@code double}: {@code 12345678.123456789012} would be stored rounded, a change past
     * the 16th digit would hash equal and never sync, and {@code 1e400} would become Infinity (written
     * back as the text "Infinity"). Trailing zeros are kept too ({@code 2.50} stays {@code 2.50}); the
     * canonical hash normalises them, so 2.5 and 2.50 are still one value.
     */
    public static JsonMapper.Builder exactNumbers() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
    }

    private JsonBodies() {
    }

    /** Parses {@code body}; an empty body, malformed or truncated JSON is a (non-transient) {@link SourceException}. */
    public static JsonNode read(String source, String method, URI uri, byte[] body) {
        if (body == null || isBlank(body)) {
            throw new SourceException(source, method, uri, "empty body where JSON was expected");
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new SourceException(source, method, uri, "empty body where JSON was expected");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
            throw new SourceException(source, method, uri, 0, false,
                    "malformed JSON" + where + ": " + Snippets.cut(e.getOriginalMessage()), e);
        } catch (IOException | RuntimeException e) {
            throw new SourceException(source, method, uri, 0, false, "unreadable JSON: " + Snippets.cut(String.valueOf(e)), e);
        }
    }

    static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
