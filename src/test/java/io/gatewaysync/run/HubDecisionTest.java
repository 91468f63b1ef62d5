package io.gatewaysync.run;

import io.gatewaysync.gateway.GatewayState;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.source.SourceObject;
import io.gatewaysync.sync.Action;
import io.gatewaysync.sync.Decider;
import io.gatewaysync.sync.Decision;
import io.gatewaysync.sync.Direction;
import io.gatewaysync.sync.OnSourceDelete;
import io.gatewaysync.sync.Scenario;
import io.gatewaysync.sync.SourceOfTruth;
import io.gatewaysync.sync.SyncPolicy;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.gatewaysync.testsupport.TestJson.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decision for source B on a schema it shares with source A, from B's records only (what
 * lookUpRecords and the per-source GATEWAY_ONLY sweep hand the decision step).
 */
class HubDecisionTest {

    static final SyncPolicy TWO_WAY = new SyncPolicy(Direction.TWO_WAY, SourceOfTruth.SOURCE, OnSourceDelete.DELETE);
    static final SyncPolicy ONE_WAY = new SyncPolicy(Direction.SOURCE_TO_GATEWAY, SourceOfTruth.SOURCE,
            OnSourceDelete.DELETE);
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static SyncRecord recordOfB(String sourceHash, String gatewayHash) {
        return new SyncRecord(7, "b", "b1", "people", "g1", sourceHash, gatewayHash, null, null, T, T, 1, 0, false,
                null, null, null, T, 0, null, null);
    }

    private static SourceObject atB(String hash) {
        return new SourceObject("b1", obj("id", "b1"), hash, null);
    }

    private static Decision decide(PageKind kind, Candidate c, SyncPolicy policy) {
        return Decider.decide(DecisionStep.facts(kind, c), policy);
    }

    @Test
    void anObjectThatAnotherSourceBroughtInIsNewInTheGatewayForThisOne() {
        // A's object: no record of B (the sweep only lists objects without one), on the gateway.
        Candidate c = Candidate.fromGateway(new GatewayState("g1", "hA", T, null));
        Decision twoWay = decide(PageKind.GATEWAY_ONLY, c, TWO_WAY);
        assertEquals(Scenario.NEW_IN_GATEWAY, twoWay.scenario());
        assertEquals(Action.CREATE_IN_SOURCE, twoWay.action());
        assertEquals(Action.NONE, decide(PageKind.GATEWAY_ONLY, c, ONE_WAY).action(), "one-way sources are never written");
    }

    @Test
    void anEditThatAnotherSourceMadeInTheGatewayIsWrittenToThisSource() {
        Candidate c = Candidate.fromSource(atB("s0"));
        c.record(recordOfB("s0", "g0"));
        c.gateway(new GatewayState("g1", "gA", T, null));
        assertEquals(Action.UPDATE_SOURCE, decide(PageKind.LISTING, c, TWO_WAY).action());
        assertEquals(Action.UPDATE_GATEWAY, decide(PageKind.LISTING, c, ONE_WAY).action(),
                "one-way: the source owns its objects, the gateway is restored");
    }

    @Test
    void aDeleteThatAnotherSourceCausedInTheGatewayIsDeletedInThisSource() {
        Candidate c = Candidate.fromSource(atB("s0"));
        c.record(recordOfB("s0", "g0")); // B's record is there, the gateway object is gone
        Decision d = decide(PageKind.LISTING, c, TWO_WAY);
        assertEquals(Scenario.DELETED_IN_GATEWAY, d.scenario());
        assertEquals(Action.DELETE_IN_SOURCE, d.action());
    }

    @Test
    void bothSidesChangedIsTheUsualConflict() {
        Candidate c = Candidate.fromSource(atB("s1"));
        c.record(recordOfB("s0", "g0"));
        c.gateway(new GatewayState("g1", "gA", T, null));
        Decision d = decide(PageKind.LISTING, c, TWO_WAY);
        assertTrue(d.conflict());
        assertEquals(Action.UPDATE_GATEWAY, d.action(), "without dates the source of truth (source) wins");
    }

    @Test
    void anObjectThisSourceBroughtInIsUnchangedForIt() {
        Candidate c = Candidate.fromSource(atB("s0"));
        c.record(recordOfB("s0", "g0"));
        c.gateway(new GatewayState("g1", "g0", T, null));
        assertEquals(Action.NONE, decide(PageKind.LISTING, c, TWO_WAY).action());
    }
}
