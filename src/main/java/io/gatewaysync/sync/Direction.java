package io.gatewaysync.sync;

/** Which way changes flow for one source: only into the gateway, or also back to the source. */
public enum Direction {
    SOURCE_TO_GATEWAY("source-to-gateway"),
    TWO_WAY("two-way");

    private final String label;

    Direction(String label) {
        this.label = label;
    }

    /** The spelling used in route parameters. */
    public String label() {
        return label;
    }

    /** Case-insensitive; unknown values fail with a message listing the allowed labels. */
    public static Direction parse(String v) {
        return Labels.parse("direction", v, values(), Direction::label);
    }
}
