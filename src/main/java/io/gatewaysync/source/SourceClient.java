package io.gatewaysync.source;

import io.gatewaysync.source.http.Authenticator;
import io.gatewaysync.source.http.CamelHttpClient;
import io.gatewaysync.source.http.HttpAccess;
import io.gatewaysync.source.http.HttpReply;
import io.gatewaysync.source.http.HttpRequester;
import io.gatewaysync.source.http.Uris;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * The HTTP side of one source: listings, single-object reads, and the write-back of two-way sync.
 * Thread-safe; one per source, since it owns the source's camel-http endpoint ({@link CamelHttpClient}:
 * one connection pool, the source's TLS and proxy set-up, connect and response timeout = the source's
 * timeout; redirects handled by {@link HttpRequester}) and its credentials ({@link Authenticator}).
 */
public final class SourceClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SourceClient.class);
    private static final IntPredicate OK = s -> s >= 200 && s < 300;
    private static final IntPredicate OK_OR_GONE = s -> OK.test(s) || s == 404 || s == 410;
    /** Requests in flight at once: the page prefetch plus the deliveries and confirmations of a page. */
    private static final int CONNECTIONS = 20;

    private final SourceSettings settings;
    private final CamelHttpClient http;
    private final Authenticator auth;
    private final HttpRequester requester;
    private final PageParser parser;
    private volatile boolean closed;

    /** A client outside the engine (tests, the benchmark's raw read), with only the settings' raw {@code authorization}. */
    public SourceClient(SourceSettings settings) {
        this(null, settings, HttpAccess.raw(settings.authorization()));
    }

    /**
     * @param context the engine's Camel context ({@code null}: a shared standalone one)
     * @param access  authentication, TLS and proxy of the source
     */
    public SourceClient(CamelContext context, SourceSettings settings, HttpAccess access) {
        this.settings = settings;
        this.http = new CamelHttpClient(context, "source-" + settings.name(), settings.uri(), access,
                settings.timeout(), CONNECTIONS);
        this.auth = new Authenticator(settings.name(), access, http);
        this.requester = new HttpRequester(settings, http, auth);
        this.parser = new PageParser(settings);
    }

    /** The source's credentials (tests count OAuth2 token fetches through it). */
    public Authenticator authenticator() {
        return auth;
    }

    public SourceSettings settings() {
        return settings;
    }

    public PageParser parser() {
        return parser;
    }

    /** A fresh listing from the first page; its first page is requested at once. Close it when done. */
    public SourceListing listing() {
        open();
        return new SourceListing(settings, requester, parser);
    }

    /**
     * A listing with extra query parameters on its first URL (an incremental listing's changed-since
     * filter); the pagination carries them on as it carries the URL's own parameters.
     */
    public SourceListing listing(java.util.Map<String, String> extraQuery) {
        if (extraQuery.isEmpty()) {
            return listing();
        }
        open();
        SourceSettings filtered = settings.withUrl(Uris.withQuery(settings.uri(), extraQuery).toString());
        return new SourceListing(filtered, requester, parser);
    }

    /**
     * GETs {@code uri} as a listing page would be read (credentials, retries, redirects), for the probe
     * that looks at a source before a route exists.
     *
     * @throws SourceException when no 2xx answer arrived
     */
    public HttpReply get(URI uri) {
        return get(uri, Map.of());
    }

    /** {@link #get(URI)} with request headers of its own (the probe's {@code Range}). */
    public HttpReply get(URI uri, Map<String, String> headers) {
        open();
        HttpRequester.Reply reply = requester.send("GET", uri, null, OK, headers);
        return new HttpReply(reply.uri(), reply.status(), reply.headers(), reply.body());
    }

    /**
     * GETs one object from its item URL.
     *
     * @return empty when the source answers 404 or 410 (the object is gone)
     * @throws SourceException for any other failure, or a body that is not a JSON object
     */
    public Optional<ObjectNode> fetch(String id) {
        open();
        URI uri = settings.itemUri(id);
        HttpRequester.Reply reply = requester.send("GET", uri, null, OK_OR_GONE);
        if (reply.status() == 404 || reply.status() == 410) {
            return Optional.empty();
        }
        JsonNode node = JsonBodies.read(settings.name(), "GET", uri, reply.body());
        if (!node.isObject()) {
            throw new SourceException(settings.name(), "GET", uri, reply.status(), false,
                    "expected a JSON object, got " + node.getNodeType().name().toLowerCase(), null);
        }
        ObjectNode primary = JsonApiDocuments.primary(node);
        if (primary != null && (jsonApi() || settings.style().writeStyle().equals(WriteStyle.AUTO)
                && primary.path("type").isTextual() && !node.has("id"))) {
            return Optional.of(primary); // a JSON:API document: the resource is its primary data
        }
        return Optional.of((ObjectNode) node);
    }

    /**
     * POSTs a new object to the collection URL (see {@link HttpRequester} for why POST is retried less).
     *
     * @return the object the source answers with, which carries the id it assigned; when the answer has
     *         no JSON object, the sent object, with the id from a {@code Location} header if there is one
     */
    public ObjectNode create(ObjectNode body) {
        return create(body, null);
    }

    /** As {@link #create(ObjectNode)}, sending {@code idempotencyKey} as the {@code Idempotency-Key} header. */
    public ObjectNode create(ObjectNode body, String idempotencyKey) {
        open();
        URI uri = settings.collectionUri();
        if (jsonApi()) {
            ObjectNode document = JsonApiDocuments.document(JsonApiDocuments.resource(type(body), null,
                    JsonApiDocuments.attributes(body)));
            HttpRequester.Reply reply = requester.send("POST", uri, JsonBodies.write(document), OK,
                    jsonApiHeaders(idempotencyKey));
            ObjectNode primary = JsonApiDocuments.primary(result("POST", reply, null));
            return primary != null ? primary : withLocationId(reply, body);
        }
        HttpRequester.Reply reply = requester.send("POST", uri, JsonBodies.write(body), OK, idempotencyKey);
        ObjectNode answer = result("POST", reply, body);
        return answer == body ? withLocationId(reply, body) : answer;
    }

    /**
     * Whether write-back speaks JSON:API: {@code writeStyle: json-api}, or {@code auto} once the listing
     * was recognised as JSON:API (whatever its pagination).
     */
    public boolean jsonApi() {
        String style = settings.style().writeStyle();
        return style.equals(WriteStyle.JSON_API) || style.equals(WriteStyle.AUTO) && parser.jsonApiType() != null;
    }

    /** JSON:API updates are PATCHes of the resource with all its attributes: the spec has no PUT. */
    private ObjectNode jsonApiUpdate(String id, ObjectNode object) {
        URI uri = settings.itemUri(id);
        ObjectNode resource = JsonApiDocuments.resource(type(object), jsonApiId(object, id),
                JsonApiDocuments.attributes(object));
        HttpRequester.Reply reply = requester.send("PATCH", uri, JsonBodies.write(JsonApiDocuments.document(resource)),
                OK, jsonApiHeaders(null));
        ObjectNode primary = JsonApiDocuments.primary(result("PATCH", reply, null));
        return primary != null ? primary : resource;
    }

    private String type(ObjectNode object) {
        try {
            return JsonApiDocuments.type(object, settings.style().resourceType(), parser.jsonApiType());
        } catch (IllegalStateException e) {
            throw new SourceException(settings.name(), "POST", settings.collectionUri(), e.getMessage());
        }
    }

    /** The resource id as the server knows it: the object's own {@code id} member, else the record's id. */
    private static String jsonApiId(ObjectNode object, String id) {
        return object.path("id").isValueNode() && !object.path("id").asText().isEmpty() ? object.path("id").asText() : id;
    }

    private static java.util.Map<String, String> jsonApiHeaders(String idempotencyKey) {
        if (idempotencyKey == null) {
            return JsonApiDocuments.HEADERS;
        }
        java.util.Map<String, String> headers = new java.util.HashMap<>(JsonApiDocuments.HEADERS);
        headers.put("Idempotency-Key", idempotencyKey);
        return headers;
    }

    /** PUTs the object to its item URL; returns like {@link #create}. */
    public ObjectNode update(String id, ObjectNode body) {
        open();
        if (jsonApi()) {
            return jsonApiUpdate(id, body);
        }
        URI uri = settings.itemUri(id);
        return result("PUT", requester.send("PUT", uri, JsonBodies.write(body), OK), body);
    }

    /**
     * PATCHes an RFC 7396 merge patch to the object's item URL ({@code updateMethod: PATCH}).
     *
     * @param merged what the object is after the patch, returned when the source answers without a JSON object
     * @return the object the source answers with, else {@code merged}
     */
    public ObjectNode patch(String id, ObjectNode patch, ObjectNode merged) {
        open();
        if (jsonApi()) {
            return jsonApiUpdate(id, merged);
        }
        URI uri = settings.itemUri(id);
        return result("PATCH", requester.send("PATCH", uri, JsonBodies.write(patch), OK,
                java.util.Map.of("Content-Type", "application/merge-patch+json")), merged);
    }

    /**
     * The id a POST's answer gives the new object: at {@code createdIdPath} when set, else at
     * {@code idPath}, else the last path segment of the {@code Location} header (for {@code idPath: url}
     * the whole Location URL); {@code null} when none of them has it.
     */
    public String createdId(ObjectNode answer) {
        if (settings.style().createdIdPath() != null) {
            String id = DotPath.of(settings.style().createdIdPath()).text(answer);
            if (id != null) {
                return id;
            }
        }
        return settings.ids().text(answer);
    }

    /** DELETEs the object at its item URL; 404 and 410 count as done, since the object is gone either way. */
    public void delete(String id) {
        open();
        HttpRequester.Reply reply = requester.send("DELETE", settings.itemUri(id), null, OK_OR_GONE);
        LOG.debug("source '{}': DELETE {}: HTTP {}", settings.name(), reply.uri(), reply.status());
    }

    private ObjectNode result(String method, HttpRequester.Reply reply, ObjectNode sent) {
        LOG.debug("source '{}': {} {}: HTTP {}", settings.name(), method, reply.uri(), reply.status());
        byte[] body = reply.body();
        if (body != null && body.length > 0) {
            try {
                JsonNode node = JsonBodies.read(settings.name(), method, reply.uri(), body);
                if (node.isObject()) {
                    return (ObjectNode) node;
                }
            } catch (SourceException notJson) {
                // The write succeeded; an answer like "OK" is not a reason to report it failed.
                LOG.debug("source '{}': the answer to {} {} is not a JSON object", settings.name(), method, reply.uri());
            }
        }
        return sent;
    }

    /** The sent object with the id from the POST's {@code Location} header (when the answer had no body). */
    private ObjectNode withLocationId(HttpRequester.Reply reply, ObjectNode sent) {
        String location = reply.headers().firstValue("Location").orElse(null);
        IdPath ids = settings.ids();
        if (location == null || ids.composite() || ids.text(sent) != null) {
            return sent;
        }
        String id;
        if (settings.idIsUrl()) {
            URI resolved = Uris.resolveHttp(reply.uri(), location.trim());
            id = resolved == null ? "" : resolved.toString();
        } else {
            String path = URI.create(location.trim()).getRawPath();
            String last = path == null ? "" : path.replaceAll("/+$", "");
            id = URLDecoder.decode(last.substring(last.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
        }
        DotPath target = settings.style().createdIdPath() != null ? DotPath.of(settings.style().createdIdPath())
                : ids.single();
        ObjectNode copy = sent.deepCopy();
        return !id.isEmpty() && target.put(copy, TextNode.valueOf(id)) ? copy : sent;
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("source '" + settings.name() + "': client is closed");
        }
    }

    /** Closes the source's endpoint; open listings fail. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            http.close();
        }
    }
}
