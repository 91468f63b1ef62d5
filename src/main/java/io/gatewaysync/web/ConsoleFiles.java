package io.gatewaysync.web;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web console's static files ({@code /console/}, gateway-api.yaml), read once from the classpath
 * folder {@code console/}. Only the files named here are served, each with its own content type: a
 * request path is a key into that list, never a file name, so no path leads out of the folder. The page
 * holds no data (it asks the API, with the key the operator types), so the files are open
 * ({@link ApiAccessRule}); they revalidate on every load ({@code no-cache} and an ETag) so that an
 * upgraded engine never runs with an old script.
 */
public class ConsoleFiles {

    static final String PREFIX = "/console";

    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    /** Scripts and styles from the console itself only; no frames, no plugins, API calls to this engine. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private record File(byte[] content, String type, String etag) {
    }

    /**
     * The console route's header filter: Camel's HTTP filter keeps {@code Cache-Control} out of answers;
     * these files need it (no-cache: revalidate with the ETag on every load).
     */
    public static final class ResponseHeaders extends HttpHeaderFilterStrategy {
        @Override
        protected void initialize() {
            super.initialize();
            getOutFilter().remove("cache-control");
        }
    }

    private final Map<String, File> files = new LinkedHashMap<>();

    public ConsoleFiles() {
        TYPES.forEach((name, type) -> {
            byte[] content = read("/console/" + name);
            if (content != null) {
                files.put(name, new File(content, type, etag(content)));
            }
        });
    }

    /** {@code GET|HEAD /console}, {@code /console/}, {@code /console/{file}}. */
    public void serve(Exchange exchange) {
        Message in = exchange.getMessage();
        String path = in.getHeader(Exchange.HTTP_PATH, String.class);
        if (path == null || path.isEmpty()) {
            path = in.getHeader(Exchange.HTTP_URI, "", String.class).replaceFirst("[?#].*", "");
        }
        String ifNoneMatch = in.getHeader("If-None-Match", String.class);
        boolean head = "HEAD".equals(in.getHeader(Exchange.HTTP_METHOD, String.class));
        // Only our own headers: platform-http would copy the request's into the answer.
        in.removeHeaders("*");
        in.setHeader("X-Content-Type-Options", "nosniff");
        in.setHeader("Referrer-Policy", "no-referrer");
        in.setHeader("X-Frame-Options", "DENY");
        if (path.equals(PREFIX)) {
            in.setHeader(Exchange.HTTP_RESPONSE_CODE, 301);
            in.setHeader("Location", PREFIX + "/");
            in.setBody("");
            return;
        }
        String name = path.startsWith(PREFIX + "/") ? path.substring(PREFIX.length() + 1) : null;
        if ("".equals(name)) {
            name = "index.html";
        }
        File file = name == null ? null : files.get(name);
        if (file == null) {
            in.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            in.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            in.setBody("not found");
            return;
        }
        in.setHeader("Cache-Control", "no-cache");
        in.setHeader("ETag", file.etag());
        if (name.equals("index.html")) {
            in.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        }
        if (file.etag().equals(ifNoneMatch)) {
            in.setHeader(Exchange.HTTP_RESPONSE_CODE, 304);
            in.setBody(null);
            return;
        }
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        in.setHeader(Exchange.CONTENT_TYPE, file.type());
        in.setBody(head ? new byte[0] : file.content());
    }

    private static byte[] read(String resource) {
        try (InputStream in = ConsoleFiles.class.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the console file " + resource + " cannot be read", e);
        }
    }

    private static String etag(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            return "\"" + Integer.toHexString(new String(content, StandardCharsets.ISO_8859_1).hashCode()) + "\"";
        }
    }
}
