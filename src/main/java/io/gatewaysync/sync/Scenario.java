package io.gatewaysync.sync;

import java.util.Locale;

/** The row of the decision table an object falls in; logged and counted so operators can see why. */
public enum Scenario {
    NEW_AT_SOURCE,
    UNCHANGED,
    SOURCE_CHANGED,
    GATEWAY_CHANGED,
    BOTH_CHANGED,
    DELETED_IN_GATEWAY,
    DELETED_AT_SOURCE,
    NEW_IN_GATEWAY,
    GONE_FROM_BOTH;

    private final String label = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** Lower-kebab name, e.g. {@code new-at-source}, for logs and metrics tags. */
    public String label() {
        return label;
    }
}
