package io.gatewaysync.sync;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * SHA-256 over a canonical JSON form: object keys sorted, no whitespace. Key order or formatting
 * alone therefore never counts as a change. The canonical text is streamed into the digest, never
 * built as a String, so hashing a page allocates little.
 */
public final class CanonicalJson {

    /** Taken from an ObjectMapper so generators have a codec: {@code writeTree} on scalars needs one. */
    private static final JsonFactory FACTORY = new ObjectMapper().getFactory();

    private CanonicalJson() {
    }

    /** Hex SHA-256 of the canonical form of {@code node}; {@code null} for a missing node. */
    public static String hash(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        MessageDigest digest = sha256();
        try (DigestOutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest);
             JsonGenerator gen = FACTORY.createGenerator(out)) {
            write(node, gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The canonical text itself, for tests and diagnostics. */
    public static String canonical(JsonNode node) {
        java.io.StringWriter w = new java.io.StringWriter();
        try (JsonGenerator gen = FACTORY.createGenerator(w)) {
            write(node, gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void write(JsonNode node, JsonGenerator gen) throws IOException {
        if (node.isObject()) {
            List<String> names = new ArrayList<>(node.size());
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            names.sort(null);
            gen.writeStartObject();
            for (String name : names) {
                gen.writeFieldName(name);
                write(node.get(name), gen);
            }
            gen.writeEndObject();
        } else if (node.isArray()) {
            gen.writeStartArray();
            for (JsonNode element : node) {
                write(element, gen);
            }
            gen.writeEndArray();
        } else if (node.isNumber()) {
            // 1, 1.0 and 1e0 are one value: normalise through BigDecimal.
            java.math.BigDecimal d = node.decimalValue().stripTrailingZeros();
            gen.writeNumber(d.scale() <= 0 ? d.toBigIntegerExact().toString() : d.toPlainString());
        } else {
            gen.writeTree(node);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
