package io.gatewaysync.testsupport;

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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A real HTTP server on loopback in front of a real source, honest until told to lie. It forwards every
 * request to the upstream and hands back its answer with the upstream's origin written as its own (in
 * the body and the headers: absolute next links then lead through the proxy). A {@link Lie} set with
 * {@link #lie} decides the answer instead, from the request and the upstream; {@link #honest()} ends it.
 * Requests are recorded, with their Authorization header, so that a test can tell who was asked what.
 */
public final class LyingProxy implements AutoCloseable {

    /** A request as received: method, path with query as sent, headers (lower-case names), body. */
    public record Request(String method, String target, Map<String, String> headers, String body) {

        public String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }

        /** A query parameter, decoded ({@code page[offset]} matches {@code page%5Boffset%5D}), or null. */
        public String param(String name) {
            int q = target.indexOf('?');
            if (q < 0) {
                return null;
            }
            for (String pair : target.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (key.equals(name)) {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** An answer: status, headers (one value each, names as given), body. Immutable; the with… methods copy. */
    public record Response(int status, Map<String, String> headers, String body) {

        public Response {
            headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        public static Response json(int status, String body) {
            return new Response(status, Map.of("Content-Type", "application/json"), body);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }

        public Response withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>();
            headers.forEach((k, v) -> {
                if (!k.equalsIgnoreCase(name)) {
                    h.put(k, v);
                }
            });
            if (value != null) {
                h.put(name, value);
            }
            return new Response(status, h, body);
        }

        public Response withBody(String newBody) {
            return new Response(status, headers, newBody);
        }

        public Response withStatus(int newStatus) {
            return new Response(newStatus, headers, body);
        }

        /** Every occurrence of {@code from} in the body and in every header value replaced by {@code to}. */
        public Response replace(String from, String to) {
            Map<String, String> h = new LinkedHashMap<>();
            headers.forEach((k, v) -> h.put(k, v.replace(from, to)));
            return new Response(status, h, body.replace(from, to));
        }

        /** The body as a JSON object, edited. */
        public Response editJson(Consumer<ObjectNode> edit) {
            ObjectNode root = TestJson.parseObject(body);
            edit.accept(root);
            return withBody(root.toString());
        }
    }

    /** Where a lie gets the honest answers it bends. */
    public interface Upstream {
        /** The upstream's answer to this request, origin rewritten. */
        Response forward(Request request);

        /** The upstream's answer to a GET of {@code target} (path and query) with the request's other headers. */
        Response get(Request like, String target);
    }

    /** How the proxy answers while it lies. */
    public interface Lie {
        Response answer(Request request, Upstream upstream);

        /** The honest answer, bent by {@code bend} for the requests {@code when} selects. */
        static Lie bend(Predicate<Request> when, UnaryOperator<Response> bend) {
            return (request, upstream) -> {
                Response honest = upstream.forward(request);
                return when.test(request) ? bend.apply(honest) : honest;
            };
        }

        /** {@code answer} for the requests {@code when} selects, the honest answer for the others. */
        static Lie serve(Predicate<Request> when, Lie answer) {
            return (request, upstream) -> when.test(request) ? answer.answer(request, upstream) : upstream.forward(request);
        }
    }

    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "accept-encoding", "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection");
    private static final Set<String> NOT_RETURNED = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "date", "content-encoding");

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String origin;
    private final List<Request> log = new ArrayList<>();
    private volatile Lie lie;
    private volatile UnaryOperator<Response> variant = UnaryOperator.identity();

    private LyingProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "lying-proxy");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        origin = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A proxy in front of {@code upstream} ({@code scheme://host:port}), honest. */
    public static LyingProxy in(URI upstream) {
        try {
            return new LyingProxy(upstream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A server of its own (another origin) that answers every request with {@code answer}: where a lie's
     * next link leads. It records what it was asked, Authorization included.
     */
    public static LyingProxy answering(Response answer) {
        return in(URI.create("http://127.0.0.1:9")).lie((request, upstream) -> answer);
    }

    /** {@code http://127.0.0.1:port} of the proxy. */
    public String origin() {
        return origin;
    }

    /** The proxy's URL for a path of the upstream, e.g. {@code /things}. */
    public String url(String pathAndQuery) {
        return origin + pathAndQuery;
    }

    /**
     * Every answer of the upstream reshaped, honest or not: a variant of the server that is no lie (a
     * JSON:API server that gives no links, as the spec allows).
     */
    public LyingProxy variant(UnaryOperator<Response> reshape) {
        this.variant = reshape;
        return this;
    }

    /** From now on, {@code lie} answers. */
    public LyingProxy lie(Lie how) {
        this.lie = how;
        return this;
    }

    /** From now on, every request is forwarded and answered as the upstream answers. */
    public LyingProxy honest() {
        this.lie = null;
        return this;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(log);
    }

    public synchronized void clearRequests() {
        log.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body);
            synchronized (this) {
                log.add(request);
            }
            Lie now = lie;
            Response response;
            try {
                response = now == null ? forward(request) : now.answer(request, upstreamView());
            } catch (RuntimeException e) {
                response = Response.json(502, "{\"error\":\"proxy: " + e.toString().replace("\"", "'") + "\"}");
            }
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            boolean empty = bytes.length == 0 || response.status() == 204 || response.status() == 304;
            exchange.sendResponseHeaders(response.status(), empty ? -1 : bytes.length);
            if (!empty) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    private Upstream upstreamView() {
        return new Upstream() {
            @Override
            public Response forward(Request request) {
                return LyingProxy.this.forward(request);
            }

            @Override
            public Response get(Request like, String target) {
                return LyingProxy.this.forward(new Request("GET", target, like.headers(), ""));
            }
        };
    }

    private Response forward(Request request) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upstream + request.target())).timeout(Duration.ofSeconds(30));
        request.headers().forEach((k, v) -> {
            if (!NOT_FORWARDED.contains(k)) {
                b.header(k, v);
            }
        });
        b.method(request.method(), request.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(request.body()));
        HttpResponse<String> r;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        r.headers().map().forEach((k, v) -> {
            if (!NOT_RETURNED.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":")) {
                headers.put(k, String.join(", ", v));
            }
        });
        String own = upstream.toString();
        return variant.apply(new Response(r.statusCode(), headers, r.body()).replace(own, origin));
    }
}
