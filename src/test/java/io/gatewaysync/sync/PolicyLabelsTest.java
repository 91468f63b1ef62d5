package io.gatewaysync.sync;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyLabelsTest {

    @Test
    void directionLabelsRoundTripCaseInsensitively() {
        assertEquals("source-to-gateway", Direction.SOURCE_TO_GATEWAY.label());
        assertEquals("two-way", Direction.TWO_WAY.label());
        assertEquals(Direction.SOURCE_TO_GATEWAY, Direction.parse("source-to-gateway"));
        assertEquals(Direction.TWO_WAY, Direction.parse("Two-Way"));
        assertEquals(Direction.TWO_WAY, Direction.parse(" TWO-WAY "));
    }

    @Test
    void directionRejectsUnknownWithAllowedList() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Direction.parse("x"));
        assertEquals("unknown direction 'x'; allowed: source-to-gateway, two-way", e.getMessage());
        // the enum constant name is not a label
        assertThrows(IllegalArgumentException.class, () -> Direction.parse("TWO_WAY"));
        assertEquals("unknown direction 'null'; allowed: source-to-gateway, two-way",
                assertThrows(IllegalArgumentException.class, () -> Direction.parse(null)).getMessage());
    }

    @Test
    void sourceOfTruthLabelsAndErrors() {
        assertEquals("source", SourceOfTruth.SOURCE.label());
        assertEquals("gateway", SourceOfTruth.GATEWAY.label());
        assertEquals(SourceOfTruth.SOURCE, SourceOfTruth.parse("SOURCE"));
        assertEquals(SourceOfTruth.GATEWAY, SourceOfTruth.parse("gateway"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SourceOfTruth.parse("both"));
        assertEquals("unknown sourceOfTruth 'both'; allowed: source, gateway", e.getMessage());
    }

    @Test
    void onSourceDeleteLabelsAndErrors() {
        assertEquals("delete", OnSourceDelete.DELETE.label());
        assertEquals("keep", OnSourceDelete.KEEP.label());
        assertEquals(OnSourceDelete.DELETE, OnSourceDelete.parse("Delete"));
        assertEquals(OnSourceDelete.KEEP, OnSourceDelete.parse("keep"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnSourceDelete.parse(""));
        assertEquals("unknown onSourceDelete ''; allowed: delete, keep", e.getMessage());
    }

    @Test
    void scenarioLabelsAreLowerKebab() {
        assertEquals("new-at-source", Scenario.NEW_AT_SOURCE.label());
        assertEquals("deleted-in-gateway", Scenario.DELETED_IN_GATEWAY.label());
        assertEquals("gone-from-both", Scenario.GONE_FROM_BOTH.label());
        for (Scenario s : Scenario.values()) {
            assertTrue(s.label().matches("[a-z]+(-[a-z]+)*"), s.label());
        }
    }

    @Test
    void policyDefaultsAreOneWaySourceWinsDelete() {
        SyncPolicy d = SyncPolicy.defaults();
        assertEquals(new SyncPolicy(Direction.SOURCE_TO_GATEWAY, SourceOfTruth.SOURCE, OnSourceDelete.DELETE), d);
        assertFalse(d.twoWay());
        assertTrue(new SyncPolicy(Direction.TWO_WAY, SourceOfTruth.SOURCE, OnSourceDelete.DELETE).twoWay());
        assertThrows(NullPointerException.class, () -> new SyncPolicy(null, SourceOfTruth.SOURCE, OnSourceDelete.KEEP));
    }
}
