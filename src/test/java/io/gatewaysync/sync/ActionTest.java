package io.gatewaysync.sync;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ActionTest {

    @Test
    void outcomeMapping() {
        assertEquals(Outcome.CREATED, Action.CREATE_IN_GATEWAY.outcome());
        assertEquals(Outcome.UPDATED, Action.UPDATE_GATEWAY.outcome());
        assertEquals(Outcome.DELETED, Action.DELETE_IN_GATEWAY.outcome());
        assertEquals(Outcome.PUSHED, Action.CREATE_IN_SOURCE.outcome());
        assertEquals(Outcome.PUSHED, Action.UPDATE_SOURCE.outcome());
        assertEquals(Outcome.PUSHED, Action.DELETE_IN_SOURCE.outcome());
        assertEquals(Outcome.UNCHANGED, Action.NONE.outcome());
        assertEquals(Outcome.UNCHANGED, Action.KEEP.outcome());
        assertEquals(Outcome.NOT_COUNTED, Action.DROP_RECORD.outcome());
        for (Action a : Action.values()) {
            // FAILED is for the executor, never a planned outcome
            assertNotEquals(Outcome.FAILED, a.outcome(), a.name());
        }
    }

    @Test
    void writeSides() {
        Set<Action> gateway = EnumSet.noneOf(Action.class);
        Set<Action> source = EnumSet.noneOf(Action.class);
        for (Action a : Action.values()) {
            if (a.writesGateway()) gateway.add(a);
            if (a.writesSource()) source.add(a);
        }
        assertEquals(EnumSet.of(Action.CREATE_IN_GATEWAY, Action.UPDATE_GATEWAY, Action.DELETE_IN_GATEWAY), gateway);
        assertEquals(EnumSet.of(Action.CREATE_IN_SOURCE, Action.UPDATE_SOURCE, Action.DELETE_IN_SOURCE), source);
    }
}
