package io.gatewaysync.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.gateway.EmbeddedGatewayStore;
import io.gatewaysync.gateway.StoredObject;
import io.gatewaysync.engine.Engine;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.record.SyncRecordStore;
import io.gatewaysync.run.RunResult;
import io.gatewaysync.run.SyncTrigger;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real engine for integration tests: Camel Main with the shipped route template and gateway API,
 * route files written to a temporary routes/ folder, a real database (an H2 file in the temporary
 * folder unless a JDBC URL is given), a free port. Runs are started through the source's Quartz job
 * exactly as {@code --once} does.
 */
public final class EngineHarness implements AutoCloseable {

    private final Path dir;
    private final String dbUrl;
    private int port;
    private final Map<String, String> extra = new LinkedHashMap<>();
    private Main main;

    public EngineHarness(Path dir) {
        this(dir, "jdbc:h2:file:" + dir.resolve("db/sync").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE");
    }

    public EngineHarness(Path dir, String dbUrl) {
        this.dir = dir;
        this.dbUrl = dbUrl;
        this.port = freePort();
        try {
            Files.createDirectories(dir.resolve("routes"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public EngineHarness property(String key, String value) {
        extra.put(key, value);
        return this;
    }

    /** Writes routes/{source}.yaml instantiating the gateway-sync template. */
    public EngineHarness route(String source, String url, String... moreParameters) {
        StringBuilder yaml = new StringBuilder("- templatedRoute:\n    routeTemplateRef: gateway-sync\n")
                .append("    routeId: gateway-sync-").append(source).append("\n    parameters:\n");
        List<String> parameters = new ArrayList<>(List.of("source", source, "url", url, "schedule", "0 0 0 1 1 ? 2099",
                "retryDelayMs", "10"));
        parameters.addAll(List.of(moreParameters));
        Map<String, String> merged = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i += 2) {
            merged.put(parameters.get(i), parameters.get(i + 1));
        }
        merged.forEach((k, v) -> yaml.append("      - name: ").append(k).append("\n        value: \"")
                .append(v.replace("\"", "\\\"")).append("\"\n"));
        return routeFile(source + ".yaml", yaml.toString());
    }

    public EngineHarness routeFile(String fileName, String content) {
        try {
            Files.writeString(dir.resolve("routes").resolve(fileName), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Map<String, String> overrides() {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("sync.db.url", dbUrl);
        overrides.put("gateway.port", Integer.toString(port));
        overrides.put("camel.main.routes-include-pattern", defaultRoutePattern()
                .replace("file:routes/*.yaml", "file:" + dir.resolve("routes").toAbsolutePath() + "/*.yaml"));
        overrides.put("demo.enabled", "false");
        overrides.put("sync.run-on-startup", "false");
        overrides.put("camel.main.jmx-enabled", "false");
        overrides.putAll(extra);
        return overrides;
    }

    public static final String LOCATIONS = "classpath:gateway-sync-defaults.properties";

    /** The shipped {@code camel.main.routes-include-pattern}: the engine's own routes as a user's engine reads them. */
    public static String defaultRoutePattern() {
        java.util.Properties defaults = new java.util.Properties();
        try (java.io.InputStream in = EngineHarness.class.getResourceAsStream("/gateway-sync-defaults.properties")) {
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return defaults.getProperty("camel.main.routes-include-pattern");
    }

    /** What one in-process run of the command line returned and printed. */
    public record CliRun(int code, String out, String err) {
    }

    /** Runs the command line in this JVM with these overrides, capturing stdout and stderr. */
    public static CliRun cli(Map<String, String> overrides, String... args) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream e = new java.io.ByteArrayOutputStream();
        int code;
        try (java.io.PrintStream po = new java.io.PrintStream(o, true, java.nio.charset.StandardCharsets.UTF_8);
             java.io.PrintStream pe = new java.io.PrintStream(e, true, java.nio.charset.StandardCharsets.UTF_8)) {
            code = new io.gatewaysync.cli.Cli(po, pe).run(args, LOCATIONS, overrides);
        }
        return new CliRun(code, o.toString(java.nio.charset.StandardCharsets.UTF_8),
                e.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    public EngineHarness start() {
        startMain(true);
        try {
            context().getRegistry().lookupByNameAndType("syncTrigger", SyncTrigger.class).pauseSchedules();
        } catch (Exception e) {
            throw new IllegalStateException("engine did not start: " + e.getMessage(), e);
        }
        return this;
    }

    /**
     * Starts the engine. The port was free when this harness picked it, but anything on the machine may
     * take an ephemeral port meanwhile (an outgoing connection, another test's server): then the engine
     * refuses to start, as it should, and the harness picks another port and tries again (not when the
     * test chose the port itself).
     */
    private void startMain(boolean once) {
        for (int attempt = 1; ; attempt++) {
            main = Engine.create(LOCATIONS, overrides(), once);
            try {
                main.start();
                return;
            } catch (Exception e) {
                boolean taken = String.valueOf(e.getMessage()).contains("is in use");
                if (!taken || attempt == 3 || extra.containsKey("gateway.port")) {
                    throw new IllegalStateException("engine did not start: " + e.getMessage(), e);
                }
                main = null;
                port = freePort();
            }
        }
    }

    /** Starts the engine as {@code java -jar} without {@code --once} does: schedules run (and may join a cluster). */
    public EngineHarness startContinuous() {
        startMain(false);
        return this;
    }

    public void stop() {
        if (main != null) {
            main.stop();
            main = null;
        }
    }

    public EngineHarness restart() {
        stop();
        return start();
    }

    @Override
    public void close() {
        stop();
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public <T> T bean(String name, Class<T> type) {
        return context().getRegistry().lookupByNameAndType(name, type);
    }

    /** One run of {@code source}, as --once would do it. */
    public RunResult sync(String source) {
        try {
            return bean("syncTrigger", SyncTrigger.class).trigger(source).get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("run of " + source + " did not finish: " + e, e);
        }
    }

    public String dbUrl() {
        return dbUrl;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public String apiUrl(String path) {
        return "http://localhost:" + port + path;
    }

    public List<StoredObject> gatewayObjects(String schema) {
        return bean("gatewayStore", EmbeddedGatewayStore.class).list(schema, 0, 1_000_000);
    }

    public StoredObject gatewayObjectFor(String source, String sourceId) {
        SyncRecord record = record(source, sourceId);
        if (record == null || record.gatewayId() == null) {
            return null;
        }
        return bean("gatewayStore", EmbeddedGatewayStore.class).get(record.gatewaySchema(), record.gatewayId()).orElse(null);
    }

    public SyncRecord record(String source, String sourceId) {
        return bean("syncRecords", SyncRecordStore.class).find(source, sourceId);
    }

    public List<SyncRecord> records(String source) {
        return bean("syncRecords", SyncRecordStore.class).search(source, "all", 0, 1_000_000);
    }

    /** Edits an object through the gateway API, as a user of the data layer would. */
    public HttpResponse<String> http(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl(path)))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString()));
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public ObjectNode ownFields(StoredObject o) {
        return o.data().deepCopy();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
