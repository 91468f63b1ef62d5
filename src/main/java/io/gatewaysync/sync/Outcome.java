package io.gatewaysync.sync;

/**
 * How an object counts in the run summary. {@link #FAILED} is never the result of a decision: the caller
 * counts it when carrying an action out fails. {@link #NOT_COUNTED} is for bookkeeping that changes no data.
 */
public enum Outcome {
    CREATED,
    UPDATED,
    DELETED,
    UNCHANGED,
    PUSHED,
    FAILED,
    NOT_COUNTED
}
