package io.gatewaysync.sync;

import java.time.Instant;

/**
 * What is known about one object at decision time; gathering it is the caller's job, so the decision
 * itself stays a pure function.
 *
 * @param hasRecord          a synchronization record links a source object to a gateway object
 * @param onSource           the object is in the source listing. {@code false} may only be passed after a
 *                           <em>complete</em> listing: an aborted or malformed listing proves nothing about
 *                           absence, and passing {@code false} then would delete data.
 * @param onGateway          the gateway holds the object (the one the record points to, if any)
 * @param sourceChanged      the source hash now differs from the hash stored in the record; {@code false}
 *                           when there is no record or the object is not on the source
 * @param gatewayChanged     the gateway hash now differs from the hash stored in the record; {@code false}
 *                           when there is no record or the object is not on the gateway
 * @param sourceLastChanged  the source's own change date, or {@code null} when unknown
 * @param gatewayLastChanged the gateway's change date, or {@code null} when unknown
 */
public record Facts(boolean hasRecord, boolean onSource, boolean onGateway, boolean sourceChanged,
                    boolean gatewayChanged, Instant sourceLastChanged, Instant gatewayLastChanged) {
}
