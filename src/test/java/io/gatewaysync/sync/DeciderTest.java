package io.gatewaysync.sync;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per row of the decision table (DESIGN §3) and per direction. */
class DeciderTest {

    static final Instant EARLY = Instant.parse("2024-01-01T00:00:00Z");
    static final Instant LATE = Instant.parse("2024-06-01T00:00:00Z");

    static final SyncPolicy ONE_WAY = SyncPolicy.defaults();
    static final SyncPolicy TWO_WAY = new SyncPolicy(Direction.TWO_WAY, SourceOfTruth.SOURCE, OnSourceDelete.DELETE);

    static SyncPolicy policy(Direction d, SourceOfTruth t, OnSourceDelete o) {
        return new SyncPolicy(d, t, o);
    }

    static Facts facts(boolean record, boolean onSource, boolean onGateway, boolean sourceChanged, boolean gatewayChanged) {
        return new Facts(record, onSource, onGateway, sourceChanged, gatewayChanged, null, null);
    }

    static Facts bothChanged(Instant sourceDate, Instant gatewayDate) {
        return new Facts(true, true, true, true, true, sourceDate, gatewayDate);
    }

    static void assertDecision(Decision d, Scenario scenario, Action action, boolean conflict) {
        assertEquals(scenario, d.scenario(), d.reason());
        assertEquals(action, d.action(), d.reason());
        assertEquals(conflict, d.conflict(), d.reason());
        assertFalse(d.reason() == null || d.reason().isBlank());
    }

    @Nested
    class NewAtSource {
        @Test
        void oneWayCreatesInGateway() {
            assertDecision(Decider.decide(facts(false, true, false, false, false), ONE_WAY),
                    Scenario.NEW_AT_SOURCE, Action.CREATE_IN_GATEWAY, false);
        }

        @Test
        void twoWayCreatesInGateway() {
            assertDecision(Decider.decide(facts(false, true, false, false, false), TWO_WAY),
                    Scenario.NEW_AT_SOURCE, Action.CREATE_IN_GATEWAY, false);
        }

        @Test
        void gatewaySideIsIrrelevantWithoutRecord() {
            assertDecision(Decider.decide(facts(false, true, true, false, false), TWO_WAY),
                    Scenario.NEW_AT_SOURCE, Action.CREATE_IN_GATEWAY, false);
            assertDecision(Decider.decide(facts(false, true, true, false, false), ONE_WAY),
                    Scenario.NEW_AT_SOURCE, Action.CREATE_IN_GATEWAY, false);
        }
    }

    @Nested
    class Unchanged {
        @Test
        void oneWayDoesNothing() {
            assertDecision(Decider.decide(facts(true, true, true, false, false), ONE_WAY),
                    Scenario.UNCHANGED, Action.NONE, false);
        }

        @Test
        void twoWayDoesNothing() {
            assertDecision(Decider.decide(facts(true, true, true, false, false), TWO_WAY),
                    Scenario.UNCHANGED, Action.NONE, false);
        }
    }

    @Nested
    class SourceChanged {
        @Test
        void oneWayUpdatesGateway() {
            Decision d = Decider.decide(facts(true, true, true, true, false), ONE_WAY);
            assertDecision(d, Scenario.SOURCE_CHANGED, Action.UPDATE_GATEWAY, false);
            assertEquals("source changed since last sync; gateway unchanged", d.reason());
        }

        @Test
        void twoWayUpdatesGateway() {
            assertDecision(Decider.decide(facts(true, true, true, true, false), TWO_WAY),
                    Scenario.SOURCE_CHANGED, Action.UPDATE_GATEWAY, false);
        }
    }

    @Nested
    class GatewayChanged {
        @Test
        void oneWayRestoresGatewayFromSource() {
            assertDecision(Decider.decide(facts(true, true, true, false, true), ONE_WAY),
                    Scenario.GATEWAY_CHANGED, Action.UPDATE_GATEWAY, false);
        }

        @Test
        void twoWayUpdatesSource() {
            assertDecision(Decider.decide(facts(true, true, true, false, true), TWO_WAY),
                    Scenario.GATEWAY_CHANGED, Action.UPDATE_SOURCE, false);
        }
    }

    @Nested
    class BothChanged {
        @Test
        void sourceNewerByDateWinsEvenIfGatewayIsTruthTwoWay() {
            assertDecision(Decider.decide(bothChanged(LATE, EARLY), policy(Direction.TWO_WAY, SourceOfTruth.GATEWAY, OnSourceDelete.DELETE)),
                    Scenario.BOTH_CHANGED, Action.UPDATE_GATEWAY, true);
        }

