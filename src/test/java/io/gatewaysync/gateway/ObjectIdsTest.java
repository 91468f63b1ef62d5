package io.gatewaysync.gateway;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObjectIdsTest {

    @Test
    void idsAreVersion7UuidsInCreationOrderAndUnique() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) { // more than 4,096 per millisecond: the counter overflows
            ids.add(ObjectIds.next());
        }
        Set<String> unique = new HashSet<>(ids);
        assertEquals(ids.size(), unique.size());
        for (int i = 0; i < ids.size(); i++) {
            UUID uuid = UUID.fromString(ids.get(i));
            assertEquals(7, uuid.version());
            assertEquals(2, uuid.variant());
            assertTrue(Names.validId(ids.get(i)));
            if (i > 0) {
                // Text order is creation order, so a B-tree on the id appends.
                assertTrue(ids.get(i - 1).compareTo(ids.get(i)) < 0, ids.get(i - 1) + " !< " + ids.get(i));
            }
        }
        long millis = UUID.fromString(ids.get(0)).getMostSignificantBits() >>> 16;
        assertTrue(Math.abs(System.currentTimeMillis() - millis) < 60_000, "the timestamp is the creation time");
    }
}
