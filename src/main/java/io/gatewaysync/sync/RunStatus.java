package io.gatewaysync.sync;

/**
 * State of one run of one source.
 * <ul>
 *   <li>OK: the listing completed (objects may still have failed: see the {@code failed} counter).</li>
 *   <li>PARTIAL: the listing broke off (HTTP error after retries, malformed page); the pages read were
 *       synced, and nothing was deleted.</li>
 *   <li>FAILED: the run itself could not go on (e.g. the database went away).</li>
 *   <li>SKIPPED: not run: the source is paused or another engine holds its lease.</li>
 * </ul>
 */
public enum RunStatus {
    RUNNING,
    OK,
    PARTIAL,
    FAILED,
    SKIPPED
}
