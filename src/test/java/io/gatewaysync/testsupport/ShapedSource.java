package io.gatewaysync.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A source API of one well-known listing shape on 127.0.0.1 (ephemeral port), for the shape tests and
 * the probe: {@code GET /api/things} lists in the shape, {@code POST /api/things} creates,
 * {@code GET|PUT|PATCH|DELETE /api/things/{key}} read and write one object (what the shape allows).
 *
 * <ul>
 *   <li>{@code CURSOR}: {@code {"data":[…],"meta":{"next_cursor":"…"|null}}}, next page {@code ?cursor=…};</li>
 *   <li>{@code RANGE}: a root array, {@code Range: items=a-b} answered with 206 and
 *       {@code Content-Range: items a-b/N}; 416 past the end; numeric ids;</li>
 *   <li>{@code POSTGREST}: as PostgREST answers: a root array, {@code Range: a-b} honoured and
 *       {@code items=a-b} ignored (everything, up to max-rows), {@code limit}/{@code offset}, any other
 *       query parameter a 400 (a filter on an unknown column); every reply {@code Content-Range: a-b/*}
 *       without a unit, {@code /N} and 206 for a part with {@code Prefer: count=exact}; past the end 416
 *       with a count, else an empty array; at most {@link #pageSize} rows a reply (max-rows); numeric ids;</li>
 *   <li>{@code HAL}: {@code {"count":N,"_links":{"next":{"href":…}},"_embedded":{"zaken":[…]}}}, {@code ?page=};</li>
 *   <li>{@code ODATA}: {@code {"@odata.context":…,"@odata.count":N,"value":[…],"@odata.nextLink":"…?$skip=…"}};
 *       items only at OData's {@code things('key')}, PATCH only as {@code application/json} (415 otherwise);</li>
 *   <li>{@code JSON_API}: {@code {"data":[{"type":"things","id":…,"attributes":{…}}],"links":{"next":…}}};</li>
 *   <li>{@code URL_IDS}: ZGW: {@code {"count","next","previous","results"}}, each object's id is its {@code url};
 *       a POST answers with the new object, url included;</li>
 *   <li>{@code PATCH_ONLY}: {@code {"items":[…],"next":…}}; PUT is refused (405), PATCH takes only
 *       {@code application/merge-patch+json}; a POST answers 201 with only a {@code Location} header.</li>
 * </ul>
 * Objects are kept as the listing shows them; {@link #key} is the part of the item URL after {@code /api/things/}.
 *
 * <p>Write behaviours of real servers, switched on per test: {@link #stampsWrites} (a server-set
 * {@code modifiedAt} and a default {@code "age": null} on every write), {@link #requiresIfMatch} (every
 * object has a version; item reads and writes send it as {@code ETag}, ODATA listings as
 * {@code @odata.etag}; a PUT, PATCH or DELETE without {@code If-Match} is answered 428, with a stale one
 * 412), {@link #ignoresMergePatch} (200 with the old object), {@link #answersWithoutBody} (204 to PUT and
 * PATCH, 201 + {@code Location} to POST), {@link #beforeNextWrite} (a change at the source between the
 * listing and the write-back). ODATA item reads carry {@code @odata.context}.
 */
public final class ShapedSource implements AutoCloseable {

    public enum Shape { CURSOR, RANGE, POSTGREST, HAL, ODATA, JSON_API, URL_IDS, PATCH_ONLY }

    /** A request as received: method, path and query as sent, the Content-Type, Range header and body. */
    public record Request(String method, String target, String contentType, String range, String body) {
    }

    private static final Pattern RANGE = Pattern.compile("items=(\\d+)-(\\d+)");
    private static final Pattern POSTGREST_RANGE = Pattern.compile("(\\d+)-(\\d*)");

    private final Shape shape;
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI base;
    private final LinkedHashMap<String, ObjectNode> objects = new LinkedHashMap<>();
    private final List<Request> log = new ArrayList<>();
    private int pageSize = 3;
    private int created;
    private boolean loopCursor;
    private boolean inconsistentRange;
    private boolean countIgnored;
    private boolean stamps;
    private boolean ifMatch;
    private boolean ignoresMergePatch;
    private boolean noBody;
    private Runnable beforeNextWrite;
    private int failCreates;
    private boolean slashedItems;
    private boolean failItemReads;
    private final Map<String, Integer> versions = new java.util.HashMap<>();
    /** One clock for every ShapedSource: two servers never stamp the same time. */
    private static final java.util.concurrent.atomic.AtomicInteger CLOCK = new java.util.concurrent.atomic.AtomicInteger();

    private ShapedSource(Shape shape) throws IOException {
        this.shape = shape;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "shaped-source");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public static ShapedSource start(Shape shape) {
        try {
            return new ShapedSource(shape);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    public Shape shape() {
        return shape;
    }

    /** The listing URL. */
    public String url() {
        return base + "/api/things";
    }

    /** The origin, {@code http://127.0.0.1:port}. */
    public URI base() {
        return base;
    }

    /** Objects per page (default 3). */
    public synchronized ShapedSource pageSize(int n) {
        this.pageSize = n;
        return this;
    }

    /** CURSOR: the cursor after the second page is the one after the first again (a loop). */
    public synchronized ShapedSource loopCursor() {
        loopCursor = true;
        return this;
    }

    /** RANGE: the second page's Content-Range names a range one item later than asked. */
    public synchronized ShapedSource inconsistentRange() {
        inconsistentRange = true;
        return this;
    }

    /** POSTGREST: {@code Prefer: count=exact} is ignored (as behind a proxy that drops it): no reply tells a total. */
    public synchronized ShapedSource countIgnored() {
        countIgnored = true;
        return this;
    }

    /** Every write sets {@code modifiedAt} (a server clock) and {@code age} (null when not sent), as servers with managed fields do. */
    public synchronized ShapedSource stampsWrites() {
        stamps = true;
        return this;
    }

    /** Objects carry versions as ETags; writes need {@code If-Match} (428 without, 412 when stale). */
    public synchronized ShapedSource requiresIfMatch() {
        ifMatch = true;
        return this;
    }

    /** A PATCH is answered 200 with the object unchanged (a framework that does not parse merge-patch+json). */
    public synchronized ShapedSource ignoresMergePatch() {
        ignoresMergePatch = true;
        return this;
    }

    /** PUT and PATCH answer 204, POST 201 with only a {@code Location}. */
    public synchronized ShapedSource answersWithoutBody() {
        noBody = true;
        return this;
    }

    /** Runs {@code change} when the next PUT, PATCH or DELETE arrives, before it is looked at (a concurrent edit). */
    public synchronized ShapedSource beforeNextWrite(Runnable change) {
        beforeNextWrite = change;
        return this;
    }

    /** Item URLs end in '/': one without is answered 301 to the same URL with it (Django's APPEND_SLASH). */
    public synchronized ShapedSource slashedItems() {
        slashedItems = true;
        return this;
    }

    /** A GET of one item is answered 500 (listings still work). */
    public synchronized ShapedSource failItemReads(boolean fail) {
        failItemReads = fail;
        return this;
    }

    /** Every POST is answered with {@code status} (0: created again). */
    public synchronized ShapedSource failCreates(int status) {
        failCreates = status;
        return this;
    }

    /** The ETag an object has now. */
    public synchronized String etag(String key) {
        return "\"v" + versions.getOrDefault(key, 1) + "\"";
    }

    private void changed(String key) {
        versions.put(key, versions.getOrDefault(key, 1) + 1);
    }

    /** The object as stored after a write: the server's own fields set. */
    private ObjectNode stamped(ObjectNode o) {
        if (stamps) {
            ObjectNode target = shape == Shape.JSON_API ? (ObjectNode) o.get("attributes") : o;
            int tick = CLOCK.incrementAndGet();
            target.put("modifiedAt", String.format("2026-01-01T%02d:%02d:%02dZ", tick / 3600 % 24, tick / 60 % 60, tick % 60));
            if (!target.has("age")) {
                target.putNull("age");
            }
        }
        return o;
    }

    /** The object as listed or read: ODATA with its {@code @odata.etag} when objects have versions. */
    private ObjectNode shown(String key, ObjectNode o) {
        if (ifMatch && shape == Shape.ODATA) {
            ObjectNode copy = o.deepCopy();
            copy.put("@odata.etag", etag(key));
            return copy;
        }
        return o;
    }

    /** Adds {@code n} objects, keys 1..n (URL_IDS: random UUIDs), each with {@code name} "thing i" and {@code n}: i. */
    public synchronized List<String> generate(int n) {
        List<String> keys = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String key = shape == Shape.URL_IDS ? UUID.randomUUID().toString() : Integer.toString(objects.size() + 1);
            ObjectNode fields = TestJson.obj("name", "thing " + key, "n", i);
            objects.put(key, represent(key, fields));
            keys.add(key);
        }
        return keys;
    }

    /** The object as listed. */
    public synchronized ObjectNode get(String key) {
        ObjectNode o = objects.get(key);
        return o == null ? null : o.deepCopy();
    }

    /** Every object as listed, in listing order. */
    public synchronized List<ObjectNode> all() {
        return objects.values().stream().map(ObjectNode::deepCopy).toList();
    }

    public synchronized List<String> keys() {
        return List.copyOf(objects.keySet());
    }

    public synchronized int size() {
        return objects.size();
    }

    /** Sets a field of an object's own data (JSON_API: an attribute), as an edit at the source. */
    public synchronized void edit(String key, String field, Object value) {
        ObjectNode o = objects.get(key);
        ObjectNode target = shape == Shape.JSON_API ? (ObjectNode) o.get("attributes") : o;
        target.set(field, TestJson.MAPPER.valueToTree(value));
        changed(key);
    }

    /** The value of an object's own field (JSON_API: an attribute), or null. */
    public synchronized JsonNode field(String key, String field) {
        ObjectNode o = objects.get(key);
        if (o == null) {
            return null;
        }
        return shape == Shape.JSON_API ? o.path("attributes").get(field) : o.get(field);
    }

    public synchronized boolean remove(String key) {
        return objects.remove(key) != null;
    }

    /** Replaces (or adds) an object as listed. */
    public synchronized void put(String key, ObjectNode listed) {
        objects.put(key, listed.deepCopy());
    }

    /** The key of an object as listed: its id, or for URL_IDS the last segment of its url. */
    public String key(ObjectNode listed) {
        if (shape == Shape.URL_IDS) {
            String url = listed.path("url").asText();
            return url.substring(url.lastIndexOf('/') + 1);
        }
        return listed.path("id").asText();
    }

    public synchronized List<Request> requests() {
        return List.copyOf(log);
    }

    /** Requests of one method. */
    public synchronized List<Request> requests(String method) {
        return log.stream().filter(r -> r.method().equals(method)).toList();
    }

    public synchronized void clearRequests() {
        log.clear();
    }

    private ObjectNode represent(String key, ObjectNode fields) {
        return switch (shape) {
            case JSON_API -> TestJson.obj("type", "things", "id", key, "attributes", fields);
            case URL_IDS -> {
                ObjectNode o = TestJson.obj("url", url() + "/" + key);
                o.setAll(fields);
                yield o;
            }
            case RANGE, POSTGREST -> {
                ObjectNode o = TestJson.obj("id", Long.parseLong(key));
                o.setAll(fields);
                yield o;
            }
            case HAL -> {
                ObjectNode o = TestJson.obj("id", key);
                o.setAll(fields);
                yield o;
            }
            default -> {
                ObjectNode o = TestJson.obj("id", key);
                o.setAll(fields);
                yield o;
            }
        };
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Reply reply;
            synchronized (this) {
                log.add(new Request(ex.getRequestMethod(), ex.getRequestURI().toString(),
                        ex.getRequestHeaders().getFirst("Content-Type"), ex.getRequestHeaders().getFirst("Range"), body));
                reply = route(ex, body);
            }
            reply.headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            byte[] bytes = reply.body == null ? new byte[0] : TestJson.write(reply.body).getBytes(StandardCharsets.UTF_8);
            if (reply.body != null) {
                ex.getResponseHeaders().set("Content-Type", shape == Shape.JSON_API ? "application/vnd.api+json"
                        : "application/json");
            }
            ex.sendResponseHeaders(reply.status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    private record Reply(int status, JsonNode body, Map<String, String> headers) {
        static Reply of(int status, JsonNode body) {
            return new Reply(status, body, new LinkedHashMap<>());
        }

        Reply header(String name, String value) {
            headers.put(name, value);
            return this;
        }
    }

    private Reply route(HttpExchange ex, String body) {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        if (path.equals("/api/things") || path.equals("/api/things/")) {
            return switch (method) {
                case "GET" -> list(ex);
                case "POST" -> create(ex, body);
                default -> Reply.of(405, null);
            };
        }
        String key;
        if (shape == Shape.ODATA) {
            // OData's own item URLs only: things('key') (a string key, quotes doubled)
            String decoded = URLDecoder.decode(path, StandardCharsets.UTF_8);
            if (!decoded.startsWith("/api/things('") || !decoded.endsWith("')")) {
                return Reply.of(404, TestJson.obj("error", TestJson.obj("message", "no resource at " + decoded)));
            }
            key = decoded.substring("/api/things('".length(), decoded.length() - 2).replace("''", "'");
        } else if (!path.startsWith("/api/things/")) {
            return Reply.of(404, null);
        } else {
            String rest = path.substring("/api/things/".length());
            if (slashedItems && !rest.endsWith("/")) {
                return Reply.of(301, null).header("Location", base + path + "/");
            }
            key = URLDecoder.decode(rest.replaceAll("/$", ""), StandardCharsets.UTF_8);
        }
        ObjectNode current = objects.get(key);
        if (current == null) {
            return Reply.of(404, TestJson.obj("detail", "not found"));
        }
        if (method.equals("GET") && failItemReads) {
            return Reply.of(500, TestJson.obj("detail", "item reads are down"));
        }
        if (!method.equals("GET") && beforeNextWrite != null) {
            Runnable change = beforeNextWrite;
            beforeNextWrite = null;
            change.run();
            current = objects.get(key);
        }
        if (ifMatch && !method.equals("GET")) {
            String sent = ex.getRequestHeaders().getFirst("If-Match");
            if (sent == null) {
                return Reply.of(428, TestJson.obj("detail", "If-Match required"));
            }
            if (!sent.equals(etag(key)) && !sent.equals("*")) {
                return Reply.of(412, TestJson.obj("detail", "precondition failed: the object changed"));
            }
        }
        Reply reply = shape == Shape.JSON_API ? jsonApiItem(ex, method, key, current, body) : item(ex, method, key, current, body);
        if (ifMatch && objects.containsKey(key) && reply.status < 300) {
            reply.header("ETag", etag(key));
        }
        return reply;
    }

    private Reply item(HttpExchange ex, String method, String key, ObjectNode current, String body) {
        switch (method) {
            case "GET":
                if (shape == Shape.ODATA) {
                    ObjectNode read = TestJson.obj("@odata.context", base + "/api/$metadata#things/$entity");
                    read.setAll(shown(key, current));
                    return Reply.of(200, read);
                }
                return Reply.of(200, current);
            case "DELETE":
                objects.remove(key);
                return Reply.of(204, null);
            case "PUT": {
                if (shape == Shape.PATCH_ONLY) {
                    return Reply.of(405, TestJson.obj("detail", "use PATCH")).header("Allow", "GET, PATCH, DELETE");
                }
                ObjectNode sent = parse(body);
                if (sent == null) {
                    return Reply.of(400, TestJson.obj("detail", "not a JSON object"));
                }
                ObjectNode stored = stamped(own(key, sent));
                objects.put(key, stored);
                changed(key);
                return noBody ? Reply.of(204, null) : Reply.of(200, shown(key, stored));
            }
            case "PATCH": {
                String type = ex.getRequestHeaders().getFirst("Content-Type");
                String wanted = shape == Shape.ODATA ? "application/json" : "application/merge-patch+json";
                if (type == null || !type.startsWith(wanted)) {
                    return Reply.of(415, TestJson.obj("detail", wanted + " only"));
                }
                ObjectNode patch = parse(body);
                if (patch == null) {
                    return Reply.of(400, TestJson.obj("detail", "not a JSON object"));
                }
                if (ignoresMergePatch) {
                    return Reply.of(200, shown(key, current));
                }
                ObjectNode stored = stamped(own(key, (ObjectNode) merge(current, patch)));
                objects.put(key, stored);
                changed(key);
                return shape == Shape.PATCH_ONLY || noBody ? Reply.of(204, null) : Reply.of(200, shown(key, stored));
            }
            default:
                return Reply.of(405, null);
        }
    }

    /**
     * A JSON:API 1.1 server's item: GET answers {@code {"data": resource}}; PATCH takes only
     * {@code application/vnd.api+json} with a {@code data} resource of type {@code things} and this id,
     * and merges its attributes; there is no PUT.
     */
    private Reply jsonApiItem(HttpExchange ex, String method, String key, ObjectNode current, String body) {
        switch (method) {
            case "GET":
                return Reply.of(200, TestJson.obj("data", current));
            case "DELETE":
                objects.remove(key);
                return Reply.of(204, null);
            case "PATCH": {
                ObjectNode data = jsonApiData(ex, body);
                if (data == null || !key.equals(data.path("id").asText())) {
                    return Reply.of(data == null ? 415 : 409, TestJson.obj("errors", errors(TestJson.obj("detail",
                            "a JSON:API document with data.type 'things' and data.id '" + key + "'"))));
                }
                ObjectNode stored = current.deepCopy();
                ((ObjectNode) stored.get("attributes")).setAll((ObjectNode) data.get("attributes"));
                objects.put(key, stamped(stored));
                changed(key);
                return noBody ? Reply.of(204, null) : Reply.of(200, TestJson.obj("data", stored));
            }
            default:
                return Reply.of(405, TestJson.obj("errors", errors(TestJson.obj("detail", "use PATCH"))))
                        .header("Allow", "GET, PATCH, DELETE");
        }
    }

    private static com.fasterxml.jackson.databind.node.ArrayNode errors(ObjectNode error) {
        com.fasterxml.jackson.databind.node.ArrayNode array = error.arrayNode();
        array.add(error);
        return array;
    }

    /** The {@code data} of a JSON:API request document, or null when the request is not one. */
    private ObjectNode jsonApiData(HttpExchange ex, String body) {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        ObjectNode document = parse(body);
        if (type == null || !type.startsWith("application/vnd.api+json") || document == null
                || !document.path("data").isObject() || !"things".equals(document.path("data").path("type").asText())
                || !document.path("data").path("attributes").isObject()) {
            return null;
        }
        return (ObjectNode) document.get("data");
    }

    /** The object as stored: its id (or url) is the server's, whatever was sent. */
    private ObjectNode own(String key, ObjectNode sent) {
        ObjectNode o = sent.deepCopy();
        switch (shape) {
            case URL_IDS -> o.put("url", url() + "/" + key);
            case RANGE, POSTGREST -> o.put("id", Long.parseLong(key));
            case JSON_API -> {
                o.put("type", "things");
                o.put("id", key);
            }
            default -> o.put("id", key);
        }
        return o;
    }

    private Reply create(HttpExchange ex, String body) {
        if (failCreates != 0) {
            return Reply.of(failCreates, TestJson.obj("detail", "create refused"));
        }
        if (shape == Shape.JSON_API) {
            ObjectNode data = jsonApiData(ex, body);
            if (data == null) {
                return Reply.of(415, TestJson.obj("errors", errors(TestJson.obj("detail",
                        "a JSON:API document with data.type 'things' and data.attributes"))));
            }
            String key = "new-" + (++created);
            ObjectNode stored = stamped(TestJson.obj("type", "things", "id", key, "attributes", data.get("attributes").deepCopy()));
            objects.put(key, stored);
            return (noBody ? Reply.of(201, null) : Reply.of(201, TestJson.obj("data", stored))).header("Location", url() + "/" + key);
        }
        ObjectNode sent = parse(body);
        if (sent == null) {
            return Reply.of(400, TestJson.obj("detail", "not a JSON object"));
        }
        String key;
        if (shape == Shape.URL_IDS) {
            key = UUID.randomUUID().toString();
        } else {
            key = "new-" + (++created);
            if (shape == Shape.RANGE || shape == Shape.POSTGREST) {
                key = Integer.toString(1000 + created);
            }
        }
        ObjectNode stored = stamped(own(key, sent));
        objects.put(key, stored);
        Reply r = shape == Shape.PATCH_ONLY || noBody ? Reply.of(201, null) : Reply.of(201, shown(key, stored));
        if (ifMatch) {
            r.header("ETag", etag(key));
        }
        return r.header("Location", url() + "/" + key);
    }

    /** A PostgREST listing (see the class comment). */
    private Reply postgrest(HttpExchange ex, Map<String, String> q, List<ObjectNode> all) {
        for (String param : q.keySet()) {
            if (!param.equals("limit") && !param.equals("offset")) {
                return Reply.of(400, TestJson.obj("code", "PGRST100", "message", "failed to parse filter (" + param + ")"));
            }
        }
        int n = all.size();
        long from = 0;
        long to = Long.MAX_VALUE;
        String range = ex.getRequestHeaders().getFirst("Range");
        Matcher m = range == null ? null : POSTGREST_RANGE.matcher(range.trim());
        if (m != null && m.matches()) { // anything else (items=a-b) is ignored, as PostgREST does
            from = Long.parseLong(m.group(1));
            to = m.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(m.group(2));
        }
        if (q.containsKey("offset")) {
            from = Long.parseLong(q.get("offset"));
        }
        if (q.containsKey("limit")) {
            to = from + Long.parseLong(q.get("limit")) - 1;
        }
        to = Math.min(to, from + pageSize - 1); // max-rows
        String prefer = ex.getRequestHeaders().getFirst("Prefer");
        boolean counted = !countIgnored && prefer != null && prefer.contains("count=exact");
        String total = counted ? Integer.toString(n) : "*";
        if (from >= n) {
            return counted && from > 0
                    ? Reply.of(416, TestJson.obj("message", "Requested range not satisfiable")).header("Content-Range", "*/" + n)
                    : Reply.of(200, array(List.of())).header("Content-Range", "*/" + total);
        }
        int last = (int) Math.min(to, n - 1);
        boolean part = counted && (from > 0 || last < n - 1);
        return Reply.of(part ? 206 : 200, array(all.subList((int) from, last + 1)))
                .header("Content-Range", from + "-" + last + "/" + total);
    }

    private Reply list(HttpExchange ex) {
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        List<ObjectNode> all = new ArrayList<>(objects.values());
        int n = all.size();
        switch (shape) {
            case RANGE: {
                String range = ex.getRequestHeaders().getFirst("Range");
                if (range == null) {
                    return Reply.of(200, array(all));
                }
                Matcher m = RANGE.matcher(range.trim());
                if (!m.matches()) {
                    return Reply.of(400, TestJson.obj("message", "bad Range"));
                }
                int from = Integer.parseInt(m.group(1));
                int to = Math.min(Integer.parseInt(m.group(2)), from + pageSize - 1); // a server-side cap, like max-rows
                if (from >= n && n > 0 || from > 0 && n == 0) {
                    return Reply.of(416, TestJson.obj("message", "Requested range not satisfiable"))
                            .header("Content-Range", "items */" + n);
                }
                if (n == 0) {
                    return Reply.of(200, array(List.of())).header("Content-Range", "items */0");
                }
                int last = Math.min(to, n - 1);
                int shown = inconsistentRange && from > 0 ? from + 1 : from;
                return Reply.of(last == n - 1 && from == 0 ? 200 : 206, array(all.subList(from, last + 1)))
                        .header("Content-Range", "items " + shown + "-" + (last + (shown - from)) + "/" + n);
            }
            case POSTGREST:
                return postgrest(ex, q, all);
            case CURSOR: {
                int offset = q.containsKey("cursor") ? decodeCursor(q.get("cursor")) : 0;
                int end = Math.min(offset + pageSize, n);
                int next = end < n ? end : -1;
                if (loopCursor && offset == pageSize && next >= 0) {
                    next = pageSize; // the same token as the one after the first page
                }
                ObjectNode meta = TestJson.obj("next_cursor", next < 0 ? null : encodeCursor(next));
                return Reply.of(200, TestJson.obj("data", array(all.subList(Math.min(offset, n), end)), "meta", meta));
            }
            case ODATA: {
                int skip = q.containsKey("$skip") ? Integer.parseInt(q.get("$skip")) : 0;
                int end = Math.min(skip + pageSize, n);
                ObjectNode page = TestJson.obj("@odata.context", base + "/api/$metadata#things", "@odata.count", n,
                        "value", array(shownAll().subList(Math.min(skip, n), end)));
                if (end < n) {
                    page.put("@odata.nextLink", url() + "?$skip=" + end);
                }
                return Reply.of(200, page);
            }
            default: {
                int page = q.containsKey("page") ? Integer.parseInt(q.get("page")) : 1;
                int from = Math.min((page - 1) * pageSize, n);
                int end = Math.min(from + pageSize, n);
                String next = end < n ? url() + "?page=" + (page + 1) : null;
                ArrayNode items = array(all.subList(from, end));
                return Reply.of(200, switch (shape) {
                    case HAL -> {
                        ObjectNode links = TestJson.obj("self", TestJson.obj("href", url() + "?page=" + page));
                        if (next != null) {
                            links.set("next", TestJson.obj("href", next));
                        }
                        yield TestJson.obj("count", n, "_links", links, "_embedded", TestJson.obj("zaken", items));
                    }
                    case JSON_API -> TestJson.obj("data", items, "links", TestJson.obj("self", url() + "?page=" + page,
                            "next", next), "meta", TestJson.obj("total", n));
                    case URL_IDS -> TestJson.obj("count", n, "next", next, "previous", null, "results", items);
                    default -> TestJson.obj("items", items, "next", next);
                });
            }
        }
    }

    private List<ObjectNode> shownAll() {
        List<ObjectNode> shownList = new ArrayList<>();
        objects.forEach((k, o) -> shownList.add(shown(k, o)));
        return shownList;
    }

    private static String encodeCursor(int offset) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeCursor(String token) {
        return Integer.parseInt(new String(java.util.Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).substring(2));
    }

    private static ArrayNode array(List<ObjectNode> items) {
        ArrayNode a = TestJson.MAPPER.createArrayNode();
        items.forEach(a::add);
        return a;
    }

    private static ObjectNode parse(String body) {
        try {
            JsonNode n = TestJson.MAPPER.readTree(body);
            return n != null && n.isObject() ? (ObjectNode) n : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** RFC 7396, written here on its own so the server does not trust the code under test. */
    private static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : TestJson.MAPPER.createObjectNode();
        patch.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue()));
            }
        });
        return out;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw != null) {
            for (String part : raw.split("&")) {
                String[] kv = part.split("=", 2);
                q.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return q;
    }
}
