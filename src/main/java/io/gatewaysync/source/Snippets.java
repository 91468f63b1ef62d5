package io.gatewaysync.source;

import java.nio.charset.StandardCharsets;

/** Shortens response bodies and parser messages for exception messages: a whole HTML error page helps nobody. */
public final class Snippets {

    static final int MAX = 200;

    private Snippets() {
    }

    /** The first {@value #MAX} characters of {@code text}, whitespace collapsed, with an ellipsis when cut. */
    public static String cut(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() <= MAX ? flat : flat.substring(0, MAX) + "…";
    }

    public static String cut(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        // Decode a little more than needed; a cut multi-byte character becomes U+FFFD, which is fine here.
        int n = Math.min(body.length, MAX * 4);
        return cut(new String(body, 0, n, StandardCharsets.UTF_8));
    }
}
