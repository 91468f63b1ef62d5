package io.gatewaysync.gateway;

/** A failure talking to the gateway; the message names the gateway, the object and what went wrong. */
public class GatewayException extends RuntimeException {
    public GatewayException(String message) {
        super(message);
    }

    public GatewayException(String message, Throwable cause) {
        super(message, cause);
    }
}
