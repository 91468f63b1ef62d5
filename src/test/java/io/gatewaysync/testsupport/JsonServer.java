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
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * json-server 0.17.4 (npm), a real Node API framework no one here wrote, as a child process on loopback:
 * {@code /things} from a db.json in a folder of the test's. It generates numeric ids on POST (201 with
 * the object and a {@code Location}), answers PUT with the stored object, sets weak {@code ETag}s (and
 * checks no {@code If-Match}), and — as Express's body parser does — ignores a body sent as
 * {@code application/merge-patch+json}: a PATCH is answered 200 with the old object.
 *
 * <p>Installed once with npm into {@code ~/.cache/gateway-sync/write-servers/json-server-0.17.4}
 * (a file lock keeps parallel test JVMs from installing twice); node and npm come with the machine.
 */
public final class JsonServer implements AutoCloseable {

    public static final String VERSION = "0.17.4";
    private static final Path HOME = Path.of(System.getProperty("user.home"), ".cache", "gateway-sync",
            "write-servers", "json-server-" + VERSION);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final URI base;

    private JsonServer(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    /** Starts json-server on {@code things}, written to {@code dir/db.json}. */
    public static JsonServer start(Path dir, List<ObjectNode> things) {
        Path bin = install();
        try {
            ObjectNode db = TestJson.MAPPER.createObjectNode();
            ArrayNode list = db.putArray("things");
            things.forEach(list::add);
            Files.createDirectories(dir);
            Path file = dir.resolve("db.json");
            Files.writeString(file, db.toString());
            int port = freePort();
            Process p = new ProcessBuilder("node", bin.toString(), "--port", Integer.toString(port), "--host",
                    "127.0.0.1", "--quiet", file.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("json-server.log").toFile()).start();
            JsonServer server = new JsonServer(p, URI.create("http://127.0.0.1:" + port));
            server.awaitUp(dir);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:port/things}. */
    public String url() {
        return base + "/things";
    }

    /** Every object as json-server holds it now. */
    public List<ObjectNode> all() {
        JsonNode list = TestJson.parse(send("GET", "/things", null).body());
        return java.util.stream.StreamSupport.stream(list.spliterator(), false).map(n -> (ObjectNode) n).toList();
    }

    /** One object, or null. */
    public ObjectNode get(Object id) {
        HttpResponse<String> r = send("GET", "/things/" + id, null);
        return r.statusCode() == 200 ? (ObjectNode) TestJson.parse(r.body()) : null;
    }

    /** An edit made at the source, through json-server's own API (a PATCH of plain JSON, which it takes). */
    public void edit(Object id, String field, String value) {
        HttpResponse<String> r = send("PATCH", "/things/" + id, TestJson.obj(field, value));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("json-server PATCH: HTTP " + r.statusCode() + " " + r.body());
        }
    }

    private HttpResponse<String> send(String method, String path, JsonNode body) {
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

    private void awaitUp(Path dir) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("json-server exited: " + Files.readString(dir.resolve("json-server.log")));
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
            pause();
        }
        close();
        throw new IllegalStateException("json-server did not answer within 30 s: " + Files.readString(dir.resolve("json-server.log")));
    }

    /** json-server's CLI script, installed with npm on first use. */
    static synchronized Path install() {
        Path bin = HOME.resolve("node_modules/json-server/lib/cli/bin.js");
        try {
            Files.createDirectories(HOME);
            try (FileChannel lockFile = FileChannel.open(HOME.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
                if (Files.exists(bin)) {
                    return bin;
                }
                Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefix", HOME.toString(),
                        "json-server@" + VERSION).redirectErrorStream(true)
                        .redirectOutput(HOME.resolve("install.log").toFile()).start();
                if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0 || !Files.exists(bin)) {
                    npm.destroyForcibly();
                    throw new IllegalStateException("npm install json-server@" + VERSION + " failed: "
                            + Files.readString(HOME.resolve("install.log")));
                }
                return bin;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("installing json-server into " + HOME, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
