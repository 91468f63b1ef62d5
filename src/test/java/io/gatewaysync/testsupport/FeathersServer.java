package io.gatewaysync.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * A FeathersJS 5 service (npm: @feathersjs/feathers, koa, memory 5.0.x) with hooks that set
 * {@code createdAt} / {@code updatedAt} on every write, as Feathers apps do: a page/offset API
 * ({@code $skip}/{@code $limit}, {@code {"total","limit","skip","data"}}) whose server sets fields on write
 * and generates ids (from 100). The app is {@code src/test/resources/write-servers/feathers-things.js}.
 */
public final class FeathersServer extends NodeApp {

    public static final String VERSION = "5.0.50";

    private FeathersServer(Path dir, List<ObjectNode> things, String script) {
        super(dir, "feathers", things, "node", script, "{port}", "{db}");
    }

    public static FeathersServer start(Path dir, List<ObjectNode> things) {
        Path home = NodeInstall.install("feathers-" + VERSION, "@feathersjs/feathers@" + VERSION,
                "@feathersjs/koa@" + VERSION, "@feathersjs/memory@" + VERSION);
        Path script = home.resolve("feathers-things.js"); // beside its node_modules, so require() finds them
        try (InputStream in = FeathersServer.class.getResourceAsStream("/write-servers/feathers-things.js")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FeathersServer(dir, things, script.toString());
    }

    /** Every object as the service holds it now. */
    public List<ObjectNode> all() {
        JsonNode page = TestJson.parse(send("GET", "/things?$limit=50", null).body());
        return StreamSupport.stream(page.get("data").spliterator(), false).map(n -> (ObjectNode) n).toList();
    }
}