        @Test
        void sourceNewerByDateWinsEvenIfGatewayIsTruthOneWay() {
            assertDecision(Decider.decide(bothChanged(LATE, EARLY), policy(Direction.SOURCE_TO_GATEWAY, SourceOfTruth.GATEWAY, OnSourceDelete.DELETE)),
                    Scenario.BOTH_CHANGED, Action.UPDATE_GATEWAY, true);
        }

        @Test
        void gatewayNewerByDateWinsTwoWayUpdatesSource() {
            assertDecision(Decider.decide(bothChanged(EARLY, LATE), TWO_WAY),
                    Scenario.BOTH_CHANGED, Action.UPDATE_SOURCE, true);
        }

        @Test
        void gatewayNewerByDateWinsOneWayKeepsGatewayEdit() {
            assertDecision(Decider.decide(bothChanged(EARLY, LATE), ONE_WAY),
                    Scenario.BOTH_CHANGED, Action.KEEP, true);
        }

        @Test
        void equalDatesSourceOfTruthSource() {
            assertDecision(Decider.decide(bothChanged(EARLY, EARLY), TWO_WAY),
                    Scenario.BOTH_CHANGED, Action.UPDATE_GATEWAY, true);
            assertDecision(Decider.decide(bothChanged(EARLY, EARLY), ONE_WAY),
                    Scenario.BOTH_CHANGED, Action.UPDATE_GATEWAY, true);
        }

        @Test
        void equalDatesSourceOfTruthGatewayTwoWay() {
            assertDecision(Decider.decide(bothChanged(EARLY, EARLY), policy(Direction.TWO_WAY, SourceOfTruth.GATEWAY, OnSourceDelete.DELETE)),
                    Scenario.BOTH_CHANGED, Action.UPDATE_SOURCE, true);
        }

        @Test
        void equalDatesSourceOfTruthGatewayOneWay() {
            assertDecision(Decider.decide(bothChanged(EARLY, EARLY), policy(Direction.SOURCE_TO_GATEWAY, SourceOfTruth.GATEWAY, OnSourceDelete.DELETE)),
                    Scenario.BOTH_CHANGED, Action.KEEP, true);
        }

        @Test
        void missingDateFallsBackToSourceOfTruthSource() {
            for (SyncPolicy p : new SyncPolicy[] {ONE_WAY, TWO_WAY}) {
                assertDecision(Decider.decide(bothChanged(null, LATE), p), Scenario.BOTH_CHANGED, Action.UPDATE_GATEWAY, true);
                assertDecision(Decider.decide(bothChanged(EARLY, null), p), Scenario.BOTH_CHANGED, Action.UPDATE_GATEWAY, true);
                assertDecision(Decider.decide(bothChanged(null, null), p), Scenario.BOTH_CHANGED, Action.UPDATE_GATEWAY, true);
            }
        }

        @Test
        void missingDateFallsBackToSourceOfTruthGatewayTwoWay() {
            SyncPolicy p = policy(Direction.TWO_WAY, SourceOfTruth.GATEWAY, OnSourceDelete.DELETE);
            // a known-newer source date must not win when the other date is unknown
            assertDecision(Decider.decide(bothChanged(LATE, null), p), Scenario.BOTH_CHANGED, Action.UPDATE_SOURCE, true);
            assertDecision(Decider.decide(bothChanged(null, EARLY), p), Scenario.BOTH_CHANGED, Action.UPDATE_SOURCE, true);
            assertDecision(Decider.decide(bothChanged(null, null), p), Scenario.BOTH_CHANGED, Action.UPDATE_SOURCE, true);
        }

        @Test
        void missingDateFallsBackToSourceOfTruthGatewayOneWay() {
            SyncPolicy p = policy(Direction.SOURCE_TO_GATEWAY, SourceOfTruth.GATEWAY, OnSourceDelete.DELETE);
            assertDecision(Decider.decide(bothChanged(LATE, null), p), Scenario.BOTH_CHANGED, Action.KEEP, true);
            assertDecision(Decider.decide(bothChanged(null, null), p), Scenario.BOTH_CHANGED, Action.KEEP, true);
        }

        @Test
        void reasonNamesWinnerAndWhy() {
            assertTrue(Decider.decide(bothChanged(EARLY, LATE), TWO_WAY).reason().contains("gateway wins (newer change date)"));
            assertTrue(Decider.decide(bothChanged(null, LATE), TWO_WAY).reason().contains("source wins (sourceOfTruth=source)"));
        }
    }

