package io.gatewaysync.sync;

/** What to do with one object. The counters are about the gateway; writes to the source count as pushed. */
public enum Action {
    NONE(Outcome.UNCHANGED),
    CREATE_IN_GATEWAY(Outcome.CREATED),
    UPDATE_GATEWAY(Outcome.UPDATED),
    DELETE_IN_GATEWAY(Outcome.DELETED),
    CREATE_IN_SOURCE(Outcome.PUSHED),
    UPDATE_SOURCE(Outcome.PUSHED),
    DELETE_IN_SOURCE(Outcome.PUSHED),
    /** Leave the gateway copy as it is although the other side differs (deliberately, not by accident). */
    KEEP(Outcome.UNCHANGED),
    /** Forget the synchronization record: the object is gone from both sides. */
    DROP_RECORD(Outcome.NOT_COUNTED);

    private final Outcome outcome;

    Action(Outcome outcome) {
        this.outcome = outcome;
    }

    public boolean writesGateway() {
        return this == CREATE_IN_GATEWAY || this == UPDATE_GATEWAY || this == DELETE_IN_GATEWAY;
    }

    public boolean writesSource() {
        return this == CREATE_IN_SOURCE || this == UPDATE_SOURCE || this == DELETE_IN_SOURCE;
    }

    /** The summary counter this action adds to when it succeeds. */
    public Outcome outcome() {
        return outcome;
    }
}
