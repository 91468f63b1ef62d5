package io.gatewaysync.testsupport;

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

/**
 * A third-party API framework running as a child process on a free loopback port, serving
 * {@code /things} with objects {@code 1..n} named {@code "thing i"} (installed by {@link RealServerInstall}):
 * <ul>
 *   <li>{@link Kind#JSON_SERVER}: json-server 0.17.4: a root array, {@code _page}/{@code _limit} with a Link
 *       header and {@code X-Total-Count}; ids 1..n;</li>
 *   <li>{@link Kind#FEATHERS}: FeathersJS 5 (Koa, memory adapter, paginate default 10, max 50):
 *       {@code {"total","limit","skip","data"}}, {@code $skip}/{@code $limit}; unknown query parameters are
 *       filters; ids 1..n;</li>
 *   <li>{@link Kind#FORTUNE}: Fortune.js's JSON:API serializer: {@code page[offset]}/{@code page[limit]},
 *       at most 25 a page, {@code meta.count}, relative links; ids t1..tn;</li>
 *   <li>{@link Kind#ODATA}: simple-odata-server 1.2.2 (OData v4): {@code value}, {@code $top}/{@code $skip},
 *       {@code @odata.count} with {@code $count=true}, no server-driven paging (no {@code @odata.nextLink});
 *       ids "1".."n" in {@code _id}, item URLs {@code /things('id')}; PATCH (no PUT) and POST are applied,
 *       a POST's object getting the next id;</li>
 *   <li>{@link Kind#SPRING_DATA_REST}: Spring Data REST (Spring Boot 3.5.7) over JPA/H2: HAL
 *       {@code _embedded.things}, {@code _links.next}, {@code page.totalElements}, {@code ?page=&size=}
 *       from 0, 20 a page; ids t1..tn (exposed); the same n objects at {@code /versioned}, an entity with a
 *       JPA {@code @Version} (ETags, 412 on a stale {@code If-Match}).</li>
 * </ul>
 * Each serves writes in its own way too (POST / PUT / DELETE), so tests change data through the real API.
 */
public final class RealServer implements AutoCloseable {

    public enum Kind { JSON_SERVER, FEATHERS, FORTUNE, ODATA, SPRING_DATA_REST }

    private final Kind kind;
    private final int port;
    private final Process process;
    private final Path log;

    private RealServer(Kind kind, int port, Process process, Path log) {
        this.kind = kind;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    private static final java.util.Map<String, RealServer> SHARED = new java.util.HashMap<>();

    /**
     * The one server of {@code kind} with {@code n} objects in this JVM, started on first use and stopped
     * when the JVM ends: test classes share it (Spring Data REST takes 20-40 s to start on a busy machine).
     * A test that changes its data puts it back. Not to be closed by the caller.
     */
    public static synchronized RealServer shared(Kind kind, int n) {
        RealServer server = SHARED.get(kind + "/" + n);
        if (server == null || !server.process.isAlive()) {
            server = start(kind, n);
            SHARED.put(kind + "/" + n, server);
        }
        return server;
    }

    /** Starts a server of {@code kind} with {@code n} objects and waits until it lists them. */
    public static RealServer start(Kind kind, int n) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        Path dir;
        if (kind == Kind.SPRING_DATA_REST) {
            Path jar = RealServerInstall.springDataRest();
            dir = jar.getParent();
            command.addAll(List.of(javaBin(), "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx256m", "-jar", jar.toString(),
                    "--server.address=127.0.0.1", "--server.port=" + port, "--things=" + n));
        } else {
            dir = RealServerInstall.node();
            String script = switch (kind) {
                case JSON_SERVER -> "json-server.js";
                case FEATHERS -> "feathers.js";
                case ODATA -> "odata.js";
                default -> "fortune.js";
            };
            command.addAll(List.of("node", script, Integer.toString(port), Integer.toString(n)));
        }
        try {
            Path log = Files.createTempFile("real-server-" + kind.name().toLowerCase() + "-", ".log");
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            RealServer server = new RealServer(kind, port, p, log);
            // a JVM that ends without closing it (a test run cut short) leaves no server behind
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "stop-" + kind));
            server.awaitListing(kind == Kind.SPRING_DATA_REST ? 180 : 60);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + kind + " (" + String.join(" ", command) + "): "
                    + e.getMessage(), e);
        }
    }

    private void awaitListing(int seconds) {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(kind + " exited " + process.exitValue() + ": " + logText());
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url())).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException(kind + " did not list /things within " + seconds + " s: " + logText());
    }

    private String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public Kind kind() {
        return kind;
    }

    /** {@code http://127.0.0.1:port} */
    public URI origin() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The listing URL, {@code http://127.0.0.1:port/things}. */
    public String url() {
        return origin() + "/things";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
