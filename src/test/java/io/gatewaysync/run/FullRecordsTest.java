package io.gatewaysync.run;

import io.gatewaysync.gateway.GatewayState;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.source.SourceObject;
import io.gatewaysync.sync.Direction;
import io.gatewaysync.sync.OnSourceDelete;
import io.gatewaysync.sync.SourceOfTruth;
import io.gatewaysync.sync.SyncPolicy;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.gatewaysync.testsupport.TestJson.obj;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which listed objects may stay with the page look-up's partial record: only those the decision finds
 * unchanged and that have no open intent. Everything else is read whole before it is decided.
 */
class FullRecordsTest {

    static final SyncPolicy TWO_WAY = new SyncPolicy(Direction.TWO_WAY, SourceOfTruth.SOURCE, OnSourceDelete.DELETE);
    static final Instant LATER = Instant.now().plusSeconds(3600);

    private static Candidate listed(String sourceHash, SyncRecord partial, String gatewayHash) {
        Candidate c = Candidate.fromSource(new SourceObject("s1", obj("id", "s1"), sourceHash, null));
        c.partialRecord(partial);
        if (gatewayHash != null) {
            c.gateway(new GatewayState("g1", gatewayHash, null, null));
        }
        return c;
    }

    private static SyncRecord partial(boolean blocked, String pendingAction) {
        return SyncRecord.partial(7, "src", "s1", "g1", "h-s", "h-g", blocked, blocked ? LATER : null, pendingAction);
    }

    private static boolean unchanged(Candidate c, boolean remap) {
        return FullRecords.unchanged(c, PageKind.LISTING, remap, TWO_WAY);
    }

    @Test
    void anUnchangedObjectKeepsItsPartialRecord() {
        assertTrue(unchanged(listed("h-s", partial(false, null), "h-g"), false));
    }

    @Test
    void aBlockedUnchangedObjectKeepsItsPartialRecordToo() {
        // The decision step skips it while blocked and marks it seen: by id only.
        assertTrue(unchanged(listed("h-s", partial(true, null), "h-g"), false));
    }

    @Test
    void anyChangeNeedsTheWholeRecord() {
        assertFalse(unchanged(listed("h-s2", partial(false, null), "h-g"), false), "source changed");
        assertFalse(unchanged(listed("h-s", partial(false, null), "h-g2"), false), "gateway changed");
        assertFalse(unchanged(listed("h-s", partial(false, null), null), false), "gateway object gone");
        assertFalse(unchanged(listed("h-s2", partial(true, null), "h-g"), false), "blocked, but changed");
        assertFalse(unchanged(listed("h-s", partial(false, null), "h-g"), true), "mappings changed: remapped");
    }

    @Test
    void anOpenIntentNeedsTheWholeRecord() {
        assertFalse(unchanged(listed("h-s", partial(false, "CREATE_IN_GATEWAY"), "h-g"), false));
    }
}
