package io.gatewaysync.testsupport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.testsupport.LyingProxy.Response;

import java.net.URI;

/**
 * JSON:API servers as others ship them, made from the real Fortune.js server by a proxy (shapes, not lies):
 * without any {@code links} (the spec says links MAY be given), and as Elide answers.
 */
public final class JsonApiVariants {

    private JsonApiVariants() {
    }

    /** The document without its {@code links} and its resources' {@code links}. */
    public static Response withoutLinks(Response r) {
        if (!r.body().startsWith("{")) {
            return r;
        }
        return r.editJson(document -> {
            document.remove("links");
            document.path("data").forEach(resource -> ((ObjectNode) resource).remove("links"));
        });
    }

    /** A proxy in front of Fortune at {@code origin} that answers without links. */
    public static LyingProxy withoutLinks(URI origin) {
        return LyingProxy.in(origin).variant(JsonApiVariants::withoutLinks);
    }

    /**
     * A proxy in front of Fortune at {@code origin} that answers as Elide does: paged by {@code page[number]}
     * and {@code page[size]} (25 by default), no links, the total in {@code meta.page.totalRecords}.
     */
    public static LyingProxy elide(URI origin) {
        return LyingProxy.in(origin).lie((request, upstream) -> {
            if (!request.path().equals("/things") || !request.method().equals("GET")) {
                return upstream.forward(request);
            }
            int number = request.param("page[number]") == null ? 1 : Integer.parseInt(request.param("page[number]"));
            int size = request.param("page[size]") == null ? 25 : Integer.parseInt(request.param("page[size]"));
            Response r = upstream.get(request, "/things?page%5Boffset%5D=" + (number - 1) * size + "&page%5Blimit%5D=" + size);
            return withoutLinks(r).editJson(d -> {
                long total = d.path("meta").path("count").asLong();
                d.putObject("meta").putObject("page").put("number", number).put("size", size)
                        .put("totalPages", (total + size - 1) / size).put("totalRecords", total);
            });
        });
    }
}