    @Nested
    class DeletedInGateway {
        @Test
        void oneWayRecreatesInGateway() {
            assertDecision(Decider.decide(facts(true, true, false, false, false), ONE_WAY),
                    Scenario.DELETED_IN_GATEWAY, Action.CREATE_IN_GATEWAY, false);
            assertDecision(Decider.decide(facts(true, true, false, true, false), ONE_WAY),
                    Scenario.DELETED_IN_GATEWAY, Action.CREATE_IN_GATEWAY, false);
        }

        @Test
        void twoWayDeletesInSourceWhenSourceUnchanged() {
            assertDecision(Decider.decide(facts(true, true, false, false, false), TWO_WAY),
                    Scenario.DELETED_IN_GATEWAY, Action.DELETE_IN_SOURCE, false);
        }

        @Test
        void twoWayRecreatesInGatewayWhenSourceChanged() {
            assertDecision(Decider.decide(facts(true, true, false, true, false), TWO_WAY),
                    Scenario.DELETED_IN_GATEWAY, Action.CREATE_IN_GATEWAY, false);
        }
    }

    @Nested
    class DeletedAtSource {
        @Test
        void oneWayDeletesInGatewayByDefault() {
            assertDecision(Decider.decide(facts(true, false, true, false, false), ONE_WAY),
                    Scenario.DELETED_AT_SOURCE, Action.DELETE_IN_GATEWAY, false);
        }

        @Test
        void oneWayKeepWhenConfigured() {
            SyncPolicy keep = policy(Direction.SOURCE_TO_GATEWAY, SourceOfTruth.SOURCE, OnSourceDelete.KEEP);
            assertDecision(Decider.decide(facts(true, false, true, false, false), keep),
                    Scenario.DELETED_AT_SOURCE, Action.KEEP, false);
        }

        @Test
        void oneWayIgnoresGatewayChangeAndDeletes() {
            assertDecision(Decider.decide(facts(true, false, true, false, true), ONE_WAY),
                    Scenario.DELETED_AT_SOURCE, Action.DELETE_IN_GATEWAY, false);
        }

        @Test
        void twoWayDeletesInGatewayWhenGatewayUnchanged() {
            assertDecision(Decider.decide(facts(true, false, true, false, false), TWO_WAY),
                    Scenario.DELETED_AT_SOURCE, Action.DELETE_IN_GATEWAY, false);
        }

        @Test
        void twoWayKeepWhenConfigured() {
            SyncPolicy keep = policy(Direction.TWO_WAY, SourceOfTruth.SOURCE, OnSourceDelete.KEEP);
            assertDecision(Decider.decide(facts(true, false, true, false, false), keep),
                    Scenario.DELETED_AT_SOURCE, Action.KEEP, false);
        }

        @Test
        void twoWayRecreatesInSourceWhenGatewayChanged() {
            for (OnSourceDelete o : OnSourceDelete.values()) {
                assertDecision(Decider.decide(facts(true, false, true, false, true), policy(Direction.TWO_WAY, SourceOfTruth.SOURCE, o)),
                        Scenario.DELETED_AT_SOURCE, Action.CREATE_IN_SOURCE, false);
            }
        }
    }

    @Nested
    class GoneFromBoth {
        @Test
        void dropsRecordInBothDirections() {
            assertDecision(Decider.decide(facts(true, false, false, false, false), ONE_WAY),
                    Scenario.GONE_FROM_BOTH, Action.DROP_RECORD, false);
            assertDecision(Decider.decide(facts(true, false, false, false, false), TWO_WAY),
                    Scenario.GONE_FROM_BOTH, Action.DROP_RECORD, false);
        }
    }

    @Nested
    class NewInGateway {
        @Test
        void oneWayDoesNothing() {
            assertDecision(Decider.decide(facts(false, false, true, false, false), ONE_WAY),
                    Scenario.NEW_IN_GATEWAY, Action.NONE, false);
        }

        @Test
        void twoWayCreatesInSource() {
            assertDecision(Decider.decide(facts(false, false, true, false, false), TWO_WAY),
                    Scenario.NEW_IN_GATEWAY, Action.CREATE_IN_SOURCE, false);
        }
    }

    @Test
    void nothingToDecideThrows() {
        assertThrows(IllegalArgumentException.class, () -> Decider.decide(facts(false, false, false, false, false), ONE_WAY));
        assertThrows(IllegalArgumentException.class, () -> Decider.decide(facts(false, false, false, false, false), TWO_WAY));
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThrows(NullPointerException.class, () -> Decider.decide(null, ONE_WAY));
        assertThrows(NullPointerException.class, () -> Decider.decide(facts(true, true, true, false, false), null));
    }
}
