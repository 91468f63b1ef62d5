package io.gatewaysync.source;

import java.net.URI;

/**
 * A source could not be read or written. The message names the source, the method, the URL and
 * what was wrong, so that one log line is enough to act on, e.g.
 * {@code source 'pets': GET http://127.0.0.1:5000/pets?page=3: HTTP 500 after 4 attempts: …}.
 * It never contains the source's authorization value.
 *
 * <p>{@link #transientFault()} tells whether trying again later may help (5xx, 429, timeouts, network
 * errors) or not (4xx, malformed JSON, a page without a list of objects, too many pages).
 */
public class SourceException extends RuntimeException {

    private final String source;
    private final URI uri;
    private final int status;
    private final boolean transientFault;

    /**
     * @param method  HTTP method, or {@code null} when the problem is not about one request
     * @param uri     the URL concerned, or {@code null}
     * @param status  the HTTP status, 0 when there was none
     * @param problem what was wrong, e.g. {@code HTTP 404: not found}
     */
    public SourceException(String source, String method, URI uri, int status, boolean transientFault,
                           String problem, Throwable cause) {
        super(message(source, method, uri, problem), cause);
        this.source = source;
        this.uri = uri;
        this.status = status;
        this.transientFault = transientFault;
    }

    public SourceException(String source, String method, URI uri, String problem) {
        this(source, method, uri, 0, false, problem, null);
    }

    private static String message(String source, String method, URI uri, String problem) {
        StringBuilder m = new StringBuilder("source '").append(source).append("': ");
        if (method != null) {
            m.append(method).append(' ');
        }
        if (uri != null) {
            m.append(uri).append(": ");
        } else if (method != null) {
            m.append(": ");
        }
        return m.append(problem).toString();
    }

    /** The source's name. */
    public String source() {
        return source;
    }

    /** The URL of the failed request, or {@code null}. */
    public URI uri() {
        return uri;
    }

    /** The HTTP status of the last response, 0 when there was none (network error, bad body, …). */
    public int status() {
        return status;
    }

    /** Whether the fault may go away by itself (5xx, 429, timeouts, network errors). */
    public boolean transientFault() {
        return transientFault;
    }
}
