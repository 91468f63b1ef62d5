package io.gatewaysync.record;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** An ETag or item URL longer than its column (V13, V16) is not kept: it would fail the whole page's commit. */
class SyncRecordLimitsTest {

    @Test
    void valuesLongerThanTheirColumnsAreNotKept() {
        SyncRecord r = SyncRecord.fresh("s", "1", "s", Instant.EPOCH);
        String url = "http://h.test/" + "a".repeat(1986);
        assertEquals(url, r.withSourceUrl(url).sourceUrl());
        assertNull(r.withSourceUrl(url + "b").sourceUrl());
        assertEquals("x".repeat(1000), r.withGatewayEtag("x".repeat(1000)).gatewayEtag());
        assertNull(r.withGatewayEtag("x".repeat(1001)).gatewayEtag());
        assertNull(r.withEtag("x".repeat(1001)).sourceEtag());
        assertEquals("\"1\"", r.withEtag("\"1\"").withGatewayEtag("\"g\"").withSourceUrl(url).sourceEtag(), "each kept by the others");
    }
}
