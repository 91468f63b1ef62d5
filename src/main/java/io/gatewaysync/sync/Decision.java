package io.gatewaysync.sync;

/**
 * The result of {@link Decider#decide}: the table row, what to do, whether it was a conflict (both sides
 * edited) and a short human reason for logs.
 */
public record Decision(Scenario scenario, Action action, boolean conflict, String reason) {
}
