package io.gatewaysync.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.gateway.StoredObject;
import io.gatewaysync.run.RunResult;
import io.gatewaysync.sync.RunStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two-way (issue 28) against a {@link RealServer}: the source's objects read straight from its listing,
 * by the test's own HTTP client, must equal the gateway copies field by field after every write, and the
 * next run must be quiet. The listing is read as the server serves it; only the protocol annotations the
 * engine documents as dropped are left out of the comparison (by the caller's {@code objectsAt}).
 */
public final class RealServerWrites implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final String source;
    /** The engine's folder when this owns the engine, else null. */
    private final Path dir;
    private final EngineHarness engine;

    public RealServerWrites(String source, String url, String... parameters) {
        this.source = source;
        try {
            dir = Files.createTempDirectory("writes-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> p = new ArrayList<>(List.of("direction", "two-way"));
        p.addAll(List.of(parameters));
        engine = new EngineHarness(dir).route(source, url, p.toArray(String[]::new)).start();
    }

    /** The checks for an engine the test made and closes itself (its route and servers of its own). */
    public RealServerWrites(String source, EngineHarness engine) {
        this.source = source;
        this.dir = null;
        this.engine = engine;
    }

    public EngineHarness engine() {
        return engine;
    }

    /** A run that ends OK. */
    public RunResult sync() {
        RunResult run = engine.sync(source);
        assertEquals(RunStatus.OK, run.status(), run.line() + " " + run.error());
        assertEquals(0, run.failed(), () -> run.line() + " " + run.error() + " " + engine.records(source).stream()
                .filter(r -> r.lastError() != null).map(r -> r.sourceId() + ": " + r.lastError()).toList());
        return run;
    }

    /** The next run changes nothing on either side. */
    public void assertQuiet() {
        RunResult quiet = sync();
        assertEquals(0, quiet.pushed() + quiet.updated() + quiet.created() + quiet.deleted() + quiet.conflicts(),
                quiet.line());
    }

    /** Edits {@code field} of the gateway copy of source object {@code id} through the gateway's API. */
    public void editInGateway(String id, String field, String value) {
        StoredObject o = engine.gatewayObjectFor(source, id);
        assertNotNull(o, "gateway copy of " + id);
        ObjectNode changed = o.data().deepCopy();
        if (field.contains(".")) {
            ((ObjectNode) changed.at("/" + field.substring(0, field.indexOf('.')))).put(field.substring(field.indexOf('.') + 1), value);
        } else {
            changed.put(field, value);
        }
        assertEquals(200, engine.http("PUT", "/api/" + source + "/" + o.id(), changed).statusCode());
    }

    /**
     * Deletes the gateway copy of source object {@code id}; the next run must delete it at the source
     * (one push) and the source must no longer list it.
     */
    public void deleteInGatewayAndSync(String id, java.util.function.Supplier<List<ObjectNode>> atSource, String idPointer) {
        StoredObject o = engine.gatewayObjectFor(source, id);
        assertNotNull(o, "gateway copy of " + id);
        assertEquals(204, engine.http("DELETE", "/api/" + source + "/" + o.id(), null).statusCode());
        RunResult run = sync();
        assertEquals(1, run.pushed(), run.line());
        List<ObjectNode> now = atSource.get();
        assertTrue(now.stream().noneMatch(x -> x.at(idPointer).asText().equals(id)), id + " still listed: " + now);
        assertBothSidesEqual(now, idPointer);
        assertQuiet();
    }

    public void createInGateway(ObjectNode object) {
        assertEquals(201, engine.http("POST", "/api/" + source, object).statusCode());
    }

    /**
     * Every object the source lists ({@code objects}, by {@code idPath}) equals its gateway copy, field by
     * field, and the gateway holds no other.
     */
    public void assertBothSidesEqual(List<ObjectNode> objects, String idPointer) {
        for (ObjectNode held : objects) {
            String id = held.at(idPointer).asText();
            StoredObject copy = engine.gatewayObjectFor(source, id);
            assertNotNull(copy, "gateway copy of " + held);
            assertEquals(held, copy.data(), "source object " + id);
        }
        assertEquals(objects.size(), engine.gatewayObjects(source).size());
    }

    /** The objects of a listing's answer at {@code pointer} (e.g. {@code /data}). */
    public List<ObjectNode> listed(String url, String pointer) {
        JsonNode page = get(url);
        JsonNode array = page.at(pointer);
        assertTrue(array.isArray(), url + " " + page);
        List<ObjectNode> out = new ArrayList<>();
        array.forEach(o -> out.add((ObjectNode) o));
        return out;
    }

    public JsonNode get(String url) {
        HttpResponse<String> r = send("GET", url, null, null);
        assertEquals(200, r.statusCode(), url + " " + r.body());
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HttpResponse<String> send(String method, String url, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (dir == null) {
            return; // the test's own engine
        }
        engine.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort, as LiesTest: a file H2 still holds is left to the OS
        }
    }
}
