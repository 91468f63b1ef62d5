package io.gatewaysync.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.source.http.Authenticator;
import io.gatewaysync.source.http.CamelHttpClient;
import io.gatewaysync.source.http.HttpAccess;
import io.gatewaysync.source.http.HttpReply;
import io.gatewaysync.source.SourceException;
import io.gatewaysync.sync.CanonicalJson;
import org.apache.camel.CamelContext;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A remote REST collection as the gateway (for example another gateway's {@code /api/{schema}}).
 * Objects are identified by {@code _self.id} when present, else {@code id}; {@code _self} is never
 * part of the hash. A remote collection cannot be looked up by a list of ids in one request, so a
 * page's look-ups run as single GETs with bounded concurrency. Every call goes through the gateway's
 * own camel-http endpoint ({@link CamelHttpClient}) with its own credentials, TLS and proxy (the
 * route's {@code gateway*} parameters); no retries here: a failed call fails the page, which the next
 * run repeats.
 *
 * <p>Conditional writes: the {@code ETag} header of an item read or of a write's answer is the copy's
 * version. A PUT or DELETE given one sends it as {@code If-Match}; a 412 (or 428) is a
 * {@link StaleGatewayWrite}: the copy changed since it was read, and the engine decides again.
 */
public final class RemoteGateway implements Gateway {

    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;[^,]*rel=\"?next\"?");

    private final URI collection;
    private final CamelHttpClient http;
    private final Authenticator auth;
    private final ObjectMapper mapper;
    private final Semaphore permits;
    private final java.util.concurrent.ExecutorService lookups;
    /** ETags of create and re-create answers, until the engine takes them for the record ({@link #takeEtag}). */
    private final Map<String, String> answered = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param context the engine's Camel context, or {@code null} for the standalone one */
    public RemoteGateway(CamelContext context, String sourceName, String collectionUrl, HttpAccess access,
                         ObjectMapper mapper, int concurrency, Duration timeout) {
        String url = collectionUrl.endsWith("/") ? collectionUrl.substring(0, collectionUrl.length() - 1) : collectionUrl;
        this.collection = URI.create(url);
        this.mapper = mapper;
        this.permits = new Semaphore(Math.max(1, concurrency));
        // Its own threads: the common pool has a single thread on a 2-core machine, which would
        // serialise the look-ups whatever the configured concurrency.
        this.lookups = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, concurrency), runnable -> {
            Thread thread = new Thread(runnable, "remote-gateway-lookup");
            thread.setDaemon(true);
            return thread;
        });
        this.http = new CamelHttpClient(context, "gateway-" + sourceName, collection, access, timeout, concurrency);
        this.auth = new Authenticator("gateway of " + sourceName, access, http);
    }

    @Override
    public String schema() {
        return collection.toString();
    }

    @Override
    public Map<String, GatewayState> states(Collection<String> ids) {
        Map<String, GatewayState> found = new HashMap<>();
        fetchAll(ids).forEach((id, read) -> found.put(id, state(id, read.data(), read.etag())));
        return found;
    }

    @Override
    public Map<String, ObjectNode> load(Collection<String> ids) {
        Map<String, ObjectNode> found = new HashMap<>();
        fetchAll(ids).forEach((id, read) -> found.put(id, ownFields(read.data())));
        return found;
    }

    @Override
    public Iterator<List<GatewayState>> unrecorded(int pageSize, Function<Collection<String>, Set<String>> recorded) {
        return new Iterator<>() {
            private URI next = collection;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public List<GatewayState> next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                HttpReply response = send("GET", next, null, null, null);
                expect(response, "GET", next, 200);
                JsonNode body = readTree(response.text(), next);
                JsonNode results = body.isArray() ? body : body.path("results");
                List<GatewayState> states = new ArrayList<>();
                for (JsonNode element : results) {
                    if (element.isObject()) {
                        String id = idOf(element);
                        if (id != null) {
                            states.add(state(id, (ObjectNode) element, null));
                        }
                    }
                }
                next = nextLink(response, body);
                Set<String> known = recorded.apply(states.stream().map(GatewayState::id).toList());
                states.removeIf(s -> known.contains(s.id()));
                return states;
            }
        };
    }

    @Override
    public String create(GatewayWrites writes, ObjectNode data, String hash) {
        return create(writes, data, hash, null);
    }

    @Override
    public String create(GatewayWrites writes, ObjectNode data, String hash, String idempotencyKey) {
        HttpReply response = send("POST", collection, data, idempotencyKey, null);
        expect(response, "POST", collection, 200, 201);
        String id = idOf(readTree(response.text(), collection));
        if (id == null) {
            throw new GatewayException("gateway " + collection + ": POST answered without an id (_self.id or id)");
        }
        remember(id, response);
        return id;
    }

    @Override
    public String recreate(GatewayWrites writes, String id, ObjectNode data, String hash) {
        // PUT to the old id re-creates where the API allows it; a collection that assigns its own ids
        // (a gateway answers 404 for an id it does not hold) gets a POST, and the new id is returned.
        HttpReply response = put(id, data, null);
        if (response.status() == 404 || response.status() == 410) {
            return create(writes, data, hash);
        }
        expect(response, "PUT", item(id), 200, 201, 204);
        remember(id, response);
        return id;
    }

    @Override
    public void update(GatewayWrites writes, String id, ObjectNode data, String hash) {
        // Strict: an object that vanished since the look-up fails here and is re-created next run,
        // under a new id that its record then learns (a POST here would leave the record behind).
        update(writes, id, data, hash, null, null, null);
    }

    @Override
    public String update(GatewayWrites writes, String id, ObjectNode data, String hash, String expectedHash,
                         Instant changedAt, String ifMatch) {
        HttpReply response = put(id, data, ifMatch);
        stale(response, "PUT", id, ifMatch);
        expect(response, "PUT", item(id), 200, 201, 204);
        return etag(response);
    }

    private HttpReply put(String id, ObjectNode data, String ifMatch) {
        return send("PUT", item(id), data, null, ifMatch);
    }

    @Override
    public void delete(GatewayWrites writes, String id) {
        delete(writes, id, null, null);
    }

    @Override
    public void delete(GatewayWrites writes, String id, String expectedHash, String ifMatch) {
        URI uri = item(id);
        HttpReply response = send("DELETE", uri, null, null, ifMatch);
        stale(response, "DELETE", id, ifMatch);
        expect(response, "DELETE", uri, 200, 202, 204, 404, 410);
    }

    @Override
    public boolean conditional() {
        return true;
    }

    @Override
    public String takeEtag(String id) {
        return id == null ? null : answered.remove(id);
    }

    private void remember(String id, HttpReply response) {
        String etag = etag(response);
        if (etag != null) {
            answered.put(id, etag);
        }
    }

    /** 412: changed since {@code ifMatch} was read; 428: the gateway writes only with an If-Match. */
    private void stale(HttpReply response, String method, String id, String ifMatch) {
        if (response.status() == 412 || response.status() == 428) {
            throw new StaleGatewayWrite("gateway " + method + " " + auth.strip(item(id)) + ": HTTP " + response.status()
                    + (response.status() == 412 ? ": the copy changed since it was read (If-Match: " + ifMatch + ")"
                    : ": the gateway writes only with If-Match and none was known"));
        }
    }

    private static String etag(HttpReply response) {
        return response.headers().firstValue("ETag").filter(v -> !v.isBlank()).orElse(null);
    }

    /** An item read: the object and its ETag. */
    private record Read(ObjectNode data, String etag) {
    }

    private Map<String, Read> fetchAll(Collection<String> ids) {
        Map<String, CompletableFuture<Optional<Read>>> calls = new HashMap<>();
        for (String id : ids) {
            calls.put(id, CompletableFuture.supplyAsync(() -> fetch(id), lookups));
        }
        Map<String, Read> found = new HashMap<>();
        for (Map.Entry<String, CompletableFuture<Optional<Read>>> call : calls.entrySet()) {
            try {
                call.getValue().join().ifPresent(data -> found.put(call.getKey(), data));
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        return found;
    }

    private Optional<Read> fetch(String id) {
        URI uri = item(id);
        permits.acquireUninterruptibly();
        try {
            HttpReply response = send("GET", uri, null, null, null);
            if (response.status() == 404 || response.status() == 410) {
                return Optional.empty();
            }
            expect(response, "GET", uri, 200);
            JsonNode node = readTree(response.text(), uri);
            if (!node.isObject()) {
                throw new GatewayException("gateway " + uri + ": GET answered with something other than a JSON object");
            }
            return Optional.of(new Read((ObjectNode) node, etag(response)));
        } finally {
            permits.release();
        }
    }

    private GatewayState state(String id, ObjectNode data, String etag) {
        ObjectNode own = ownFields(data);
        return new GatewayState(id, CanonicalJson.hash(own), dateModified(data), own, etag);
    }

    private static ObjectNode ownFields(ObjectNode data) {
        ObjectNode own = data.deepCopy();
        own.remove("_self");
        return own;
    }

    private static Instant dateModified(JsonNode data) {
        JsonNode value = data.path("_self").path("dateModified");
        if (!value.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String idOf(JsonNode node) {
        JsonNode self = node.path("_self").path("id");
        if (self.isValueNode() && !self.isNull()) {
            return self.asText();
        }
        JsonNode id = node.path("id");
        return id.isValueNode() && !id.isNull() ? id.asText() : null;
    }

    private URI next(JsonNode body, URI base) {
        JsonNode next = body.path("next");
        return next.isTextual() && !next.asText().isBlank() ? base.resolve(next.asText()) : null;
    }

    private URI nextLink(HttpReply response, JsonNode body) {
        Optional<String> link = response.headers().firstValue("Link");
        if (link.isPresent()) {
            Matcher m = NEXT_LINK.matcher(link.get());
            if (m.find()) {
                return response.uri().resolve(m.group(1));
            }
        }
        return body.isObject() ? next(body, response.uri()) : null;
    }

    private URI item(String id) {
        return URI.create(collection + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    @Override
    public void close() {
        lookups.shutdown();
        http.close();
    }

    /** One call; the credentials go only to the gateway's own origin; one more try after a 401 with a fresh OAuth2 token. */
    private HttpReply send(String method, URI uri, ObjectNode data, String idempotencyKey, String ifMatch) {
        URI shown = auth.strip(uri);
        try {
            for (boolean renewed = false; ; renewed = true) {
                Map<String, String> headers = new java.util.LinkedHashMap<>();
                headers.put("Accept", "application/json");
                boolean own = sameOrigin(uri, collection);
                if (own) {
                    auth.sign(headers);
                }
                if (idempotencyKey != null) {
                    headers.put("Idempotency-Key", idempotencyKey);
                }
                if (ifMatch != null) {
                    headers.put("If-Match", ifMatch);
                }
                if (data != null) {
                    headers.put("Content-Type", "application/json");
                }
                HttpReply reply = http.call(method, own ? auth.target(uri) : uri, headers,
                        data == null ? null : data.toString().getBytes(StandardCharsets.UTF_8));
                if (reply.status() == 401 && !renewed && auth.renew(headers.get("Authorization"))) {
                    continue;
                }
                if (reply.status() == 401 || reply.status() == 403) {
                    throw new GatewayException("gateway " + method + " " + shown + ": HTTP " + reply.status()
                            + ": the gateway refused the request; check the credentials (gatewayAuth="
                            + auth.access().style().label() + ")");
                }
                return reply;
            }
        } catch (IOException e) {
            throw new GatewayException("gateway " + method + " " + shown + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + auth.scrub(e.getMessage())), e);
        } catch (SourceException e) { // the OAuth2 token endpoint failed
            throw new GatewayException("gateway " + method + " " + shown + ": " + e.getMessage(), e);
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private void expect(HttpReply response, String method, URI uri, int... statuses) {
        for (int status : statuses) {
            if (response.status() == status) {
                return;
            }
        }
        String body = auth.scrub(response.text());
        throw new GatewayException("gateway " + method + " " + auth.strip(uri) + ": HTTP " + response.status()
                + (body.isBlank() ? "" : ": " + (body.length() > 200 ? body.substring(0, 200) + "..." : body)));
    }

    private JsonNode readTree(String body, URI uri) {
        try {
            return body == null || body.isBlank() ? mapper.createObjectNode() : mapper.readTree(body);
        } catch (IOException e) {
            throw new GatewayException("gateway " + uri + ": malformed JSON: " + e.getMessage(), e);
        }
    }
}
