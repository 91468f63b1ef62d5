package io.gatewaysync.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gatewaysync.testsupport.TestJson;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DotPathTest {

    private final JsonNode doc = TestJson.parse("""
            {"id": 7, "name": "Rex", "ok": true, "none": null, "price": 1.5,
             "meta": {"ref": {"code": "A-1"}, "tags": ["x", "y"]},
             "_links": {"next": {"href": "/p?page=2"}},
             "hydra:view": {"hydra:next": "/p?page=3"},
             "items": [{"id": "first"}, {"id": "second"}]}
            """);

    @Test
    void readsNestedFields() {
        assertEquals("A-1", DotPath.of("meta.ref.code").text(doc));
        assertEquals("/p?page=2", DotPath.of("_links.next.href").text(doc));
        assertEquals("/p?page=3", DotPath.of("hydra:view.hydra:next").text(doc));
    }

    @Test
    void scalarsAsText() {
        assertEquals("7", DotPath.of("id").text(doc));
        assertEquals("true", DotPath.of("ok").text(doc));
        assertEquals("1.5", DotPath.of("price").text(doc));
    }

    @Test
    void indexesArrays() {
        assertEquals("second", DotPath.of("items.1.id").text(doc));
        assertEquals("y", DotPath.of("meta.tags.1").text(doc));
        assertTrue(DotPath.of("items.5.id").get(doc).isMissingNode());
    }

    @Test
    void absentNullAndContainersAreNoText() {
        assertNull(DotPath.of("missing").text(doc));
        assertNull(DotPath.of("missing.deeper.still").text(doc));
        assertNull(DotPath.of("none").text(doc));
        assertNull(DotPath.of("meta").text(doc));
        assertNull(DotPath.of("name.length").text(doc), "a step into a scalar is absent");
        assertTrue(DotPath.of("missing").get(doc).isMissingNode());
        assertTrue(DotPath.of("none").get(doc).isNull());
        assertTrue(DotPath.of("meta").get(doc).isObject());
    }

    @Test
    void worksOnAnyRoot() {
        assertTrue(DotPath.of("a").get(TestJson.parse("[1,2]")).isMissingNode());
        assertEquals("2", DotPath.of("1").text(TestJson.parse("[1,2]")));
        assertTrue(DotPath.of("a").get(null).isMissingNode());
    }

    @Test
    void rejectsEmptyPaths() {
        assertThrows(IllegalArgumentException.class, () -> DotPath.of(null));
        assertThrows(IllegalArgumentException.class, () -> DotPath.of(" "));
        assertThrows(IllegalArgumentException.class, () -> DotPath.of("a..b"));
        assertThrows(IllegalArgumentException.class, () -> DotPath.of("a."));
    }

    @Test
    void putCreatesIntermediateObjects() {
        ObjectNode o = TestJson.obj("name", "x");
        assertTrue(DotPath.of("meta.id").put(o, TextNode.valueOf("9")));
        assertEquals("9", DotPath.of("meta.id").text(o));
        assertFalse(DotPath.of("name.id").put(o, TextNode.valueOf("9")), "cannot step into a scalar");
    }

    @Test
    void equalityByPath() {
        assertEquals(DotPath.of("a.b"), DotPath.of(" a.b "));
        assertEquals("a.b", DotPath.of("a.b").toString());
    }
}
