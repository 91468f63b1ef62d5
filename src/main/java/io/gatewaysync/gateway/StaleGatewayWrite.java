package io.gatewaysync.gateway;

/**
 * A write a remote gateway refused with 412 (or 428): its copy changed since the ETag sent as
 * {@code If-Match} was read. Never retried blind: the copy is read again and the object decided again.
 */
public final class StaleGatewayWrite extends GatewayException {
    public StaleGatewayWrite(String message) {
        super(message);
    }
}
