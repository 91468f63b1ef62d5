package io.gatewaysync.sync;

/** The side that wins a conflict when the change dates cannot decide it. */
public enum SourceOfTruth {
    SOURCE("source"),
    GATEWAY("gateway");

    private final String label;

    SourceOfTruth(String label) {
        this.label = label;
    }

    /** The spelling used in route parameters. */
    public String label() {
        return label;
    }

    /** Case-insensitive; unknown values fail with a message listing the allowed labels. */
    public static SourceOfTruth parse(String v) {
        return Labels.parse("sourceOfTruth", v, values(), SourceOfTruth::label);
    }
}
