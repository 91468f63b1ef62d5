package io.gatewaysync.sync;

import java.util.Objects;

/** The per-source settings the decision depends on; everything else about a source is irrelevant to it. */
public record SyncPolicy(Direction direction, SourceOfTruth sourceOfTruth, OnSourceDelete onSourceDelete) {

    public SyncPolicy {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(sourceOfTruth, "sourceOfTruth");
        Objects.requireNonNull(onSourceDelete, "onSourceDelete");
    }

    /** One-way, source wins, deletes at the source are propagated: the safe default for a read-only source. */
    public static SyncPolicy defaults() {
        return new SyncPolicy(Direction.SOURCE_TO_GATEWAY, SourceOfTruth.SOURCE, OnSourceDelete.DELETE);
    }

    /** True when the source may be written to. */
    public boolean twoWay() {
        return direction == Direction.TWO_WAY;
    }
}
