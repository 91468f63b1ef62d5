package io.gatewaysync.run;

import io.gatewaysync.sync.Action;

import java.util.List;

/**
 * The candidates of one page that share a decided action: the unit the route's content-based router
 * sends to a delivery, so that every delivery works on a batch.
 */
public record ActionGroup(Action action, List<Candidate> candidates) {
    public int size() {
        return candidates.size();
    }
}
