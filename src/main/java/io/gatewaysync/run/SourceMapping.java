package io.gatewaysync.run;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.source.JsonBodies;
import io.gatewaysync.sync.CanonicalJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The JSONata mappings of one source: {@code mapping} turns a source object into the gateway object,
 * {@code reverseMapping} turns a gateway object into the source's shape for PUT and POST. Either may
 * be absent (the object passes as it is).
 *
 * <p>Why the JSONata library (com.dashjoin:jsonata, which camel-jsonata uses) and not a
 * {@code jsonata:} endpoint: a mapping runs per object in the middle of a page, and an object whose
 * mapping fails must fail alone, with the error on its record. An endpoint takes its expression from
 * a resource URI, so inline expressions would need an endpoint per source and an exchange per
 * object; the library gives a compiled expression we call directly. jsonata-java 0.9.x keeps
 * evaluation state on the instance and in a thread-local (dashjoin/jsonata-java#93), so evaluations
 * are serialised on one lock: mapping is CPU work, far cheaper than the HTTP calls around it.
 */
public final class SourceMapping {

    public static final SourceMapping NONE = new SourceMapping(null, null, null, null);

    private static final Object LOCK = new Object();
    /** A decimal reaches JSONata as a BigDecimal, and what it passes through keeps every digit. */
    private static final ObjectMapper MAPPER = JsonBodies.exactNumbers().build();

    private final Jsonata forward;
    private final Jsonata reverse;
    private final String forwardText;
    private final String reverseText;

    private SourceMapping(Jsonata forward, String forwardText, Jsonata reverse, String reverseText) {
        this.forward = forward;
        this.forwardText = forwardText;
        this.reverse = reverse;
        this.reverseText = reverseText;
    }

    /**
     * Reads the route parameters {@code mapping} and {@code reverseMapping}: inline JSONata, or
     * {@code file:path} relative to the working directory. A missing file or an expression that does
     * not parse is a configuration error naming {@code origin} and the parameter.
     */
    public static SourceMapping of(String mapping, String reverseMapping, String origin) {
        String f = text("mapping", mapping, origin);
        String r = text("reverseMapping", reverseMapping, origin);
        if (f == null && r == null) {
            return NONE;
        }
        return new SourceMapping(compile("mapping", f, origin), f, compile("reverseMapping", r, origin), r);
    }

    public boolean isEmpty() {
        return forward == null && reverse == null;
    }

    public boolean hasForward() {
        return forward != null;
    }

    public boolean hasReverse() {
        return reverse != null;
    }

    /**
     * SHA-256 of both mapping texts, or null without mappings: when it differs from the one stored for
     * the source, every object of the source is mapped and delivered again once.
     */
    public String hash() {
        if (isEmpty()) {
            return null;
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(("mapping\n" + (forwardText == null ? "" : forwardText) + "\nreverseMapping\n"
                    + (reverseText == null ? "" : reverseText)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The gateway object for a source object; the object itself without a {@code mapping}. */
    public ObjectNode toGateway(ObjectNode sourceObject) {
        return forward == null ? sourceObject : apply(forward, "mapping", sourceObject);
    }

    /** The source's shape of a gateway object; the object itself without a {@code reverseMapping}. */
    public ObjectNode toSource(ObjectNode gatewayObject) {
        return reverse == null ? gatewayObject : apply(reverse, "reverseMapping", gatewayObject);
    }

    /** The gateway object and its hash, as the gateway would store it. */
    public Mapped mapped(ObjectNode sourceObject, String sourceHash) {
        if (forward == null) {
            return new Mapped(sourceObject, sourceHash);
        }
        ObjectNode data = toGateway(sourceObject);
        return new Mapped(data, CanonicalJson.hash(data));
    }

    public record Mapped(ObjectNode data, String hash) {
    }

    private static ObjectNode apply(Jsonata expression, String name, ObjectNode input) {
        Object result;
        try {
            Object in = MAPPER.convertValue(input, Object.class);
            synchronized (LOCK) {
                result = expression.evaluate(in);
            }
        } catch (RuntimeException e) {
            throw new MappingException(name + " failed: " + e.getMessage(), e);
        }
        JsonNode out = result == null ? null : MAPPER.valueToTree(result);
        if (!(out instanceof ObjectNode object)) {
            throw new MappingException(name + " yielded " + (out == null ? "nothing" : "no object but " + out.getNodeType())
                    + " for this object", null);
        }
        return object;
    }

    private static String text(String parameter, String value, String origin) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (!v.startsWith("file:")) {
            return v;
        }
        Path file = Path.of(v.substring("file:".length()));
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.isBlank()) {
                throw new ConfigurationException(origin + ": parameter '" + parameter + "': file " + file.toAbsolutePath()
                        + " is empty");
            }
            return text.trim();
        } catch (IOException e) {
            throw new ConfigurationException(origin + ": parameter '" + parameter + "': cannot read file "
                    + file.toAbsolutePath() + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    private static Jsonata compile(String parameter, String text, String origin) {
        if (text == null) {
            return null;
        }
        try {
            return Jsonata.jsonata(text);
        } catch (RuntimeException e) {
            throw new ConfigurationException(origin + ": parameter '" + parameter + "' is not a valid JSONata "
                    + "expression: " + e.getMessage());
        }
    }

    /** A mapping that failed or yielded no object, for one object: that object fails, nothing else. */
    public static final class MappingException extends RuntimeException {
        MappingException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
