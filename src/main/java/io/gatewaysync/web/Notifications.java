package io.gatewaysync.web;

import io.gatewaysync.monitor.Operations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.run.ObjectSync;
import io.gatewaysync.run.RunResult;
import io.gatewaysync.run.RunTrigger;
import io.gatewaysync.run.SourceCatalog;
import io.gatewaysync.run.SyncSource;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.gatewaysync.web.JsonReplies.errorBody;
import static io.gatewaysync.web.JsonReplies.respond;

/**
 * {@code POST /api/_notify/{source}}: a source (or a ZGW Notificaties API subscription) says that one
 * of its objects changed. The body is {@code {"id": "<source object id>"}} or a ZGW notification
 * ({@code kanaal}, {@code hoofdObject}, {@code resource}, {@code resourceUrl}, {@code actie},
 * {@code aanmaakdatum}, {@code kenmerken}), whose object id is the last path segment of
 * {@code resourceUrl}. The answer is 202 at once; the object is then synced through the same path as
 * JMX {@code syncObject} (its item URL is read, so {@code actie: destroy} is confirmed by a 404/410
 * there, as always).
 *
 * <p>Queued per source, in memory: one worker per source syncs its objects one after the other. While
 * a run holds the source (here or on another engine), the queue waits and is synced after it; nothing
 * is dropped. An id notified again while it waits is synced once. A restart forgets the queue; the
 * next run of the source catches those objects up anyway.
 */
