package io.gatewaysync.source.paging;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewaysync.source.JsonBodies;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** auto's paging by the server's own parameters, where a listing gives no next link but a total. */
class PagingDialectsTest {

    private static final URI BASE = URI.create("http://h.test/things");

    private static JsonNode json(String s) {
        try {
            return JsonBodies.MAPPER.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void feathersSkipsByWhatItServed() {
        JsonNode page = json("{\"total\":25,\"limit\":10,\"skip\":10,\"data\":[" + "{\"id\":1},".repeat(9) + "{\"id\":1}]}");
        assertEquals("http://h.test/things?%24skip=20", PagingDialects.next(page, BASE, 10, 25L).toString());
        JsonNode last = json("{\"total\":25,\"limit\":10,\"skip\":20,\"data\":[{\"id\":1}]}");
        assertNull(PagingDialects.next(last, BASE, 5, 25L));
    }

    @Test
    void jsonApiWithoutLinksPagesByNumberUpToTotalPages() {
        JsonNode page = json("{\"data\":[{\"type\":\"t\",\"id\":\"1\"}],\"meta\":{\"page\":{\"number\":1,\"totalPages\":3,\"totalRecords\":60}}}");
        assertEquals("http://h.test/things?page%5Bnumber%5D=2", PagingDialects.next(page, BASE, 20, 60L).toString());
        URI third = URI.create("http://h.test/things?page%5Bnumber%5D=3");
        JsonNode last = json("{\"data\":[{\"type\":\"t\",\"id\":\"1\"}],\"meta\":{\"page\":{\"number\":3,\"totalPages\":3,\"totalRecords\":60}}}");
        assertNull(PagingDialects.next(last, third, 20, 60L));
    }

    @Test
    void jsonApiWithOffsetsKeepsToOffsets() {
        URI asked = URI.create("http://h.test/things?page%5Boffset%5D=0&page%5Blimit%5D=20");
        JsonNode page = json("{\"data\":[{\"type\":\"t\",\"id\":\"1\"}],\"meta\":{\"total\":50}}");
        assertEquals("http://h.test/things?page%5Blimit%5D=20&page%5Boffset%5D=20", PagingDialects.next(page, asked, 20, 50L).toString());
    }

    @Test
    void jsonApiThatSaysNothingOfItsPagingIsPagedByOffsets() {
        // Fortune.js: meta.count, no meta.page: page[offset] is what servers that know either understand.
        JsonNode page = json("{\"data\":[{\"type\":\"t\",\"id\":\"1\"}],\"meta\":{\"count\":50}}");
        assertEquals("http://h.test/things?page%5Boffset%5D=20", PagingDialects.next(page, BASE, 20, 50L).toString());
    }

    @Test
    void jsonApiWithPagingLinksEndsWhereItsLinksEnd() {
        JsonNode last = json("{\"data\":[{\"type\":\"t\",\"id\":\"1\"}],\"links\":{\"self\":\"x\",\"prev\":\"y\"},\"meta\":{\"total\":50}}");
        assertNull(PagingDialects.next(last, BASE, 1, 50L));
    }

    @Test
    void odataWithACountButNoNextLinkSkips() {
        JsonNode page = json("{\"@odata.context\":\"$metadata#Books\",\"@odata.count\":30,\"value\":[{\"ID\":1}]}");
        assertEquals("http://h.test/things?%24skip=10", PagingDialects.next(page, BASE, 10, 30L).toString());
        URI serverPaged = URI.create("http://h.test/things?$skiptoken=abc");
        assertNull(PagingDialects.next(page, serverPaged, 10, 30L), "a server-driven page ends where its links end");
    }

    @Test
    void withoutATotalNothingIsGuessed() {
        JsonNode page = json("{\"data\":[{\"type\":\"t\",\"id\":\"1\"}]}");
        assertNull(PagingDialects.next(page, BASE, 1, null));
        assertNull(PagingDialects.next(json("{\"results\":[{\"id\":1}],\"count\":9}"), BASE, 1, 9L), "not a dialect");
    }
}
