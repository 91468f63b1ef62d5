package io.gatewaysync.source;

import io.gatewaysync.source.paging.Pagination;
import io.gatewaysync.testsupport.TestJson;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which item URL a listed object shows for itself, and when it is followed. */
class ItemUrlsTest {

    static final URI PAGE = URI.create("http://h.test/api/search/things?page=2");
    static final SourceSettings SETTINGS = SourceSettings.of("things", "http://h.test/api/search/things");

    static String shown(String json) {
        return ItemUrls.shown(TestJson.parse(json), PAGE, SETTINGS);
    }

    @Test
    void eachShapesOwnLink() {
        assertEquals("http://h.test/api/things/1", shown("{\"id\":1,\"_links\":{\"self\":{\"href\":\"http://h.test/api/things/1\"}}}"), "HAL");
        assertEquals("http://h.test/api/things/1", shown("{\"id\":1,\"_links\":{\"self\":{\"href\":\"http://h.test/api/things/1{?projection}\",\"templated\":true}}}"),
                "a HAL template is no part of the URL");
        assertEquals("http://h.test/api/things/1", shown("{\"id\":\"1\",\"type\":\"things\",\"links\":{\"self\":\"/api/things/1\"}}"),
                "JSON:API, resolved against the page");
        assertEquals("http://h.test/api/things/1", shown("{\"id\":\"1\",\"links\":{\"self\":{\"href\":\"/api/things/1\"}}}"), "JSON:API link object");
        assertEquals("http://h.test/odata/Things(1)", shown("{\"@odata.id\":\"http://h.test/odata/Things(1)\",\"ID\":1}"));
        assertEquals("http://h.test/odata/Things(1)/edit", shown("{\"@odata.id\":\"Things(1)\",\"@odata.editLink\":\"http://h.test/odata/Things(1)/edit\",\"ID\":1}"),
                "OData's edit link is the one to write to");
        assertEquals("http://h.test/items/1/", shown("{\"id\":1,\"url\":\"http://h.test/items/1/\"}"), "an absolute url field (Django REST framework)");
    }

    @Test
    void noLinkNoFollow() {
        assertNull(shown("{\"id\":1,\"name\":\"x\"}"));
        assertNull(shown("{\"id\":1,\"url\":\"/items/1/\"}"), "a url field that is not an absolute URL is data");
        assertNull(shown("{\"id\":1,\"url\":\"ftp://h.test/items/1\"}"));
        assertNull(shown("{\"id\":1,\"_links\":{\"self\":{\"href\":\"http://elsewhere.test/things/1\"}}}"),
                "another origin: the credentials never go there");
        assertEquals("http://mirror.test/things/1", ItemUrls.shown(TestJson.parse(
                "{\"id\":1,\"_links\":{\"self\":{\"href\":\"http://mirror.test/things/1\"}}}"), PAGE,
                SETTINGS.withProof(new ListingProof(null, List.of("http://mirror.test")))), "an allowed origin");
        assertNull(ItemUrls.shown(TestJson.parse("{\"id\":1,\"url\":\"http://h.test/items/1/\"}"), PAGE,
                SETTINGS.withItemUrl("http://h.test/x/{id}")), "the route's itemUrl wins");
    }

    /** The listing keeps the link with the object (not in its data's hash); the client writes there, checked again. */
    @Test
    void theListingKeepsItAndTheClientWritesThere() {
        SourceSettings settings = SETTINGS.withPagination(Pagination.NONE).withResultsPath("_embedded.things");
        PageParser parser = new PageParser(settings);
        ParsedPage page = parser.parse(PAGE, ("{\"_embedded\":{\"things\":[{\"id\":\"t1\",\"_links\":{\"self\":"
                + "{\"href\":\"http://h.test/api/things/t1\"}}}]}}").getBytes(StandardCharsets.UTF_8), null, 1);
        SourceObject t1 = page.objects().get(0);
        assertEquals("http://h.test/api/things/t1", t1.itemUrl());
        try (SourceClient client = new SourceClient(settings)) {
            assertEquals(URI.create("http://h.test/api/search/things/t1"), client.itemUri("t1"), "the default");
            assertEquals(URI.create("http://h.test/api/things/t1"), client.itemUri("t1", t1.itemUrl()));
            SourceException e = assertThrows(SourceException.class, () -> client.itemUri("t1", "http://elsewhere.test/t1"));
            assertTrue(e.getMessage().contains("refusing to send the source's credentials"), e.getMessage());
        }
    }
}
