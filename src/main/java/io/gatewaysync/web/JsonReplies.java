package io.gatewaysync.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.time.Instant;

/**
 * The JSON answer of every engine endpoint on platform-http (gateway API, operator's API, notifications,
 * demo source), and the small parsing helpers they share.
 */
public final class JsonReplies {

    private JsonReplies() {
    }

    /**
     * Sets status and body with only the headers the API means to send: platform-http would otherwise copy
     * the request's headers (its {@code Authorization} and {@code X-Api-Key} too) and query parameters into
     * the response, and a form's fields, which Vert.x then refuses as header names (a 500). No answer
     * is kept by a cache: it is live state, often read with a key.
     */
    public static void respond(Exchange exchange, int status, JsonNode body) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setHeader("Cache-Control", "no-store");
        out.setBody(body.toString());
    }

    /** {@code {"status":…,"error":…}} with that status. */
    public static void error(Exchange exchange, int status, String message) {
        respond(exchange, status, errorBody(status, message));
    }

    public static ObjectNode errorBody(int status, String message) {
        return JsonNodeFactory.instance.objectNode().put("status", status).put("error", message);
    }

    /** A query parameter as a whole number: {@code fallback} when absent, -1 when not a number. */
    public static long number(String value, long fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** ISO-8601, or null. */
    public static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
