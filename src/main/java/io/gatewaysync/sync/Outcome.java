package io.gatewaysync.sync;

/**
 * How an object counts in the run summary. {@link #FAILED} is never the result of a decision: the caller
 * counts it when carrying an action out fails. {@link #BLOCKED} is a record left out of the run because it
 * is blocked after repeated failures: nothing was tried, so it is not a failure of this run.
 * {@link #NOT_COUNTED} is for bookkeeping that changes no data.
 */
public enum Outcome {
    CREATED,
    UPDATED,
    DELETED,
    UNCHANGED,
    PUSHED,
    FAILED,
    BLOCKED,
    NOT_COUNTED
}
