package io.gatewaysync.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small CRUD REST API on 127.0.0.1 (ephemeral port) playing a sync source in tests, with the
 * listing styles real APIs use and the faults real networks have.
 *
 * <pre>{@code
 * try (TestSource src = TestSource.start()) {
 *     src.generate("pets", 25);                       // ids "1".."25"
 *     src.style("pets", Style.NEXT_LINK).pageSize("pets", 10);
 *     src.failEachPageOnce("pets", 503);
 *     ... SourceSettings.of("pets", src.url("pets")) ...
 *     assertEquals(6, src.requestCount("GET"));
 * }
 * }</pre>
 *
 * <p>Routes: {@code GET /{coll}} lists (style per collection, default page size 10),
 * {@code POST /{coll}} creates (id from the body's {@code id}, else {@code src-N}; 201 + Location),
 * {@code GET|PUT|DELETE /{coll}/{id}} (404 for an unknown id). Collections exist as soon as they are
 * named. Page numbers in fault methods are 1-based: the {@code page} parameter for page-number and
 * link styles, {@code offset / limit + 1} for offsets, 1 for {@code NONE}.
 *
 * <p>Listing bodies per {@link Style}:
 * <ul>
 *   <li>{@code NONE}: a bare array of everything;</li>
 *   <li>{@code PAGE}: {@code ?page=&pageSize=} (names configurable), a bare array and {@code X-Total-Count};</li>
 *   <li>{@code OFFSET}: {@code ?offset=&limit=}, {@code {"items":[…],"total":N}};</li>
 *   <li>{@code NEXT_LINK}: {@code {"results":[…],"count":N,"next":url-or-null,"previous":…}} (absolute
 *       links, or paths with {@link #relativeNextLinks});</li>
 *   <li>{@code LINK_HEADER}: a bare array, {@code Link: <…>; rel="next", <…>; rel="last"} and {@code X-Total-Count};</li>
 *   <li>{@code HYDRA}: API Platform's JSON-LD, {@code hydra:member}, {@code hydra:totalItems}, {@code hydra:view.hydra:next} (a path).</li>
 * </ul>
 * Links keep the request's other query parameters. All methods are thread-safe.
 */
public final class TestSource implements AutoCloseable {

    /** How {@code GET /{coll}} pages. */
    public enum Style { NONE, PAGE, OFFSET, NEXT_LINK, LINK_HEADER, HYDRA }

    /**
     * One request as received. {@code target} is path and query as sent (e.g. {@code /pets?page=2}),
     * {@code path} the raw (still percent-encoded) path, {@code query} the decoded parameters.
     */
    public record Request(String method, String target, String path, Map<String, String> query,
                          Map<String, List<String>> headers, String body) {
        /** A header value (case-insensitive name), or null. */
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        public String param(String name) {
            return query.get(name);
        }

        @Override
        public String toString() {
            return method + " " + target;
        }
    }

    /** A canned answer for {@link #respond}. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public static Response json(int status, JsonNode body) {
            return new Response(status, Map.of("Content-Type", "application/json"),
                    TestJson.write(body).getBytes(StandardCharsets.UTF_8));
        }

        public static Response json(int status, String body) {
            return new Response(status, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
        }

        public static Response status(int status) {
            return new Response(status, Map.of(), new byte[0]);
        }

        public Response withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Response(status, h, body);
        }
    }

    /** Custom behaviour for a collection; return null to fall through to the normal handling. */
    @FunctionalInterface
    public interface Responder {
        Response respond(Request request);
    }

    private static final class Collection {
        final LinkedHashMap<String, ObjectNode> objects = new LinkedHashMap<>();
        Style style = Style.NEXT_LINK;
        int pageSize = 10;
        String pageParam = "page";
        String sizeParam = "pageSize";
        String offsetParam = "offset";
        String limitParam = "limit";
        boolean relativeLinks;
        boolean ignorePaging;
        boolean ignorePageSize;
        boolean totals = true;
        Responder responder;
        final Map<Integer, Fault> pageFaults = new HashMap<>();
        Integer failEachPageOnce;
        final Set<Integer> failedOnce = new HashSet<>();
        final Map<Integer, Duration> pageDelays = new HashMap<>();
    }

    private enum Kind { STATUS, TRUNCATE, DROP }

    private static final class Fault {
        final Kind kind;
        final int status;
        int remaining;

        Fault(Kind kind, int status, int times) {
            this.kind = kind;
            this.status = status;
            this.remaining = times;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI base;
    private final Map<String, Collection> collections = new LinkedHashMap<>();
    private final List<Request> log = new ArrayList<>();
    private final AtomicInteger createdIds = new AtomicInteger();
    private final Map<String, AtomicInteger> generatedIds = new HashMap<>();
    private Duration delay = Duration.ZERO;
    private Fault writeFault;
    private String retryAfter;

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs:
        // 40 ms and more per request, which makes paging tests slow.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private TestSource() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "test-source");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Starts a server on an ephemeral loopback port. */
    public static TestSource start() {
        try {
            return new TestSource();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- addresses

    /** {@code http://127.0.0.1:PORT} */
    public URI baseUri() {
        return base;
    }

    /** The URL of a collection path, which may carry a query: {@code uri("pets?page=1&pageSize=5")}. */
    public URI uri(String collectionPath) {
        String p = collectionPath.startsWith("/") ? collectionPath.substring(1) : collectionPath;
        return URI.create(base + "/" + p);
    }

    /** {@link #uri} as a String, for settings. */
    public String url(String collectionPath) {
        return uri(collectionPath).toString();
    }

    // ---------------------------------------------------------------- data

    /** Stores (or replaces) an object under its {@code id} field, keeping its position when replaced. */
    public synchronized ObjectNode put(String coll, ObjectNode obj) {
        JsonNode id = obj.get("id");
        if (id == null || id.isNull() || id.isContainerNode()) {
            throw new IllegalArgumentException("put() needs an object with an 'id': " + obj);
        }
        coll(coll).objects.put(id.asText(), obj.deepCopy());
        return obj;
    }

    /** A copy of the stored object, or null. */
    public synchronized ObjectNode get(String coll, String id) {
        ObjectNode o = coll(coll).objects.get(id);
        return o == null ? null : o.deepCopy();
    }

    public synchronized boolean remove(String coll, String id) {
        return coll(coll).objects.remove(id) != null;
    }

    /** Copies of all objects in insertion order. */
    public synchronized List<ObjectNode> all(String coll) {
        List<ObjectNode> out = new ArrayList<>();
        coll(coll).objects.values().forEach(o -> out.add(o.deepCopy()));
        return out;
    }

    public synchronized int size(String coll) {
        return coll(coll).objects.size();
    }

    /**
     * Adds {@code n} objects {@code {"id":"k","name":"<coll> k","n":k}}, k counting on from earlier
     * calls for the same collection (1, 2, …).
     */
    public synchronized List<ObjectNode> generate(String coll, int n) {
        List<ObjectNode> out = new ArrayList<>();
        AtomicInteger counter = generatedIds.computeIfAbsent(coll, c -> new AtomicInteger());
        for (int i = 0; i < n; i++) {
            int k = counter.incrementAndGet();
            ObjectNode o = TestJson.obj("id", Integer.toString(k), "name", coll + " " + k, "n", k);
            put(coll, o);
            out.add(o);
        }
        return out;
    }

    /** Forgets everything: objects, styles, faults, delays and the request log. */
    public synchronized void clear() {
        collections.clear();
        generatedIds.clear();
        createdIds.set(0);
        log.clear();
        delay = Duration.ZERO;
        writeFault = null;
        retryAfter = null;
    }

    // ---------------------------------------------------------------- listing behaviour

    public synchronized TestSource style(String coll, Style style) {
        coll(coll).style = style;
        return this;
    }

    /** Objects per page when the request does not say (default 10). */
    public synchronized TestSource pageSize(String coll, int size) {
        coll(coll).pageSize = size;
        return this;
    }

    /** Names of the page-number and page-size parameters (default {@code page}, {@code pageSize}). */
    public synchronized TestSource pageParams(String coll, String pageParam, String sizeParam) {
        coll(coll).pageParam = pageParam;
        coll(coll).sizeParam = sizeParam;
        return this;
    }

    /** Names of the offset and limit parameters (default {@code offset}, {@code limit}). */
    public synchronized TestSource offsetParams(String coll, String offsetParam, String limitParam) {
        coll(coll).offsetParam = offsetParam;
        coll(coll).limitParam = limitParam;
        return this;
    }

    /** NEXT_LINK: links as paths ({@code /pets?page=2}) instead of absolute URLs. */
    public synchronized TestSource relativeNextLinks(String coll, boolean relative) {
        coll(coll).relativeLinks = relative;
        return this;
    }

    /** Always serve the first page, whatever is asked (a broken API; triggers the identical-page guard). */
    public synchronized TestSource ignorePaging(String coll) {
        coll(coll).ignorePaging = true;
        return this;
    }

    /** Serve the collection's own page size whatever size the request asks for. */
    public synchronized TestSource ignorePageSize(String coll) {
        coll(coll).ignorePageSize = true;
        return this;
    }

    /** Whether listings announce the total ({@code X-Total-Count}, {@code count}, …); default true. */
    public synchronized TestSource totals(String coll, boolean totals) {
        coll(coll).totals = totals;
        return this;
    }

    /** Custom answers for requests on a collection (list and items); the responder returns null to fall through. */
    public synchronized TestSource respond(String coll, Responder responder) {
        coll(coll).responder = responder;
        return this;
    }

    // ---------------------------------------------------------------- faults

    /** List page {@code page} answers {@code status}, always. */
    public synchronized TestSource failPage(String coll, int page, int status) {
        return failPage(coll, page, status, Integer.MAX_VALUE);
    }

    /** List page {@code page} answers {@code status} the next {@code times} times. */
    public synchronized TestSource failPage(String coll, int page, int status, int times) {
        coll(coll).pageFaults.put(page, new Fault(Kind.STATUS, status, times));
        return this;
    }

    /** The first request for each list page answers {@code status}; the retry succeeds. */
    public synchronized TestSource failEachPageOnce(String coll, int status) {
        coll(coll).failEachPageOnce = status;
        coll(coll).failedOnce.clear();
        return this;
    }

    /** List page {@code page} is served cut in the middle of its JSON (a complete HTTP response), always. */
    public synchronized TestSource truncatePage(String coll, int page) {
        coll(coll).pageFaults.put(page, new Fault(Kind.TRUNCATE, 200, Integer.MAX_VALUE));
        return this;
    }

    /** Requests for list page {@code page} get the connection closed without any response, always. */
    public synchronized TestSource dropConnectionOnPage(String coll, int page) {
        return dropConnectionOnPage(coll, page, Integer.MAX_VALUE);
    }

    public synchronized TestSource dropConnectionOnPage(String coll, int page, int times) {
        coll(coll).pageFaults.put(page, new Fault(Kind.DROP, 0, times));
        return this;
    }

    /** Every request waits this long before it is answered. */
    public synchronized TestSource delay(Duration d) {
        delay = d;
        return this;
    }

    /** Requests for list page {@code page} wait this long before they are answered. */
    public synchronized TestSource delayPage(String coll, int page, Duration d) {
        coll(coll).pageDelays.put(page, d);
        return this;
    }

    /** PUT, POST and DELETE answer {@code status}, always. */
    public synchronized TestSource failWrites(int status) {
        return failWrites(status, Integer.MAX_VALUE);
    }

    public synchronized TestSource failWrites(int status, int times) {
        writeFault = new Fault(Kind.STATUS, status, times);
        return this;
    }

    /**
     * The next {@code times} requests of {@code method} on collection {@code coll} (list or items) are
     * carried out, then the connection is closed without an answer: the client cannot tell whether the
     * request took effect (a lost response, as after a crash or a network cut).
     */
    public synchronized TestSource loseResponses(String method, String coll, int times) {
        lostResponses = new LostResponses(method.toUpperCase(), strip(coll), times);
        return this;
    }

    private record LostResponses(String method, String coll, int times) {
    }

    private LostResponses lostResponses;

    private boolean loseThisResponse(Request req) {
        LostResponses lost = lostResponses;
        if (lost == null || lost.times() <= 0 || !lost.method().equals(req.method())) {
            return false;
        }
        String path = strip(req.path());
        if (!path.equals(lost.coll()) && !path.startsWith(lost.coll() + "/")) {
            return false;
        }
        lostResponses = new LostResponses(lost.method(), lost.coll(), lost.times() - 1);
        return true;
    }

    /** A {@code Retry-After} header value sent with injected 429 and 503 answers (null: none). */
    public synchronized TestSource retryAfter(String value) {
        retryAfter = value;
        return this;
    }

    /** Removes all injected faults and delays, keeping data and styles. */
    public synchronized void clearFaults() {
        for (Collection c : collections.values()) {
            c.pageFaults.clear();
            c.failEachPageOnce = null;
            c.failedOnce.clear();
            c.pageDelays.clear();
        }
        delay = Duration.ZERO;
        writeFault = null;
        retryAfter = null;
        lostResponses = null;
    }

    // ---------------------------------------------------------------- request log

    /** Every request so far as {@code "METHOD /path?query"}. */
    public synchronized List<String> requests() {
        return log.stream().map(Request::toString).toList();
    }

    /** Every request so far with headers and body. */
    public synchronized List<Request> requestLog() {
        return List.copyOf(log);
    }

    public synchronized int requestCount(String method) {
        return (int) log.stream().filter(r -> r.method().equalsIgnoreCase(method)).count();
    }

    public synchronized void clearRequests() {
        log.clear();
    }

    // ---------------------------------------------------------------- serving

    private Collection coll(String name) {
        return collections.computeIfAbsent(strip(name), n -> new Collection());
    }

    private static String strip(String name) {
        String n = name.startsWith("/") ? name.substring(1) : name;
        return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Request req = read(ex);
            Answer answer;
            boolean lose;
            synchronized (this) {
                log.add(req);
                answer = answer(req);
                lose = loseThisResponse(req);
            }
            long wait = answer.delay.toMillis();
            if (wait > 0) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (answer.drop || lose) {
                return; // closing the exchange without a response drops the connection
            }
            send(ex, answer.response);
        }
    }

    private record Answer(Response response, Duration delay, boolean drop) {
    }

    private Answer answer(Request req) {
        String path = strip(req.path()); // raw: an id may contain an encoded '/'
        String collName;
        String id = null;
        if (collections.containsKey(decPath(path)) || !path.contains("/")) {
            collName = decPath(path);
        } else {
            int slash = path.lastIndexOf('/');
            collName = decPath(path.substring(0, slash));
            id = decPath(path.substring(slash + 1));
        }
        Collection c = coll(collName);
        Duration wait = delay;
        if (c.responder != null) {
            Response custom = c.responder.respond(req);
            if (custom != null) {
                return new Answer(custom, wait, false);
            }
        }
        boolean write = !req.method().equals("GET") && !req.method().equals("HEAD");
        if (write && writeFault != null && writeFault.remaining > 0) {
            writeFault.remaining--;
            return new Answer(faultResponse(writeFault.status), wait, false);
        }
        if (id != null) {
            return new Answer(item(req, collName, c, id), wait, false);
        }
        if (req.method().equals("POST")) {
            return new Answer(create(req, collName, c), wait, false);
        }
        if (!req.method().equals("GET")) {
            return new Answer(Response.json(405, TestJson.obj("error", "method not allowed")), wait, false);
        }
        int page = pageNumber(req, c);
        Duration pageDelay = c.pageDelays.get(page);
        if (pageDelay != null) {
            wait = wait.plus(pageDelay);
        }
        Fault fault = c.pageFaults.get(page);
        if (fault != null && fault.remaining > 0) {
            fault.remaining--;
            switch (fault.kind) {
                case DROP:
                    return new Answer(null, wait, true);
                case STATUS:
                    return new Answer(faultResponse(fault.status), wait, false);
                case TRUNCATE:
                    Response full = list(req, collName, c);
                    byte[] cut = java.util.Arrays.copyOf(full.body(), Math.max(1, full.body().length / 2));
                    return new Answer(new Response(full.status(), full.headers(), cut), wait, false);
                default:
                    break;
            }
        }
        if (c.failEachPageOnce != null && c.failedOnce.add(page)) {
            return new Answer(faultResponse(c.failEachPageOnce), wait, false);
        }
        return new Answer(list(req, collName, c), wait, false);
    }

    private Response faultResponse(int status) {
        Response r = Response.json(status, TestJson.obj("error", "injected fault", "status", status));
        if (retryAfter != null && (status == 429 || status == 503)) {
            r = r.withHeader("Retry-After", retryAfter);
        }
        return r;
    }

    private int pageNumber(Request req, Collection c) {
        switch (c.style) {
            case NONE:
                return 1;
            case OFFSET: {
                long offset = parseLong(req.param(c.offsetParam), 0);
                long limit = Math.max(1, parseLong(req.param(c.limitParam), c.pageSize));
                return (int) Math.min(Integer.MAX_VALUE, offset / limit + 1);
            }
            default:
                return (int) Math.max(1, Math.min(Integer.MAX_VALUE, parseLong(req.param(c.pageParam), 1)));
        }
    }

    private Response list(Request req, String name, Collection c) {
        List<ObjectNode> all = new ArrayList<>(c.objects.values());
        int total = all.size();
        if (c.style == Style.NONE) {
            return Response.json(200, array(all, 0, total));
        }
        int size = c.pageSize;
        String askedSize = req.param(c.style == Style.OFFSET ? c.limitParam : c.sizeParam);
        if (askedSize != null && !c.ignorePageSize) {
            size = (int) Math.max(1, Math.min(1000, parseLong(askedSize, c.pageSize)));
        }
        if (c.style == Style.OFFSET) {
            long offset = c.ignorePaging ? 0 : Math.max(0, parseLong(req.param(c.offsetParam), 0));
            ObjectNode body = TestJson.obj("items", array(all, offset, size));
            if (c.totals) {
                body.put("total", total);
            }
            return Response.json(200, body);
        }
        int page = c.ignorePaging ? 1 : pageNumber(req, c);
        long from = (long) (page - 1) * size;
        ArrayNode items = array(all, from, size);
        boolean more = from + size < total;
        int lastPage = Math.max(1, (total + size - 1) / size);
        switch (c.style) {
            case PAGE: {
                Response r = Response.json(200, items);
                return c.totals ? r.withHeader("X-Total-Count", Integer.toString(total)) : r;
            }
            case LINK_HEADER: {
                List<String> links = new ArrayList<>();
                if (more) {
                    links.add("<" + link(req, c, page + 1, false) + ">; rel=\"next\"");
                }
                if (page > 1) {
                    links.add("<" + link(req, c, page - 1, false) + ">; rel=\"prev\"");
                }
                links.add("<" + link(req, c, 1, false) + ">; rel=\"first\"");
                links.add("<" + link(req, c, lastPage, false) + ">; rel=\"last\"");
                Response r = Response.json(200, items).withHeader("Link", String.join(", ", links));
                return c.totals ? r.withHeader("X-Total-Count", Integer.toString(total)) : r;
            }
            case HYDRA: {
                ObjectNode body = TestJson.obj("@context", "/contexts/" + name, "@id", "/" + name,
                        "@type", "hydra:Collection");
                body.set("hydra:member", items);
                if (c.totals) {
                    body.put("hydra:totalItems", total);
                }
                ObjectNode view = body.putObject("hydra:view");
                view.put("@id", link(req, c, page, true));
                view.put("@type", "hydra:PartialCollectionView");
                view.put("hydra:first", link(req, c, 1, true));
                view.put("hydra:last", link(req, c, lastPage, true));
                if (more) {
                    view.put("hydra:next", link(req, c, page + 1, true));
                }
                Response r = Response.json(200, body);
                return new Response(200, Map.of("Content-Type", "application/ld+json"), r.body());
            }
            default: { // NEXT_LINK
                ObjectNode body = TestJson.obj("results", items);
                if (c.totals) {
                    body.put("count", total);
                }
                body.put("next", more ? link(req, c, page + 1, c.relativeLinks) : null);
                body.put("previous", page > 1 ? link(req, c, page - 1, c.relativeLinks) : null);
                return Response.json(200, body);
            }
        }
    }

    /** The request's URL with the page parameter set to {@code page}, other parameters kept. */
    private String link(Request req, Collection c, int page, boolean relative) {
        Map<String, String> q = new LinkedHashMap<>(req.query());
        q.put(c.pageParam, Integer.toString(page));
        StringBuilder s = new StringBuilder(relative ? "" : base.toString()).append(req.path()).append('?');
        boolean first = true;
        for (Map.Entry<String, String> e : q.entrySet()) {
            if (!first) {
                s.append('&');
            }
            first = false;
            s.append(enc(e.getKey())).append('=').append(enc(e.getValue()));
        }
        return s.toString();
    }

    private static ArrayNode array(List<ObjectNode> all, long from, long size) {
        ArrayNode a = TestJson.MAPPER.createArrayNode();
        for (long i = from; i < Math.min(all.size(), from + size); i++) {
            a.add(all.get((int) i));
        }
        return a;
    }

    private Response item(Request req, String collName, Collection c, String id) {
        switch (req.method()) {
            case "GET": {
                ObjectNode o = c.objects.get(id);
                return o == null ? Response.json(404, TestJson.obj("error", "not found", "id", id)) : Response.json(200, o);
            }
            case "PUT": {
                if (!c.objects.containsKey(id)) {
                    return Response.json(404, TestJson.obj("error", "not found", "id", id));
                }
                ObjectNode body = jsonObject(req);
                if (body == null) {
                    return Response.json(400, TestJson.obj("error", "expected a JSON object"));
                }
                if (!body.path("id").asText("").equals(id)) {
                    body.put("id", id);
                }
                c.objects.put(id, body);
                return Response.json(200, body);
            }
            case "DELETE":
                return c.objects.remove(id) == null
                        ? Response.json(404, TestJson.obj("error", "not found", "id", id))
                        : Response.status(204);
            default:
                return Response.json(405, TestJson.obj("error", "method not allowed"));
        }
    }

    private Response create(Request req, String collName, Collection c) {
        ObjectNode body = jsonObject(req);
        if (body == null) {
            return Response.json(400, TestJson.obj("error", "expected a JSON object"));
        }
        JsonNode given = body.get("id");
        String id;
        if (given == null || given.isNull() || given.asText().isEmpty()) {
            id = "src-" + createdIds.incrementAndGet();
            body.put("id", id);
        } else {
            id = given.asText();
            if (c.objects.containsKey(id)) {
                return Response.json(409, TestJson.obj("error", "exists", "id", id));
            }
        }
        c.objects.put(id, body);
        return Response.json(201, body).withHeader("Location", base + "/" + collName + "/" + enc(id));
    }

    private static ObjectNode jsonObject(Request req) {
        try {
            JsonNode n = TestJson.MAPPER.readTree(req.body() == null ? "" : req.body());
            return n != null && n.isObject() ? (ObjectNode) n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Request read(HttpExchange ex) throws IOException {
        URI u = ex.getRequestURI();
        String target = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        Map<String, String> query = new LinkedHashMap<>();
        if (u.getRawQuery() != null) {
            for (String part : u.getRawQuery().split("&")) {
                if (!part.isEmpty()) {
                    String[] kv = part.split("=", 2);
                    query.put(dec(kv[0]), kv.length > 1 ? dec(kv[1]) : "");
                }
            }
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
        String body;
        try (InputStream in = ex.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new Request(ex.getRequestMethod().toUpperCase(), target, u.getRawPath(), query, headers, body);
    }

    private static void send(HttpExchange ex, Response r) throws IOException {
        Headers h = ex.getResponseHeaders();
        r.headers().forEach(h::add);
        byte[] body = r.body() == null ? new byte[0] : r.body();
        if (r.status() == 204 || r.status() == 304) {
            ex.sendResponseHeaders(r.status(), -1);
            return;
        }
        ex.sendResponseHeaders(r.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static long parseLong(String s, long def) {
        if (s == null) {
            return def;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return def;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Percent-decoding for a path, where '+' is a plus, not a space. */
    private static String decPath(String s) {
        return dec(s.replace("+", "%2B"));
    }

    private static String dec(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** Waits until {@code count} requests of {@code method} have arrived, or the timeout passes. */
    public boolean awaitRequests(String method, int count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (requestCount(method) >= count) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return requestCount(method) >= count;
    }
}
