package io.gatewaysync.source.http;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP response as the engine uses it: the URI that answered (after redirects), the status, the
 * headers (case-insensitive look-up) and the whole body.
 */
public record HttpReply(URI uri, int status, HttpHeaders headers, byte[] body) {

    /** The first value of a header, or {@code null}. */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** The body as UTF-8 text ("" when there is none). */
    public String text() {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }
}
