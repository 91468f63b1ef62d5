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
    /** A write's redirect is taken, not followed, so that it can be named ({@link #redirected}). */
    private static final IntPredicate REDIRECT = s -> s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
    private static final IntPredicate OK_OR_REDIRECT = OK.or(REDIRECT);
    /** Requests in flight at once: the page prefetch plus the deliveries and confirmations of a page. */
    private static final int CONNECTIONS = 20;

    private final SourceSettings settings;
    private final CamelHttpClient http;
    private final Authenticator auth;
    private final HttpRequester requester;
    private final PageParser parser;
    private volatile boolean closed;
    /** The OData dialect with its key types from {@code $metadata}: read once per run (reset by {@link #listing}). */
    private volatile ODataDialect typedOData;

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
        typedOData = null; // a new run: $metadata is read again when an item URL needs it
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
        typedOData = null;
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
        return read(id).map(Representation::object);
    }

    /** {@link #fetch(String)} at the object's own item URL ({@code ownUrl}; null: the default). */
    public Optional<ObjectNode> fetch(String id, String ownUrl) {
        return read(id, ownUrl).map(Representation::object);
    }

    /**
     * An object as the source represents it, read as a listing reads objects (a JSON:API document's
     * primary data, protocol annotations dropped), with its ETag (the {@code ETag} header, else
     * {@code @odata.etag} or {@code etagPath} in the body; null when none).
     */
    public record Representation(ObjectNode object, String etag) {
    }

    /**
     * GETs one object from its item URL ({@link #fetch}, with its ETag).
     *
     * @return empty when the source answers 404 or 410 (the object is gone)
     */
    public Optional<Representation> read(String id) {
        return read(id, null);
    }

    /** {@link #read(String)} at the object's own item URL ({@code ownUrl}, as its listing showed it; null: the default). */
    public Optional<Representation> read(String id, String ownUrl) {
        open();
        URI uri = itemUri(id, ownUrl);
        HttpRequester.Reply reply = requester.send("GET", uri, null, OK_OR_GONE);
        if (reply.status() == 404 || reply.status() == 410) {
            return Optional.empty();
        }
        JsonNode node = JsonBodies.read(settings.name(), "GET", uri, reply.body());
        if (!node.isObject()) {
            throw new SourceException(settings.name(), "GET", uri, reply.status(), false,
                    "expected a JSON object, got " + node.getNodeType().name().toLowerCase(), null);
        }
        ObjectNode object = unwrapped((ObjectNode) node);
        return Optional.of(new Representation(ProtocolAnnotations.dropped(object), etag(reply, object)));
    }

    /** The object read from its item URL as a {@link SourceObject}, hashed as a listed one, with its ETag. */
    public SourceObject object(String id, Representation read) {
        SourceObject o = parser.object(id, read.object());
        return read.etag() == null ? o : new SourceObject(o.id(), o.data(), o.hash(), o.lastChanged(), read.etag());
    }

    /**
     * Whether write-back speaks OData: {@code writeStyle: odata}, or {@code auto} once a listing page
     * carried {@code @odata.context}. Item URLs are then {@code Entity(key)} and a PATCH is
     * {@code application/json} (OData answers a merge-patch media type with 415).
     */
    public boolean odata() {
        return dialect() != null;
    }

    private ODataDialect dialect() {
        String style = settings.style().writeStyle();
        ODataDialect seen = parser.odata();
        if (style.equals(WriteStyle.ODATA)) {
            return seen != null ? seen : ODataDialect.GUESSED;
        }
        return style.equals(WriteStyle.AUTO) ? seen : null;
    }

    /**
     * The object's item URL: {@code itemUrl}, or the id itself for {@code idPath: url}; else OData's
     * {@code Collection(key)} when the source speaks OData, else {@code {url}/{id}}
     * ({@link SourceSettings#itemUri}).
     */
    public URI itemUri(String id) {
        ODataDialect dialect = dialect();
        if (dialect == null || settings.itemUrl() != null || settings.idIsUrl()) {
            return settings.itemUri(id);
        }
        return typed(dialect).itemUri(settings.collectionUri(), id);
    }

    /**
     * The dialect with the key's EDM types, from the {@code $metadata} the listing's {@code @odata.context}
     * names; read at most once per run. Unreadable: the listed ids' JSON type decides, and the log says why.
     */
    private ODataDialect typed(ODataDialect seen) {
        ODataDialect typed = typedOData;
        if (typed != null || seen.context() == null) {
            return typed != null ? typed : seen;
        }
        synchronized (this) {
            if (typedOData == null) {
                URI metadata = seen.context().metadata();
                try {
                    byte[] xml = get(metadata, Map.of("Accept", "application/xml")).body();
                    typedOData = seen.withKeys(ODataMetadata.key(xml, seen.context().entitySet()));
                } catch (SourceException | IllegalStateException unreadable) {
                    LOG.warn("source '{}': the key types of '{}' could not be read from {} ({}); key literals follow "
                            + "the listed ids' JSON type", settings.name(), seen.context().entitySet(),
                            auth.strip(metadata), unreadable.getMessage());
                    typedOData = seen;
                }
            }
            return typedOData;
        }
    }

    /**
     * The item URL of an object whose listing showed its own ({@code ownUrl}, see {@link ItemUrls}), else
     * {@link #itemUri(String)}. A URL kept on a record is checked again: the credentials go only to the
     * source's origin and its {@code allowedOrigins}.
     */
    public URI itemUri(String id, String ownUrl) {
        if (ownUrl == null || settings.itemUrl() != null || settings.idIsUrl()) {
            return itemUri(id);
        }
        URI own = Uris.isHttpUrl(ownUrl) ? URI.create(ownUrl) : null;
        if (own == null || !settings.proof().allows(settings.uri(), own)) {
            throw new SourceException(settings.name(), null, null, "the item URL '" + Snippets.cut(ownUrl)
                    + "' of object '" + Snippets.cut(id) + "' is not on the source's origin or its allowedOrigins; "
                    + "refusing to send the source's credentials there");
        }
        return own;
    }

    /** A JSON:API document's primary data (when the source speaks JSON:API), else the object itself. */
    private ObjectNode unwrapped(ObjectNode node) {
        ObjectNode primary = JsonApiDocuments.primary(node);
        if (primary != null && (jsonApi() || settings.style().writeStyle().equals(WriteStyle.AUTO)
                && primary.path("type").isTextual() && !node.has("id"))) {
            return primary; // a JSON:API document: the resource is its primary data
        }
        return node;
    }

    /** The ETag of a reply: its header, else the one the object carries ({@code @odata.etag}, {@code etagPath}). */
    private String etag(HttpRequester.Reply reply, ObjectNode object) {
        String header = reply.headers().firstValue("ETag").orElse("").trim();
        if (!header.isEmpty()) {
            return header;
        }
        return object == null ? null : ProtocolAnnotations.etag(object, settings.style());
    }

    /**
     * What a write's reply tells of the object: its representation, read as a listing reads objects
     * (JSON:API unwrapped, annotations dropped; null when the reply carried no JSON object with the
     * object's id, e.g. a 204 or a 201 with only a {@code Location}), its ETag, and the {@code Location}
     * (resolved) when there was one.
     */
    public record WriteReply(int status, ObjectNode object, String etag, String location) {
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
        WriteReply reply = post(body, idempotencyKey);
        return reply.object() != null ? reply.object() : withLocationId(reply.location(), body);
    }

    /** POSTs a new object ({@link #create}); the reply as it is, for the caller to read the object again when it has none. */
    public WriteReply post(ObjectNode body, String idempotencyKey) {
        open();
        URI uri = settings.collectionUri();
        if (jsonApi()) {
            ObjectNode document = JsonApiDocuments.document(JsonApiDocuments.resource(type(body), null,
                    JsonApiDocuments.attributes(body)));
            return written("POST", uri, requester.send("POST", uri, JsonBodies.write(document), OK_OR_REDIRECT,
                    jsonApiHeaders(idempotencyKey)), null);
        }
        return written("POST", uri, requester.send("POST", uri, JsonBodies.write(body), OK_OR_REDIRECT,
                idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey)), null);
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
    private WriteReply jsonApiUpdate(String id, URI uri, ObjectNode object, String etag) {
        ObjectNode resource = JsonApiDocuments.resource(type(object), jsonApiId(object, id),
                JsonApiDocuments.attributes(object));
        Map<String, String> headers = ifMatch(JsonApiDocuments.HEADERS, etag);
        return written("PATCH", uri, requester.send("PATCH", uri, JsonBodies.write(JsonApiDocuments.document(resource)),
                OK_OR_REDIRECT, headers), id);
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

    /**
     * The ETag to send as {@code If-Match} under {@code conditionalWrites}, or null. A weak ETag
     * ({@code W/"…"}) is sent at first only under {@code always}: If-Match compares strongly (RFC 9110
     * 13.1.1), so a server that checks it strongly would refuse every write made with one (412, re-read,
     * 412…); under {@code auto} such an object is written as from a source that gives no ETag, unless the
     * source then answers 428 ({@link #stale}).
     */
    private String sendable(String etag) {
        String mode = settings.style().conditionalWrites();
        if (etag == null || mode.equals(WriteStyle.NEVER) || isWeak(etag) && !mode.equals(WriteStyle.ALWAYS)) {
            return null;
        }
        return etag;
    }

    /** {@code headers} plus {@code If-Match: etag} when there is one (decided by {@link #sendable}). */
    private static Map<String, String> ifMatch(Map<String, String> headers, String etag) {
        if (etag == null) {
            return headers;
        }
        Map<String, String> with = new java.util.HashMap<>(headers);
        with.put("If-Match", etag);
        return with;
    }

    private static boolean isWeak(String etag) {
        return etag.regionMatches(true, 0, "W/", 0, 2);
    }

    /** PUTs the object to its item URL; returns like {@link #create}. */
    public ObjectNode update(String id, ObjectNode body) {
        WriteReply reply = put(id, body, null);
        return reply.object() != null ? reply.object() : body;
    }

    /**
     * PUTs the object to its item URL (JSON:API: PATCHes the resource), with {@code If-Match: etag} when
     * an ETag is known.
     *
     * @throws StaleWrite when the source answers 412 or 428: the object changed since it was read, or
     *                    the source demands an ETag
     */
    public WriteReply put(String id, ObjectNode body, String etag) {
        return put(id, null, body, etag);
    }

    /** {@link #put(String, ObjectNode, String)} to the object's own item URL ({@code ownUrl}; null: the default). */
    public WriteReply put(String id, String ownUrl, ObjectNode body, String etag) {
        open();
        URI uri = itemUri(id, ownUrl);
        if (jsonApi()) {
            return stale(id, etag, tag -> jsonApiUpdate(id, uri, body, tag));
        }
        return stale(id, etag, tag -> written("PUT", uri, requester.send("PUT", uri, JsonBodies.write(body), OK_OR_REDIRECT,
                ifMatch(Map.of(), tag)), id));
    }

    /**
     * PATCHes an RFC 7396 merge patch to the object's item URL ({@code updateMethod: PATCH}).
     *
     * @param merged what the object is after the patch, returned when the source answers without a JSON object
     * @return the object the source answers with, else {@code merged}
     */
    public ObjectNode patch(String id, ObjectNode patch, ObjectNode merged) {
        WriteReply reply = patch(id, patch, merged, null);
        return reply.object() != null ? reply.object() : merged;
    }

    /** {@link #patch(String, ObjectNode, ObjectNode)} with {@code If-Match: etag}; throws {@link StaleWrite} like {@link #put}. */
    public WriteReply patch(String id, ObjectNode patch, ObjectNode merged, String etag) {
        return patch(id, null, patch, merged, etag);
    }

    /** {@link #patch(String, ObjectNode, ObjectNode, String)} to the object's own item URL ({@code ownUrl}; null: the default). */
    public WriteReply patch(String id, String ownUrl, ObjectNode patch, ObjectNode merged, String etag) {
        open();
        URI uri = itemUri(id, ownUrl);
        if (jsonApi()) {
            return stale(id, etag, tag -> jsonApiUpdate(id, uri, merged, tag));
        }
        String type = odata() ? "application/json" : "application/merge-patch+json"; // OData's PATCH merges plain JSON
        return stale(id, etag, tag -> written("PATCH", uri, requester.send("PATCH", uri, JsonBodies.write(patch), OK_OR_REDIRECT,
                ifMatch(Map.of("Content-Type", type), tag)), id));
    }

    /**
     * A write the source refused because of its precondition: 412 (the object changed since its ETag was
     * read) or 428 (the source writes only with {@code If-Match}). Never retried as it was: the object is
     * read again and decided again.
     */
    public static final class StaleWrite extends SourceException {
        public StaleWrite(SourceException cause) {
            super(cause.source(), null, cause.uri(), cause.status(), false, cause.getMessage().replaceFirst(
                    "^source '[^']*': ", "") + (cause.status() == 428
                    ? " (the source writes only with If-Match: the object's ETag)"
                    : " (the object changed at the source since it was read)"), cause);
        }
    }

    /**
     * Makes the write with the If-Match that {@code conditionalWrites} allows ({@link #sendable}). A 428 when
     * only a weak ETag was held back (OData services give weak ETags and demand them back): the source asks
     * for a precondition and that weak ETag is the only validator it gave, so the write is made once more
     * with it; the source, not the engine, then judges it (a 412 is a stale write like any other).
     */
    private WriteReply stale(String id, String etag, java.util.function.Function<String, WriteReply> write) {
        String sent = sendable(etag);
        try {
            return write.apply(sent);
        } catch (SourceException e) {
            if (e.status() == 428 && sent == null && etag != null && isWeak(etag)
                    && !settings.style().conditionalWrites().equals(WriteStyle.NEVER)) {
                LOG.debug("source '{}': object {}: 428 without If-Match; written again with its weak ETag", settings.name(), id);
                return stale(id, null, tag -> write.apply(etag));
            }
            if (e.status() == 412 || e.status() == 428) {
                throw new StaleWrite(e);
            }
            throw e;
        }
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

    /** The id a POST's reply gives the new object: in its representation, else from its {@code Location}. */
    public String createdId(WriteReply reply, ObjectNode sent) {
        if (reply.object() != null) {
            String id = createdId(reply.object());
            if (id != null) {
                return id;
            }
        }
        return createdId(withLocationId(reply.location(), sent));
    }

    /** DELETEs the object at its item URL; 404 and 410 count as done, since the object is gone either way. */
    public void delete(String id) {
        delete(id, null);
    }

    /** {@link #delete(String)} with {@code If-Match: etag}; throws {@link StaleWrite} like {@link #put}. */
    public void delete(String id, String etag) {
        delete(id, null, etag);
    }

    /** {@link #delete(String, String)} at the object's own item URL ({@code ownUrl}; null: the default). */
    public void delete(String id, String ownUrl, String etag) {
        open();
        URI uri = itemUri(id, ownUrl);
        stale(id, etag, tag -> {
            HttpRequester.Reply r = requester.send("DELETE", uri, null, OK_OR_GONE.or(REDIRECT), ifMatch(Map.of(), tag));
            if (REDIRECT.test(r.status())) {
                throw redirected("DELETE", uri, r, id);
            }
            LOG.debug("source '{}': DELETE {}: HTTP {}", settings.name(), r.uri(), r.status());
            return null;
        });
    }

    /** The reply of a write, read ({@link WriteReply}); a redirect fails, naming its target. */
    private WriteReply written(String method, URI uri, HttpRequester.Reply reply, String id) {
        LOG.debug("source '{}': {} {}: HTTP {}", settings.name(), method, reply.uri(), reply.status());
        if (REDIRECT.test(reply.status())) {
            throw redirected(method, uri, reply, id);
        }
        ObjectNode object = null;
        byte[] body = reply.body();
        if (body != null && body.length > 0) {
            try {
                JsonNode node = JsonBodies.read(settings.name(), method, reply.uri(), body);
                if (node.isObject()) {
                    object = jsonApi() ? JsonApiDocuments.primary(node) : unwrapped((ObjectNode) node);
                }
            } catch (SourceException notJson) {
                // The write succeeded; an answer like "OK" is not a reason to report it failed.
                LOG.debug("source '{}': the answer to {} {} is not a JSON object", settings.name(), method, reply.uri());
            }
        }
        String etag = etag(reply, object);
        if (object != null && settings.ids().text(object) == null && createdId(object) == null) {
            object = null; // {"status":"ok"} is not the object: without its id it is not taken for it
        }
        String location = reply.headers().firstValue("Location").map(l -> Uris.resolveHttp(reply.uri(), l.trim()))
                .map(URI::toString).orElse(null);
        return new WriteReply(reply.status(), object == null ? null : ProtocolAnnotations.dropped(object), etag, location);
    }

    /** A write answered with a redirect: not followed (the body would be lost or sent elsewhere); named, with the fix. */
    private SourceException redirected(String method, URI uri, HttpRequester.Reply reply, String id) {
        String location = reply.headers().firstValue("Location").orElse(null);
        URI target = location == null ? null : Uris.resolveHttp(reply.uri(), location.trim());
        String fix;
        if (target == null) {
            fix = "";
        } else if (id == null) {
            fix = "; set createUrl: " + target;
        } else {
            String t = target.toString();
            String encoded = java.net.URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
            int at = t.lastIndexOf(encoded);
            fix = at < 0 ? "; set itemUrl to that URL's form with {id} for the id"
                    : "; set itemUrl: " + t.substring(0, at) + "{id}" + t.substring(at + encoded.length());
        }
        return new SourceException(settings.name(), method, uri, reply.status(), false, "HTTP " + reply.status()
                + ": the source redirects the write to " + (target == null ? "no usable Location" : target.toString())
                + "; a write is not followed to another URL" + fix, null);
    }

    /** The sent object with the id from a POST's {@code Location} (when the answer had no body). */
    private ObjectNode withLocationId(String location, ObjectNode sent) {
        IdPath ids = settings.ids();
        if (location == null || ids.composite() || ids.text(sent) != null) {
            return sent;
        }
        String id;
        if (settings.idIsUrl()) {
            id = location;
        } else {
            String path = URI.create(location).getRawPath();
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