public class Notifications implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);
    private static final int MAX_ID_LENGTH = 255;
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final SourceCatalog catalog;
    private final Operations operations;
    private final Duration busyWait;
    private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    /** Set when the engine stops: no further object is taken from a queue. */
    private volatile boolean closed;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "gateway-sync-notify");
        t.setDaemon(true);
        return t;
    });

    /** @param busyWait how long a queue waits before it looks again whether the run holding its source is done */
    public Notifications(SourceCatalog catalog, Operations operations, Duration busyWait) {
        this.catalog = catalog;
        this.operations = operations;
        this.busyWait = busyWait;
    }

    private static final class Queue {
        final LinkedHashSet<String> pending = new LinkedHashSet<>();
        boolean working;
    }

    /** The route step: answers 202 with the queued id, 404 for an unknown source, 400 for any other body. */
    public void receive(Exchange exchange) {
        Message in = exchange.getMessage();
        String source = in.getHeader("source", String.class);
        if (closed) {
            respond(exchange, 503, errorBody(503, "the engine is stopping; notify again once it is back (its next run "
                    + "of the source catches the object up anyway)"));
            return;
        }
        if (source == null || !catalog.contains(source)) {
            respond(exchange, 404, errorBody(404, "unknown source '" + source + "'; configured: "
                    + String.join(", ", catalog.names())));
            return;
        }
        String id;
        try {
            id = objectId(in.getBody(byte[].class));
        } catch (IllegalArgumentException e) {
            respond(exchange, 400, errorBody(400, "source '" + source + "': " + e.getMessage()));
            return;
        }
        int waiting = enqueue(source, id);
        ObjectNode body = mapper.createObjectNode();
        body.put("status", 202);
        body.put("source", source);
        body.put("id", id);
        body.put("queued", waiting);
        respond(exchange, 202, body);
    }

    /** How many objects of the source wait to be synced (for tests and operators). */
    public int pending(String source) {
        Queue q = queues.get(source);
        if (q == null) {
            return 0;
        }
        synchronized (q) {
            return q.pending.size() + (q.working ? 1 : 0);
        }
    }

    /** The source object id of a notification body; IllegalArgumentException saying what is wrong. */
    String objectId(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("a JSON body is required: {\"id\": \"<source object id>\"} or a ZGW "
                    + "notification with resourceUrl");
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("the body of " + bytes.length + " bytes is over the limit of "
                    + MAX_BODY_BYTES);
        }
        JsonNode body;
        try {
            body = mapper.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        JsonNode id = body.get("id");
        if (id != null && (id.isTextual() || id.isIntegralNumber())) {
            return checked(id.asText(), "id");
        }
        JsonNode url = body.get("resourceUrl");
        if (url != null && url.isTextual() && body.hasNonNull("kanaal") && body.hasNonNull("actie")) {
            return checked(lastSegment(url.asText()), "resourceUrl");
        }
        throw new IllegalArgumentException("expected {\"id\": \"<source object id>\"} or a ZGW notification "
                + "(kanaal, hoofdObject, resource, resourceUrl, actie, aanmaakdatum, kenmerken)");
    }

    private static String lastSegment(String resourceUrl) {
        String path;
        try {
            path = URI.create(resourceUrl.trim()).getRawPath();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("resourceUrl '" + resourceUrl + "' is not a URL");
        }
        if (path == null) {
            throw new IllegalArgumentException("resourceUrl '" + resourceUrl + "' has no path");
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String segment = path.substring(path.lastIndexOf('/') + 1);
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String checked(String id, String field) {
        String trimmed = id == null ? "" : id.trim();
        if (trimmed.isEmpty() || trimmed.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(field + " gives no object id of 1-" + MAX_ID_LENGTH + " characters");
        }
        return trimmed;
    }

    private int enqueue(String source, String id) {
        Queue q = queues.computeIfAbsent(source, s -> new Queue());
        synchronized (q) {
            q.pending.add(id);
            if (!q.working) {
                start(source, q);
            }
            return q.pending.size();
        }
    }

    /** One source's worker: syncs the queued objects one by one, waiting while a run holds the source. */
    private void drain(String name, Queue q) {
        // The objects synced until the queue is empty (or a run comes between) are one history row.
        Batch batch = new Batch();
        try {
            while (true) {
                String id;
                synchronized (q) {
                    Iterator<String> first = q.pending.iterator();
                    if (closed || !first.hasNext()) {
                        q.working = false;
                        batch.record();
                        return;
                    }
                    id = first.next();
                    first.remove(); // a notification for it from now on is synced again afterwards
                }
                SyncSource source = catalog.contains(name) ? catalog.get(name) : null;
                if (source == null) {
                    LOG.warn("source '{}': no longer configured; notification for object {} dropped", name, id);
                    continue;
                }
                if (source.currentRun() != null) {
                    batch.record();
                    requeue(q, id);
                    Thread.sleep(busyWait.toMillis());
                    continue;
                }
                Operations.ObjectAnswer answer = operations.syncObject(source, id,
                        "a notification (POST /api/_notify/" + name + ")", RunTrigger.NOTIFICATION);
                batch.add(answer.result());
                if (answer.text() != null && answer.text().contains(ObjectSync.BUSY)) {
                    batch.record();
                    requeue(q, id); // a run (maybe on another engine) took the source first: after it
                    Thread.sleep(busyWait.toMillis());
                }
            }
        } catch (InterruptedException e) {
            batch.record();
            Thread.currentThread().interrupt();
            synchronized (q) {
                q.working = false;
            }
        } catch (RuntimeException e) {
            batch.record();
            LOG.error("source '{}': notification worker stopped: {}", name, e.getMessage(), e);
            synchronized (q) {
                q.working = false;
                if (!q.pending.isEmpty()) {
                    start(name, q);
                }
            }
        }
    }

    /** The results of one stretch of notification syncs, summed into one history row. */
    private final class Batch {
        private RunResult sum;

        void add(RunResult result) {
            if (result != null) {
                sum = sum == null ? result : sum.plus(result);
            }
        }

        void record() {
            if (sum != null) {
                operations.recordHistory(sum);
                sum = null;
            }
        }
    }

    /** Starts the source's worker; not once the engine stops (the queue then waits for the next run). Holds q. */
    private void start(String source, Queue q) {
        if (closed) {
            return;
        }
        q.working = true;
        try {
            workers.submit(() -> drain(source, q));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            q.working = false;
        }
    }

    private static void requeue(Queue q, String id) {
        synchronized (q) {
            LinkedHashSet<String> rest = new LinkedHashSet<>(q.pending);
            q.pending.clear();
            q.pending.add(id); // first again: it has waited longest
            q.pending.addAll(rest);
        }
    }

    /**
     * Stops the workers when the engine begins to stop: no further object is taken from a queue (what is
     * still queued is caught up by the next runs). A one-object sync under way is not interrupted (an
     * interrupt in the middle of a JDBC call can close an H2 database); the engine's stop waits for it
     * like for any exchange in flight.
     */
    @Override
    public void close() {
        closed = true;
        workers.shutdown();
    }
}
