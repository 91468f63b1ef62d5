package io.gatewaysync.sync;

import java.util.Objects;

/**
 * The decision table (DESIGN §3) as a pure function: no I/O, so it can be tested exhaustively and every
 * effect in the sync follows from one place.
 *
 * <ul>
 * <li>No record, on source → NEW_AT_SOURCE, CREATE_IN_GATEWAY. Whether the gateway holds something is
 *     irrelevant: without a record the gateway copy cannot be identified.</li>
 * <li>Record, on both sides:
 *   <ul>
 *   <li>neither changed → UNCHANGED, NONE;</li>
 *   <li>only the source changed → SOURCE_CHANGED, UPDATE_GATEWAY;</li>
 *   <li>only the gateway changed → GATEWAY_CHANGED: two-way UPDATE_SOURCE; one-way UPDATE_GATEWAY
 *       (the gateway is restored from the source, which owns the data);</li>
 *   <li>both changed → BOTH_CHANGED, conflict. The side with the newer change date wins when both dates
 *       are known and differ, otherwise the configured source of truth. Source wins → UPDATE_GATEWAY.
 *       Gateway wins → two-way UPDATE_SOURCE; one-way KEEP (the gateway edit stands, because one-way mode
 *       never writes to the source).</li>
 *   </ul></li>
 * <li>Record, on source, not on gateway → DELETED_IN_GATEWAY: two-way DELETE_IN_SOURCE, unless the source
 *     changed since the last sync (then CREATE_IN_GATEWAY: a delete must not discard an unseen edit);
 *     one-way CREATE_IN_GATEWAY (re-create).</li>
 * <li>Record, not on source, on gateway → DELETED_AT_SOURCE: two-way and the gateway changed since →
 *     CREATE_IN_SOURCE (same reasoning); otherwise onSourceDelete: DELETE → DELETE_IN_GATEWAY,
 *     KEEP → KEEP.</li>
 * <li>Record, on neither side → GONE_FROM_BOTH, DROP_RECORD.</li>
 * <li>No record, not on source, on gateway → NEW_IN_GATEWAY: two-way CREATE_IN_SOURCE; one-way NONE.</li>
 * <li>No record, on neither side → {@link IllegalArgumentException}: there is no object to decide about.</li>
 * </ul>
 *
 * "Not on source" is only ever trustworthy after a complete listing; see {@link Facts}.
 */
public final class Decider {

    private Decider() {
    }

    public static Decision decide(Facts f, SyncPolicy p) {
        Objects.requireNonNull(f, "facts");
        Objects.requireNonNull(p, "policy");
        if (!f.hasRecord()) {
            return withoutRecord(f, p);
        }
        if (f.onSource() && f.onGateway()) {
            return onBothSides(f, p);
        }
        if (f.onSource()) {
            if (!p.twoWay()) {
                return of(Scenario.DELETED_IN_GATEWAY, Action.CREATE_IN_GATEWAY,
                        "deleted in gateway; one-way, so re-created from source");
            }
            return f.sourceChanged()
                    ? of(Scenario.DELETED_IN_GATEWAY, Action.CREATE_IN_GATEWAY,
                            "deleted in gateway but source changed since last sync; re-created in gateway")
                    : of(Scenario.DELETED_IN_GATEWAY, Action.DELETE_IN_SOURCE,
                            "deleted in gateway; source unchanged, so deleted in source");
        }
        if (f.onGateway()) {
            if (p.twoWay() && f.gatewayChanged()) {
                return of(Scenario.DELETED_AT_SOURCE, Action.CREATE_IN_SOURCE,
                        "deleted at source but gateway changed since last sync; re-created in source");
            }
            return p.onSourceDelete() == OnSourceDelete.DELETE
                    ? of(Scenario.DELETED_AT_SOURCE, Action.DELETE_IN_GATEWAY,
                            "deleted at source; deleted in gateway")
                    : of(Scenario.DELETED_AT_SOURCE, Action.KEEP,
                            "deleted at source; gateway copy kept (onSourceDelete=keep)");
        }
        return of(Scenario.GONE_FROM_BOTH, Action.DROP_RECORD, "gone from source and gateway; record dropped");
    }

    private static Decision withoutRecord(Facts f, SyncPolicy p) {
        if (f.onSource()) {
            return of(Scenario.NEW_AT_SOURCE, Action.CREATE_IN_GATEWAY, "new at source; created in gateway");
        }
        if (f.onGateway()) {
            return p.twoWay()
                    ? of(Scenario.NEW_IN_GATEWAY, Action.CREATE_IN_SOURCE, "new in gateway; created in source")
                    : of(Scenario.NEW_IN_GATEWAY, Action.NONE, "new in gateway; one-way, so source left alone");
        }
        throw new IllegalArgumentException("nothing to decide: no record and the object is on neither side");
    }

    private static Decision onBothSides(Facts f, SyncPolicy p) {
        if (!f.sourceChanged() && !f.gatewayChanged()) {
            return of(Scenario.UNCHANGED, Action.NONE, "unchanged on both sides since last sync");
        }
        if (!f.gatewayChanged()) {
            return of(Scenario.SOURCE_CHANGED, Action.UPDATE_GATEWAY,
                    "source changed since last sync; gateway unchanged");
        }
        if (!f.sourceChanged()) {
            return p.twoWay()
                    ? of(Scenario.GATEWAY_CHANGED, Action.UPDATE_SOURCE,
                            "gateway changed since last sync; source unchanged, so source updated")
                    : of(Scenario.GATEWAY_CHANGED, Action.UPDATE_GATEWAY,
                            "gateway changed since last sync; one-way, so gateway restored from source");
        }
        return conflict(f, p);
    }

    private static Decision conflict(Facts f, SyncPolicy p) {
        SourceOfTruth winner;
        String why;
        if (f.sourceLastChanged() != null && f.gatewayLastChanged() != null
                && !f.sourceLastChanged().equals(f.gatewayLastChanged())) {
            winner = f.sourceLastChanged().isAfter(f.gatewayLastChanged()) ? SourceOfTruth.SOURCE : SourceOfTruth.GATEWAY;
            why = "newer change date";
        } else {
            winner = p.sourceOfTruth();
            why = "sourceOfTruth=" + winner.label();
        }
        String prefix = "changed on both sides; " + winner.label() + " wins (" + why + ")";
        if (winner == SourceOfTruth.SOURCE) {
            return new Decision(Scenario.BOTH_CHANGED, Action.UPDATE_GATEWAY, true, prefix + ", gateway updated");
        }
        return p.twoWay()
                ? new Decision(Scenario.BOTH_CHANGED, Action.UPDATE_SOURCE, true, prefix + ", source updated")
                : new Decision(Scenario.BOTH_CHANGED, Action.KEEP, true, prefix + ", gateway edit kept (one-way)");
    }

    private static Decision of(Scenario scenario, Action action, String reason) {
        return new Decision(scenario, action, false, reason);
    }
}
