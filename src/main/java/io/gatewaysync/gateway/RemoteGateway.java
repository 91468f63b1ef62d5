package io.gatewaysync.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.sync.CanonicalJson;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * page's look-ups run as single GETs with bounded concurrency.
 */
public final class RemoteGateway implements Gateway {

    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;[^,]*rel=\"?next\"?");

    private final URI collection;
    private final String authorization;
    private final ObjectMapper mapper;
    private final HttpClient http;
    private final Duration timeout;
    private final Semaphore permits;
    private final java.util.concurrent.ExecutorService lookups;

    public RemoteGateway(String collectionUrl, String authorization, ObjectMapper mapper, int concurrency,
                         Duration timeout) {
        String url = collectionUrl.endsWith("/") ? collectionUrl.substring(0, collectionUrl.length() - 1) : collectionUrl;
        this.collection = URI.create(url);
        this.authorization = authorization == null || authorization.isBlank() ? null : authorization;
        this.mapper = mapper;
        this.timeout = timeout;
        this.permits = new Semaphore(Math.max(1, concurrency));
        // Its own threads: the common pool has a single thread on a 2-core machine, which would
        // serialise the look-ups whatever the configured concurrency.
        this.lookups = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, concurrency), runnable -> {
            Thread thread = new Thread(runnable, "remote-gateway-lookup");
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public String schema() {
        return collection.toString();
    }

    @Override
    public Map<String, GatewayState> states(Collection<String> ids) {
        Map<String, GatewayState> found = new HashMap<>();
        fetchAll(ids).forEach((id, data) -> found.put(id, state(id, data)));
        return found;
    }

    @Override
    public Map<String, ObjectNode> load(Collection<String> ids) {
        Map<String, ObjectNode> found = new HashMap<>();
        fetchAll(ids).forEach((id, data) -> found.put(id, ownFields(data)));
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
                HttpResponse<String> response = send(request(next).GET(), "GET", next);
                expect(response, "GET", next, 200);
                JsonNode body = readTree(response.body(), next);
                JsonNode results = body.isArray() ? body : body.path("results");
                List<GatewayState> states = new ArrayList<>();
                for (JsonNode element : results) {
                    if (element.isObject()) {
                        String id = idOf(element);
                        if (id != null) {
                            states.add(state(id, (ObjectNode) element));
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
        HttpRequest.Builder post = request(collection).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(data.toString()));
        if (idempotencyKey != null) {
            post.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> response = send(post, "POST", collection);
        expect(response, "POST", collection, 200, 201);
        String id = idOf(readTree(response.body(), collection));
        if (id == null) {
            throw new GatewayException("gateway " + collection + ": POST answered without an id (_self.id or id)");
        }
        return id;
    }

    @Override
    public String recreate(GatewayWrites writes, String id, ObjectNode data, String hash) {
        // PUT to the old id re-creates where the API allows it; a collection that assigns its own ids
        // (a gateway answers 404 for an id it does not hold) gets a POST, and the new id is returned.
        HttpResponse<String> response = put(id, data);
        if (response.statusCode() == 404 || response.statusCode() == 410) {
            return create(writes, data, hash);
        }
        expect(response, "PUT", item(id), 200, 201, 204);
        return id;
    }

    @Override
    public void update(GatewayWrites writes, String id, ObjectNode data, String hash) {
        // Strict: an object that vanished since the look-up fails here and is re-created next run,
        // under a new id that its record then learns (a POST here would leave the record behind).
        HttpResponse<String> response = put(id, data);
        expect(response, "PUT", item(id), 200, 201, 204);
    }

    private HttpResponse<String> put(String id, ObjectNode data) {
        URI uri = item(id);
        return send(request(uri).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(data.toString())), "PUT", uri);
    }

    @Override
    public void delete(GatewayWrites writes, String id) {
        URI uri = item(id);
        HttpResponse<String> response = send(request(uri).DELETE(), "DELETE", uri);
        expect(response, "DELETE", uri, 200, 202, 204, 404, 410);
    }

    private Map<String, ObjectNode> fetchAll(Collection<String> ids) {
        Map<String, CompletableFuture<Optional<ObjectNode>>> calls = new HashMap<>();
        for (String id : ids) {
            calls.put(id, CompletableFuture.supplyAsync(() -> fetch(id), lookups));
        }
        Map<String, ObjectNode> found = new HashMap<>();
        for (Map.Entry<String, CompletableFuture<Optional<ObjectNode>>> call : calls.entrySet()) {
            try {
                call.getValue().join().ifPresent(data -> found.put(call.getKey(), data));
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        return found;
    }

    private Optional<ObjectNode> fetch(String id) {
        URI uri = item(id);
        permits.acquireUninterruptibly();
        try {
            HttpResponse<String> response = send(request(uri).GET(), "GET", uri);
            if (response.statusCode() == 404 || response.statusCode() == 410) {
                return Optional.empty();
            }
            expect(response, "GET", uri, 200);
            JsonNode node = readTree(response.body(), uri);
            if (!node.isObject()) {
                throw new GatewayException("gateway " + uri + ": GET answered with something other than a JSON object");
            }
            return Optional.of((ObjectNode) node);
        } finally {
            permits.release();
        }
    }

    private GatewayState state(String id, ObjectNode data) {
        ObjectNode own = ownFields(data);
        return new GatewayState(id, CanonicalJson.hash(own), dateModified(data), own);
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

    private URI nextLink(HttpResponse<String> response, JsonNode body) {
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

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String method, URI uri) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new GatewayException("gateway " + method + " " + uri + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException("gateway " + method + " " + uri + ": interrupted", e);
        }
    }

    private static void expect(HttpResponse<String> response, String method, URI uri, int... statuses) {
        for (int status : statuses) {
            if (response.statusCode() == status) {
                return;
            }
        }
        String body = response.body() == null ? "" : response.body();
        throw new GatewayException("gateway " + method + " " + uri + ": HTTP " + response.statusCode()
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
