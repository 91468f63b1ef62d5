package io.gatewaysync.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Node API server as a child process on 127.0.0.1 serving {@code /things} (json-server,
 * FeathersJS): started from a db.json of the test's, awaited until it answers, stopped by its process
 * handle. Tests talk to it over HTTP, as the engine does.
 */
public class NodeApp implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final URI base;

    NodeApp(Path dir, String name, List<ObjectNode> things, String... command) {
        try {
            ObjectNode db = TestJson.MAPPER.createObjectNode();
            ArrayNode list = db.putArray("things");
            things.forEach(list::add);
            Files.createDirectories(dir);
            Path file = dir.resolve("db.json");
            Files.writeString(file, db.toString());
            int port = freePort();
            List<String> line = new ArrayList<>();
            for (String part : command) {
                line.add(part.replace("{port}", Integer.toString(port)).replace("{db}", file.toString()));
            }
            Path log = dir.resolve(name + ".log");
            process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            base = URI.create("http://127.0.0.1:" + port);
            awaitUp(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:port/things}. */
    public String url() {
        return base + "/things";
    }

    /** One object, or null. */
    public ObjectNode get(Object id) {
        HttpResponse<String> r = send("GET", "/things/" + id, null);
        return r.statusCode() == 200 ? (ObjectNode) TestJson.parse(r.body()) : null;
    }

    /** An edit made at the source, through the server's own API (a PATCH of plain JSON). */
    public void edit(Object id, String field, String value) {
        HttpResponse<String> r = send("PATCH", "/things/" + id, TestJson.obj(field, value));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("PATCH /things/" + id + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }

    HttpResponse<String> send(String method, String path, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitUp(Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(log.getFileName() + ": the server exited: " + Files.readString(log));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url())).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException(log.getFileName() + ": no answer within 30 s: " + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
