package io.gatewaysync.run;

import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.sync.Action;
import io.gatewaysync.sync.Decider;
import io.gatewaysync.sync.Decision;
import io.gatewaysync.sync.Facts;
import io.gatewaysync.sync.Outcome;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Turns each candidate's facts into a decision ({@link Decider}) and groups the page by action, so
 * that the route's content-based router sends each group to its delivery. Blocked records are left
 * out (counted as blocked, not as failed: nothing is tried) until their back-off has passed or an
 * operator unblocks them.
 */
public class DecisionStep {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionStep.class);

    public List<ActionGroup> decide(@ExchangeProperty(SyncSteps.PAGE) PageWork work) {
        SyncRun run = work.run();
        Instant now = Instant.now();
        Map<Action, List<Candidate>> groups = new EnumMap<>(Action.class);
        SourceMapping mapping = run.source().options().mapping();
        for (Candidate c : work.candidates()) {
            c.mapping(mapping);
            SyncRecord record = c.record();
            if (record != null && record.blockedAt(now)) {
                run.summary().count(Outcome.BLOCKED);
                if (c.onSource() && !run.dryRun()) {
                    work.touch(record);
                }
                LOG.debug("source '{}': {} is blocked until {}", run.source().name(), c.describe(), record.blockedUntil());
                continue;
            }
            Decision decision = c.decision() != null ? c.decision()
                    : work.kind() == PageKind.DEFERRED ? unansweredCreate(c)
                    : caughtUp(c) ? CAUGHT_UP
                    : Decider.decide(facts(work.kind(), c, run.remap), run.source().definition().policy());
            if (c.partialRecord() && !FullRecords.isUnchanged(decision)) {
                // FullRecords decides with the same facts, so this is a bug, never a state of the data.
                throw new IllegalStateException("source '" + run.source().name() + "': " + c.describe()
                        + " was decided " + decision.action() + " on a partial record");
            }
            c.decision(decision);
            if (decision.conflict()) {
                run.summary().conflict();
            }
            groups.computeIfAbsent(decision.action(), a -> new ArrayList<>()).add(c);
        }
        List<ActionGroup> result = new ArrayList<>(groups.size());
        groups.forEach((action, candidates) -> result.add(new ActionGroup(action, candidates)));
        return result;
    }

    /**
     * The decision a run takes for one listed object, as its page would take it, for {@code --check}
     * (no run, nothing written): the same caught-up rule and the same {@link Decider}.
     *
     * @param record  the object's synchronization record, or {@code null}
     * @param gateway the gateway object the record points to, or {@code null}
     */
    public static Decision decideListed(io.gatewaysync.source.SourceObject object, SyncRecord record,
                                        io.gatewaysync.gateway.GatewayState gateway, SourceMapping mapping,
                                        io.gatewaysync.sync.SyncPolicy policy) {
        Candidate c = Candidate.fromSource(object);
        c.record(record);
        c.gateway(gateway);
        c.mapping(mapping);
        return caughtUp(c) ? CAUGHT_UP : Decider.decide(facts(PageKind.LISTING, c, false), policy);
    }

    /**
     * A create intent of an earlier run that no object of this complete listing answered to: the POST
     * did not take effect and is sent again, unless the gateway object it was for is gone meanwhile.
     */
    static Decision unansweredCreate(Candidate c) {
        if (c.gateway() == null) {
            return new Decision(io.gatewaysync.sync.Scenario.GONE_FROM_BOTH, Action.DROP_RECORD, false,
                    "an unfinished create in the source whose gateway object is gone; intent dropped");
        }
        return new Decision(io.gatewaysync.sync.Scenario.NEW_IN_GATEWAY, Action.CREATE_IN_SOURCE, false,
                "an unfinished create in the source that no listed object answered to; sent again");
    }

    static final Decision CAUGHT_UP = new Decision(io.gatewaysync.sync.Scenario.UNCHANGED, Action.KEEP, false,
            "both sides already hold the same content; the record catches up");

    /**
     * Both sides differ from the record but hold the same content: a write whose record was lost (a
     * page rolled back after a write-back, a crash between a call and its commit) or the same edit made
     * on both sides. Nothing needs writing and nothing is a conflict: the record just catches up.
     */
    static boolean caughtUp(Candidate c) {
        SyncRecord record = c.record();
        if (record == null || !record.established() || !c.onSource() || c.gateway() == null || c.assumedUnchanged()) {
            return false;
        }
        String sourceHash = c.sourceObject().hash();
        String gatewayHash = c.gateway().hash();
        boolean changed = !record.sourceHash().equals(sourceHash) || !record.gatewayHash().equals(gatewayHash);
        if (!changed) {
            return false;
        }
        // With a mapping, the gateway holds the mapped object: compare with what the mapping makes of it.
        try {
            return c.gatewayHash().equals(gatewayHash);
        } catch (RuntimeException mappingFailed) {
            return false; // decided as usual; the delivery that needs the mapping fails this object
        }
    }

    /**
     * The facts of one candidate. Only an established record (both ends synced once) counts as a
     * record: a record left by a failed first delivery must never make an object look deleted.
     */
    static Facts facts(PageKind kind, Candidate c) {
        return facts(kind, c, false);
    }

    /**
     * @param remap the source's mappings changed since its last complete run: every listed object counts
     *              as changed at the source, so that it is mapped and delivered again (once)
     */
    static Facts facts(PageKind kind, Candidate c, boolean remap) {
        SyncRecord record = c.record();
        boolean established = record != null && record.established();
        boolean onSource = c.onSource();
        boolean onGateway = c.gateway() != null && (established || kind == PageKind.GATEWAY_ONLY);
        boolean sourceChanged = established && onSource && ((remap && !c.assumedUnchanged())
                || !record.sourceHash().equals(c.sourceObject().hash()));
        boolean gatewayChanged = established && onGateway && !record.gatewayHash().equals(c.gateway().hash());
        if (!established && !onSource && !onGateway && record != null) {
            // A leftover record of an object that never reached the gateway: gone from both.
            return new Facts(true, false, false, false, false, null, null);
        }
        return new Facts(established, onSource, onGateway, sourceChanged, gatewayChanged,
                onSource ? c.sourceObject().lastChanged() : null,
                onGateway ? c.gateway().lastChanged() : null);
    }
}
