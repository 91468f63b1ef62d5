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
import java.util.List;
import java.util.Map;

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
        byte[] sha = CanonicalBytes.digest(node);
        return HexFormat.of().formatHex(sha != null ? sha : jacksonDigest(node));
    }

    /**
     * The same hash through Jackson's byte generator: the reference the direct writer
     * ({@link CanonicalBytes}) is tested against byte for byte, and its fallback for node types a parsed
     * document does not hold (binary, POJO).
     */
    static String jacksonHash(JsonNode node) {
        return HexFormat.of().formatHex(jacksonDigest(node));
    }

    private static byte[] jacksonDigest(JsonNode node) {
        MessageDigest digest = sha256();
        try (DigestOutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest);
             JsonGenerator gen = FACTORY.createGenerator(out)) {
            write(node, gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return digest.digest();
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

    /*
     * Hashing every listed object is the largest single cost of reading a source, so scalars are written
     * directly (writeTree went through the ObjectMapper's serializer look-up for every string) and
     * fields are sorted as entries (no second look-up per name). The output is byte for byte what it
     * always was: stored hashes stay valid (CanonicalJsonTest.hashesStayAsStored).
     */
    private static void write(JsonNode node, JsonGenerator gen) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.size());
                node.fields().forEachRemaining(fields::add);
                if (fields.size() > 1) {
                    fields.sort(Map.Entry.comparingByKey());
                }
                gen.writeStartObject();
                for (Map.Entry<String, JsonNode> field : fields) {
                    gen.writeFieldName(field.getKey());
                    write(field.getValue(), gen);
                }
                gen.writeEndObject();
            }
            case ARRAY -> {
                gen.writeStartArray();
                for (JsonNode element : node) {
                    write(element, gen);
                }
                gen.writeEndArray();
            }
            case STRING -> gen.writeString(node.textValue());
            case BOOLEAN -> gen.writeBoolean(node.booleanValue());
            case NULL -> gen.writeNull();
            case NUMBER -> number(node, gen);
            default -> gen.writeTree(node);
        }
    }

    private static void number(JsonNode node, JsonGenerator gen) throws IOException {
        if (node.isInt() || node.isLong() || node.isShort()) {
            gen.writeNumber(node.longValue());
        } else {
            gen.writeNumber(numberText(node));
        }
    }

    /**
     * 1, 1.0 and 1e0 are one value: decimals are normalised through BigDecimal; integers are already.
     * Written out in full (plain digits) up to {@link #PLAIN_DIGITS} digits either side of the point, which
     * covers every double; beyond that in BigDecimal's exponent form ({@code 1E+400}), because {@code 1e999999999}
     * written out would be a billion digits from an 11-character value.
     */
    static String numberText(JsonNode node) {
        if (node.isInt() || node.isLong() || node.isShort()) {
            return Long.toString(node.longValue());
        }
        if (node.isBigInteger()) {
            return node.bigIntegerValue().toString();
        }
        java.math.BigDecimal d = node.decimalValue().stripTrailingZeros();
        if (Math.abs((long) d.scale()) > PLAIN_DIGITS) {
            return d.toString();
        }
        return d.scale() <= 0 ? d.toBigIntegerExact().toString() : d.toPlainString();
    }

    /** Past every double (exponents to 308, subnormals to 324 digits), so that their hashes never changed. */
    static final int PLAIN_DIGITS = 1000;

    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** A fresh digest: cloning the prototype skips the provider look-up of getInstance. */
    static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the SHA-256 digest of this JRE cannot be cloned", e);
        }
    }
}
