package io.gatewaysync.source;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.source.paging.Pagination;
import io.gatewaysync.testsupport.TestJson;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** OData control information is neither stored nor hashed, at any depth; the etag goes to the object's ETag. */
class ProtocolAnnotationsTest {

    @Test
    void annotationsAreDroppedAtEveryDepthAndDataIsKept() {
        ObjectNode entity = (ObjectNode) TestJson.parse("{\"@odata.context\":\"$metadata#Books/$entity\","
                + "\"@odata.etag\":\"W/\\\"1\\\"\",\"@odata.id\":\"Books(1)\",\"@odata.editLink\":\"Books(1)\","
                + "\"ID\":1,\"Title\":\"Dune\",\"Title@odata.type\":\"#String\",\"odata\":\"a field\","
                + "\"Author\":{\"@odata.id\":\"Authors(7)\",\"Name\":\"Herbert\"},"
                + "\"Tags\":[{\"@odata.type\":\"#Tag\",\"t\":\"sf\"}]}");
        ObjectNode dropped = ProtocolAnnotations.dropped(entity);
        assertEquals(TestJson.parse("{\"ID\":1,\"Title\":\"Dune\",\"odata\":\"a field\",\"Author\":{\"Name\":\"Herbert\"},"
                + "\"Tags\":[{\"t\":\"sf\"}]}"), dropped);
        assertEquals("W/\"1\"", ProtocolAnnotations.etag(entity));
        ObjectNode plain = TestJson.obj("id", "1", "name", "x");
        assertSame(plain, ProtocolAnnotations.dropped(plain), "no copy without annotations");
        assertNull(ProtocolAnnotations.etag(plain));
        assertEquals(TestJson.obj("ID", 2), ProtocolAnnotations.dropped(
                (ObjectNode) TestJson.parse("{\"odata.metadata\":\"m\",\"odata.etag\":\"e\",\"ID\":2}")), "OData v3");
    }

    /** A listed entity and the same entity read on its own hash alike: the item read's context changes nothing. */
    @Test
    void aListedObjectAndItsItemReadHashAlike() {
        SourceSettings settings = SourceSettings.of("books", "http://h.test/odata/Books").withPagination(Pagination.AUTO);
        PageParser parser = new PageParser(settings);
        ParsedPage page = parser.parse(URI.create("http://h.test/odata/Books"), ("{\"@odata.context\":\"$metadata#Books\","
                + "\"value\":[{\"@odata.etag\":\"W/\\\"3\\\"\",\"id\":\"1\",\"Title\":\"Dune\"}]}")
                .getBytes(StandardCharsets.UTF_8), null, 1);
        SourceObject listed = page.objects().get(0);
        assertEquals("W/\"3\"", listed.etag());
        assertEquals(TestJson.obj("id", "1", "Title", "Dune"), listed.data());
        SourceObject read = parser.object("1", (ObjectNode) TestJson.parse("{\"@odata.context\":\"$metadata#Books/$entity\","
                + "\"id\":\"1\",\"Title\":\"Dune\"}"));
        assertEquals(listed.hash(), read.hash());
        assertEquals("'1'", parser.odata().keyLiteral("1"), "the listed id was a JSON string: quoted in item URLs");
    }

    @Test
    void etagPathNamesAListedObjectsEtag() {
        WriteStyle style = new WriteStyle(null, null, null, null, null, null, null, "meta.version", null);
        ObjectNode listed = (ObjectNode) TestJson.parse("{\"id\":1,\"meta\":{\"version\":\"17\"}}");
        assertEquals("17", ProtocolAnnotations.etag(listed, style));
    }

    @Test
    void odataKeyLiterals() {
        ODataDialect strings = new ODataDialect(true);
        ODataDialect numbers = new ODataDialect(false);
        assertEquals("'it''s'", strings.keyLiteral("it's"));
        assertEquals("'42'", strings.keyLiteral("42"));
        assertEquals("42", numbers.keyLiteral("42"));
        assertEquals("0f8fad5b-d9cb-469f-a165-70867728950e", strings.keyLiteral("0f8fad5b-d9cb-469f-a165-70867728950e"));
        assertEquals(URI.create("http://h.test/odata/Books('a%20b')"),
                strings.itemUri(URI.create("http://h.test/odata/Books/"), "a b"));
    }
}
