package io.gatewaysync.run;

import io.gatewaysync.testsupport.TestJson;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A write the answer shows not applied: a changed field that still has its old value, at any depth. */
class SourceWritesTest {

    @Test
    void aChangedFieldWithItsOldValueIsAWriteNotApplied() {
        var before = TestJson.obj("id", "1", "name", "old", "n", 1);
        var sent = TestJson.obj("id", "1", "name", "new", "n", 1);
        assertEquals("field 'name' still has its old value \"old\" (sent \"new\")",
                SourceWrites.unapplied(before, sent, TestJson.obj("id", "1", "name", "old", "n", 1), ""));
        assertNull(SourceWrites.unapplied(before, sent, TestJson.obj("id", "1", "name", "new", "n", 1), ""));
        assertNull(SourceWrites.unapplied(before, sent, TestJson.obj("id", "1", "name", "NEW", "n", 1), ""),
                "another value is the server's to decide");
        assertNull(SourceWrites.unapplied(before, sent, TestJson.obj("id", "1", "n", 1), ""),
                "a field left out is the server's to decide");
        assertNull(SourceWrites.unapplied(before, TestJson.obj("id", "1", "name", "old", "extra", 2),
                TestJson.obj("id", "1", "name", "old"), ""), "unchanged fields and new ones are not checked");
    }

    @Test
    void nestedAttributesAreChecked() {
        var before = TestJson.obj("type", "t", "id", "1", "attributes", TestJson.obj("a", 1, "b", 2));
        var sent = TestJson.obj("type", "t", "id", "1", "attributes", TestJson.obj("a", 1, "b", 3));
        assertEquals("field 'attributes.b' still has its old value 2 (sent 3)",
                SourceWrites.unapplied(before, sent, before, ""));
    }
}
