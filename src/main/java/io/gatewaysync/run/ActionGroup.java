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

    /**
     * The action's name, for the route's content-based router: {@code ${body.kind} == 'KEEP'} compares two
     * strings, where {@code ${body.action} == 'KEEP'} had Camel convert the text to the enum, a type
     * converter look-up that misses its cache every time (~4 % of a 1 %-changed run's samples, JFR).
     */
    public String kind() {
        return action.name();
    }
}
