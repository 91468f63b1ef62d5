package io.gatewaysync.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * json-server 0.17.4 (npm), a real Node API framework no one here wrote: {@code /things} from a db.json.
 * It generates numeric ids on POST (201 with the object and a {@code Location}), answers PUT with the
 * stored object, sets weak {@code ETag}s (and checks no {@code If-Match}), pages by {@code _page} /
 * {@code _limit} with a {@code Link} header, and — as Express's JSON body parser does — ignores a body
 * sent as {@code application/merge-patch+json}: a PATCH is answered 200 with the old object.
 * Installed once with the other real servers ({@link RealServerInstall#node()}, src/test/servers/node).
 */
public final class JsonServer extends NodeApp {

    public static final String VERSION = "0.17.4";

    private JsonServer(Path dir, List<ObjectNode> things, String bin) {
        super(dir, "json-server", things, "node", bin, "--port", "{port}", "--host", "127.0.0.1", "--quiet", "{db}");
    }

    public static JsonServer start(Path dir, List<ObjectNode> things) {
        return new JsonServer(dir, things, RealServerInstall.node().resolve("node_modules/json-server/lib/cli/bin.js").toString());
    }

    /** Every object as json-server holds it now. */
    public List<ObjectNode> all() {
        JsonNode list = TestJson.parse(send("GET", "/things", null).body());
        return StreamSupport.stream(list.spliterator(), false).map(n -> (ObjectNode) n).toList();
    }
}
