package io.gatewaysync.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fast, read-mostly source on loopback for the benchmark and the streaming test: {@code total}
 * objects with ids {@code "1".."total"}, generated on the fly and deterministically, so that the
 * source itself holds nothing in memory whatever its size.
 *
 * <ul>
 *   <li>{@code GET /objects?after=K} — the next {@code pageSize} objects with an id above K, as
 *       {@code {"results":[…],"count":N,"next":"/objects?after=LAST"|null}} (cursor paging through a
 *       next link: deletions never shift pages);</li>
 *   <li>{@code GET /objects/{id}} — one object, 404 when it does not exist (confirming deletions);</li>
 *   <li>{@code PUT /objects/{id}} — 200 with the body sent (write-back), counted.</li>
 * </ul>
 *
 * <p>Two shapes ({@link Shape}): {@code NEXT_LINK} as above with objects of ~330 B, and {@code LINK_HEADER}
 * (issue 17's outside measurement): the body is a plain JSON array of objects of ~200 B and the next page
 * is named by an RFC 8288 {@code Link: <…>; rel="next"} header.
 *
 * <p>{@link #mutate} changes every {@code changeEvery}-th object (a new {@code rev}) and removes every
 * {@code deleteEvery}-th one: with 100 and 1000 exactly 1 % and 0.1 % of a multiple of 1000.
 * {@code padding} adds a string of that many characters to every object (to make a source much larger
 * than a heap).
 */
public final class GeneratedSource implements AutoCloseable {

    /** How the pages look: see the class comment. */
    public enum Shape {
        NEXT_LINK("next-link"), LINK_HEADER("link-header");

        private final String pagination;

        Shape(String pagination) {
            this.pagination = pagination;
        }

        /** The route parameter {@code pagination} that reads this shape. */
        public String pagination() {
            return pagination;
        }
    }

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final int total;
    private final int pageSize;
    private final String padding;
    private final Shape shape;
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI base;
    private final AtomicLong listRequests = new AtomicLong();
    private final AtomicLong itemRequests = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    /** System.nanoTime() of the first listing request since {@link #markStart()}; 0 until it comes. */
    private final AtomicLong firstListRequestNanos = new AtomicLong();
    private volatile int changeEvery;
    private volatile int deleteEvery;

    private GeneratedSource(int total, int pageSize, int padding, Shape shape) throws IOException {
        this.total = total;
        this.shape = shape;
        this.pageSize = pageSize;
        this.padding = "x".repeat(padding);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "generated-source");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/objects", this::handle);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public static GeneratedSource start(int total, int pageSize) {
        return start(total, pageSize, 0);
    }

    public static GeneratedSource start(int total, int pageSize, int padding) {
        return start(total, pageSize, padding, Shape.NEXT_LINK);
    }

    public static GeneratedSource start(int total, int pageSize, int padding, Shape shape) {
        try {
            return new GeneratedSource(total, pageSize, padding, shape);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The collection URL. */
    public String url() {
        return base + "/objects";
    }

    /** From now on every {@code changeEvery}-th object has changed and every {@code deleteEvery}-th is gone (0: none). */
    public void mutate(int changeEvery, int deleteEvery) {
        this.changeEvery = changeEvery;
        this.deleteEvery = deleteEvery;
    }

    /** Objects the source lists now. */
    public int size() {
        int d = deleteEvery;
        return d > 0 ? total - total / d : total;
    }

    public int total() {
        return total;
    }

    public Shape shape() {
        return shape;
    }

    public long listRequests() {
        return listRequests.get();
    }

    public long itemRequests() {
        return itemRequests.get();
    }

    public long writes() {
        return writes.get();
    }

    /** Bytes of JSON of the objects the source lists now (the pages' envelopes not counted). */
    public long jsonBytes() {
        StringBuilder sb = new StringBuilder(512);
        long bytes = 0;
        for (long i = 1; i <= total; i++) {
            if (exists(i)) {
                sb.setLength(0);
                object(sb, i);
                bytes += sb.length(); // ASCII: chars are bytes
            }
        }
        return bytes;
    }

    /** Forgets the first listing request seen so far: {@link #firstListRequestNanos()} waits for the next. */
    public void markStart() {
        firstListRequestNanos.set(0);
    }

    /** {@link System#nanoTime()} when the first listing request since {@link #markStart()} arrived; 0 if none. */
    public long firstListRequestNanos() {
        return firstListRequestNanos.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private boolean exists(long i) {
        int d = deleteEvery;
        return i >= 1 && i <= total && (d <= 0 || i % d != 0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/objects") && method.equals("GET")) {
                firstListRequestNanos.compareAndSet(0, System.nanoTime());
                listRequests.incrementAndGet();
                long after = after(exchange.getRequestURI().getRawQuery());
                if (shape == Shape.LINK_HEADER) {
                    sendLinked(exchange, after);
                } else {
                    send(exchange, 200, page(after));
                }
            } else if (path.startsWith("/objects/")) {
                long id = parse(path.substring("/objects/".length()));
                if (method.equals("GET")) {
                    itemRequests.incrementAndGet();
                    if (exists(id)) {
                        StringBuilder sb = new StringBuilder(512);
                        object(sb, id);
                        send(exchange, 200, sb.toString().getBytes(StandardCharsets.UTF_8));
                    } else {
                        send(exchange, 404, "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8));
                    }
                } else if (method.equals("PUT")) {
                    writes.incrementAndGet();
                    send(exchange, 200, exchange.getRequestBody().readAllBytes());
                } else {
                    send(exchange, 405, new byte[0]);
                }
            } else {
                send(exchange, 404, new byte[0]);
            }
        }
    }

    private static long after(String query) {
        if (query != null) {
            for (String part : query.split("&")) {
                if (part.startsWith("after=")) {
                    return parse(part.substring(6));
                }
            }
        }
        return 0;
    }

    private static long parse(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A {@link Shape#LINK_HEADER} page: a JSON array, the next page in the Link header. */
    private void sendLinked(HttpExchange exchange, long after) throws IOException {
        StringBuilder sb = new StringBuilder(pageSize * (240 + padding.length()) + 10);
        long last = objects(sb.append('['), after);
        sb.append(']');
        if (hasMoreAfter(last)) {
            exchange.getResponseHeaders().set("Link", "<" + url() + "?after=" + last + ">; rel=\"next\"");
        }
        send(exchange, 200, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Appends the next page's objects after id {@code after}, comma-separated; the last id appended, or -1. */
    private long objects(StringBuilder sb, long after) {
        long i = Math.max(0, after);
        int n = 0;
        long last = -1;
        while (n < pageSize && i < total) {
            i++;
            if (!exists(i)) {
                continue;
            }
            if (n > 0) {
                sb.append(',');
            }
            object(sb, i);
            last = i;
            n++;
        }
        return last;
    }

    private boolean hasMoreAfter(long last) {
        if (last <= 0 || last >= total) {
            return false;
        }
        long j = last + 1; // cheap: deletions are sparse
        while (j <= total && !exists(j)) {
            j++;
        }
        return j <= total;
    }

    private byte[] page(long after) {
        StringBuilder sb = new StringBuilder(pageSize * (360 + padding.length()) + 100);
        sb.append("{\"count\":").append(size()).append(",\"results\":[");
        long last = objects(sb, after);
        sb.append("],\"next\":");
        boolean more = hasMoreAfter(last);
        sb.append(more ? "\"/objects?after=" + last + "\"" : "null").append('}');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Object {@code i}, about 330 (LINK_HEADER: 200) bytes of JSON, the same every time it is asked for in the same state. */
    private void object(StringBuilder sb, long i) {
        int c = changeEvery;
        int rev = c > 0 && i % c == 0 ? 2 : 1;
        if (shape == Shape.LINK_HEADER) {
            smallObject(sb, i, rev);
            return;
        }
        sb.append("{\"id\":\"").append(i)
                .append("\",\"name\":\"Object ").append(i)
                .append("\",\"n\":").append(i)
                .append(",\"rev\":").append(rev)
                .append(",\"active\":").append(i % 3 != 0)
                .append(",\"price\":").append(i % 10_000).append('.').append(i % 100 < 10 ? "0" : "").append(i % 100)
                .append(",\"tags\":[\"t").append(i % 7).append("\",\"t").append(i % 11).append("\"]")
                .append(",\"address\":{\"street\":\"Street ").append(i % 997)
                .append("\",\"city\":\"City ").append(i % 101)
                .append("\",\"zip\":\"").append(1000 + i % 9000).append("AB\"}")
                .append(",\"description\":\"Generated object number ").append(i)
                .append(", deterministic, used to measure the engine against the speed of reading the source.\"")
                .append(",\"updated\":\"2024-01-").append(10 + rev).append("T12:00:00Z\"");
        if (!padding.isEmpty()) {
            sb.append(",\"padding\":\"").append(padding).append('"');
        }
        sb.append('}');
    }

    /** About 200 bytes: the shape. */
    private void smallObject(StringBuilder sb, long i, int rev) {
        sb.append("{\"id\":\"").append(i)
                .append("\",\"name\":\"Object ").append(i)
                .append("\",\"rev\":").append(rev)
                .append(",\"active\":").append(i % 3 != 0)
                .append(",\"price\":").append(i % 10_000).append('.').append(i % 100 < 10 ? "0" : "").append(i % 100)
                .append(",\"tags\":[\"t").append(i % 7).append("\",\"t").append(i % 11).append("\"]")
                .append(",\"address\":{\"street\":\"Street ").append(i % 997)
                .append("\",\"city\":\"City ").append(i % 101)
                .append("\",\"zip\":\"").append(1000 + i % 9000).append("AB\"}")
                .append(",\"updated\":\"2024-01-").append(10 + rev).append("T12:00:00Z\"");
        if (!padding.isEmpty()) {
            sb.append(",\"padding\":\"").append(padding).append('"');
        }
        sb.append('}');
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
