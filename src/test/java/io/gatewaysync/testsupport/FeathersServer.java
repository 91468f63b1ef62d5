package io.gatewaysync.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * A FeathersJS 5 service (npm: @feathersjs/feathers, koa, memory 5.0.x) with hooks that set
 * {@code createdAt} / {@code updatedAt} on every write, as Feathers apps do: a page/offset API
 * ({@code $skip}/{@code $limit}, {@code {"total","limit","skip","data"}}) whose server sets fields on write
 * and generates ids (from 100). The app is {@code src/test/servers/node/feathers-things.js}, installed with the
 * other real servers' packages ({@link RealServerInstall#node()}).
 */
public final class FeathersServer extends NodeApp {

    public static final String VERSION = "5.0.50";

    private FeathersServer(Path dir, List<ObjectNode> things, String script) {
        super(dir, "feathers", things, "node", script, "{port}", "{db}");
    }

    public static FeathersServer start(Path dir, List<ObjectNode> things) {
        // The app lies beside the real servers' node_modules (src/test/servers/node), so require() finds them.
        return new FeathersServer(dir, things, RealServerInstall.node().resolve("feathers-things.js").toString());
    }

    /** Every object as the service holds it now. */
    public List<ObjectNode> all() {
        JsonNode page = TestJson.parse(send("GET", "/things?$limit=50", null).body());
        return StreamSupport.stream(page.get("data").spliterator(), false).map(n -> (ObjectNode) n).toList();
    }
}
