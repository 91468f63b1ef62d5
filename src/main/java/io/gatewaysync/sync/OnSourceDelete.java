package io.gatewaysync.sync;

/** What happens to the gateway copy when an object disappears from a complete source listing. */
public enum OnSourceDelete {
    DELETE("delete"),
    KEEP("keep");

    private final String label;

    OnSourceDelete(String label) {
        this.label = label;
    }

    /** The spelling used in route parameters. */
    public String label() {
        return label;
    }

    /** Case-insensitive; unknown values fail with a message listing the allowed labels. */
    public static OnSourceDelete parse(String v) {
        return Labels.parse("onSourceDelete", v, values(), OnSourceDelete::label);
    }
}
