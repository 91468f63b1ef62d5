package io.gatewaysync.run;

import io.gatewaysync.gateway.EmbeddedGateway;
import io.gatewaysync.gateway.Gateway;
import io.gatewaysync.gateway.GatewayState;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.record.SyncRecordStore;
import io.gatewaysync.sync.Action;
import io.gatewaysync.sync.Decider;
import io.gatewaysync.sync.Decision;
import io.gatewaysync.sync.Scenario;
import io.gatewaysync.sync.SyncPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The second, rarer half of a listing page's record look-up. The page look-up (camel-jdbc, in the route
 * template) reads only the columns that deciding an unchanged object needs: on a quiet page that is all
 * there is to read, and most pages of most runs are quiet. The records of the objects that are NOT
 * unchanged, and of those with an open intent, are read whole here, in ONE bound query for the page,
 * before anything is decided, delivered or committed; so every step after this one sees whole records,
 * except for the unchanged objects, whose records are only marked seen (by id).
 *
 * <p>With the run's {@link KnownRecords}, an object whose quiet record is known but whose hash is new is
 * changing for sure: its whole record is read before the look-up, which it then skips (on the pages of a
 * run with a few changes, the only query).
 *
 * <p>"Unchanged" is what {@link Decider} says for the look-up's facts, so the split can never disagree
 * with the decision; {@link DecisionStep} still refuses a partial record decided into anything else.
 */
final class FullRecords {

    private FullRecords() {
    }

    /** Reads the whole records of the page's changing objects and puts them in place of the partial ones. */
    static void complete(PageWork work, SyncRecordStore records) {
        List<Candidate> changing = new ArrayList<>();
        for (Candidate c : work.candidates()) {
            if (c.partialRecord() && !c.knownUnchanged() && !unchanged(c, work.kind(), work.run().remap, work.run().source().definition().policy())) {
                changing.add(c);
            }
        }
        if (changing.isEmpty()) {
            return; // a quiet page: the look-up was its only statement
        }
        read(work, changing, records);
    }

    /**
     * Reads the whole records of {@code changing} (one bound query) and puts them in place, with the
     * embedded gateway's hash and change date; also for objects that skip the look-up because the run's
     * {@link KnownRecords} knew their quiet records and saw a new hash ({@link SyncSteps#recordLookUp}).
     */
    static void read(PageWork work, List<Candidate> changing, SyncRecordStore records) {
        Gateway gateway = work.run().source().gateway();
        boolean embedded = gateway instanceof EmbeddedGateway;
        Map<String, SyncRecordStore.WithEmbedded> found = records.findWithEmbedded(work.run().source().name(),
                changing.stream().map(Candidate::sourceId).toList(), embedded ? gateway.schema() : null);
        for (Candidate c : changing) {
            SyncRecordStore.WithEmbedded f = found.get(c.sourceId());
            c.markWholeRecordRead();
            if (f == null) {
                // Dropped since the look-up (an operator's delete): decided as the look-up would now see it.
                c.record(null);
                c.gateway(null);
                continue;
            }
            c.record(f.record());
            if (embedded) {
                // The join is the embedded gateway's answer, now with the change date that a conflict between
                // two changed sides is decided by; no hash: no object at the id the record holds now.
                c.gateway(f.gatewayHash() != null && f.record().gatewayId() != null
                        ? new GatewayState(f.record().gatewayId(), f.gatewayHash(), f.gatewayModified(), null) : null);
            }
        }
    }

    /**
     * Whether the partial record is all this object needs: the decision is "unchanged" and no intent is
     * open (an intent is reconciled from the whole record before the decision).
     */
    static boolean unchanged(Candidate c, PageKind kind, boolean remap, SyncPolicy policy) {
        SyncRecord r = c.record();
        if (r.pendingAction() != null || c.decision() != null) {
            return false;
        }
        return isUnchanged(Decider.decide(DecisionStep.facts(kind, c, remap), policy));
    }

    static boolean isUnchanged(Decision decision) {
        return decision.scenario() == Scenario.UNCHANGED && decision.action() == Action.NONE;
    }
}
