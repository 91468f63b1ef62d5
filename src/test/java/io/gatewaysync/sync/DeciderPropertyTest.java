package io.gatewaysync.sync;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Invariants of {@link Decider} over every boolean combination × date case × policy, and over many seeded
 * random inputs. Inconsistent facts (e.g. "changed" without a record) are included on purpose: decide must
 * stay safe on them too.
 */
class DeciderPropertyTest {

    private static final Instant T0 = Instant.parse("2024-03-01T12:00:00Z");
    private static final Instant[][] DATE_CASES = {
            {null, null}, {T0, null}, {null, T0}, {T0, T0}, {T0.plusSeconds(1), T0}, {T0, T0.plusSeconds(1)},
    };

    static List<SyncPolicy> allPolicies() {
        List<SyncPolicy> all = new ArrayList<>();
        for (Direction d : Direction.values())
            for (SourceOfTruth t : SourceOfTruth.values())
                for (OnSourceDelete o : OnSourceDelete.values())
                    all.add(new SyncPolicy(d, t, o));
        return all;
    }

    @Test
    void invariantsHoldExhaustively() {
        int checked = 0;
        Set<Scenario> scenarios = EnumSet.noneOf(Scenario.class);
        Set<Action> actions = EnumSet.noneOf(Action.class);
        for (int bits = 0; bits < 32; bits++) {
            for (Instant[] dates : DATE_CASES) {
                Facts f = new Facts((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0,
                        (bits & 16) != 0, dates[0], dates[1]);
                for (SyncPolicy p : allPolicies()) {
                    Decision d = check(f, p);
                    if (d != null) {
                        scenarios.add(d.scenario());
                        actions.add(d.action());
                    }
                    checked++;
                }
            }
        }
        assertEquals(32 * DATE_CASES.length * 8, checked);
        assertEquals(EnumSet.allOf(Scenario.class), scenarios, "every scenario is reachable");
        assertEquals(EnumSet.allOf(Action.class), actions, "every action is reachable");
    }

    @Test
    void invariantsHoldForSeededRandomFacts() {
        Random r = new Random(20240301L);
        List<SyncPolicy> policies = allPolicies();
        for (int i = 0; i < 20_000; i++) {
            Facts f = new Facts(r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), r.nextBoolean(),
                    randomDate(r), randomDate(r));
            check(f, policies.get(r.nextInt(policies.size())));
        }
    }

    private static Instant randomDate(Random r) {
        // small range so equal dates happen often
        return r.nextInt(4) == 0 ? null : T0.plusSeconds(r.nextInt(5));
    }

    /** Checks every invariant; returns the decision, or null for the one input that must throw. */
    private static Decision check(Facts f, SyncPolicy p) {
        String ctx = f + " " + p;
        if (!f.hasRecord() && !f.onSource() && !f.onGateway()) {
            assertThrows(IllegalArgumentException.class, () -> Decider.decide(f, p), ctx);
            return null;
        }
        Decision d;
        try {
            d = Decider.decide(f, p);
        } catch (RuntimeException e) {
            fail("decide threw for " + ctx, e);
            return null;
        }
        assertNotNull(d.scenario(), ctx);
        assertNotNull(d.action(), ctx);
        assertFalse(d.reason() == null || d.reason().isBlank(), ctx);
        assertEquals(d, Decider.decide(f, p), "deterministic: " + ctx);

        if (!p.twoWay()) {
            assertFalse(d.action().writesSource(), "one-way never writes the source: " + ctx + " -> " + d);
        }
        if (f.onSource()) {
            assertTrue(d.action() != Action.DELETE_IN_GATEWAY, "never delete in gateway what is on the source: " + ctx);
        }
        if (d.action() == Action.DELETE_IN_GATEWAY) {
            assertTrue(f.hasRecord() && !f.onSource() && f.onGateway(), ctx);
        }
        if (d.action() == Action.DELETE_IN_SOURCE) {
            assertTrue(p.twoWay() && f.hasRecord() && f.onSource() && !f.onGateway() && !f.sourceChanged(),
                    "delete in source only for an unchanged object deleted in the gateway: " + ctx);
        }
        if (d.action() == Action.CREATE_IN_GATEWAY || d.action() == Action.UPDATE_GATEWAY) {
            assertTrue(f.onSource(), "gateway content comes from the source, so it must be there: " + ctx);
        }
        if (d.action() == Action.CREATE_IN_SOURCE || d.action() == Action.UPDATE_SOURCE) {
            assertTrue(f.onGateway(), "source content comes from the gateway, so it must be there: " + ctx);
        }
        boolean bothChanged = f.hasRecord() && f.onSource() && f.onGateway() && f.sourceChanged() && f.gatewayChanged();
        assertEquals(bothChanged, d.conflict(), "conflict iff both changed with record on both sides: " + ctx);
        assertEquals(bothChanged, d.scenario() == Scenario.BOTH_CHANGED, ctx);
        if (!f.hasRecord()) {
            assertTrue(d.scenario() == Scenario.NEW_AT_SOURCE || d.scenario() == Scenario.NEW_IN_GATEWAY, ctx);
        }
        return d;
    }
}
