package io.gatewaysync.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import static io.gatewaysync.web.JsonReplies.respond;

/**
 * A read-only REST source served by the engine itself from the bundled {@code demo/pets.json}:
 * {@code {"results":[…],"count":N,"next":url}} pages of 10 and single objects by id.
 */
public class DemoSource {

    private static final int PAGE_SIZE = 10;

    private final ObjectMapper mapper;
    private final ArrayNode pets;

    public DemoSource(ObjectMapper mapper) {
        this.mapper = mapper;
        try (InputStream in = DemoSource.class.getResourceAsStream("/demo/pets.json")) {
            this.pets = (ArrayNode) mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled demo/pets.json cannot be read", e);
        }
    }

    public void page(Exchange exchange) {
        Message in = exchange.getMessage();
        int page;
        try {
            page = Math.max(1, Integer.parseInt(in.getHeader("page", "1", String.class)));
        } catch (NumberFormatException e) {
            page = 1;
        }
        ObjectNode body = mapper.createObjectNode();
        ArrayNode results = body.putArray("results");
        int from = (page - 1) * PAGE_SIZE;
        for (int i = from; i < Math.min(pets.size(), from + PAGE_SIZE); i++) {
            results.add(pets.get(i));
        }
        body.put("count", pets.size());
        if (from + PAGE_SIZE < pets.size()) {
            body.put("next", "/demo/pets?page=" + (page + 1));
        } else {
            body.putNull("next");
        }
        respond(exchange, 200, body);
    }

    public void item(Exchange exchange) {
        Message in = exchange.getMessage();
        String id = in.getHeader("id", String.class);
        for (JsonNode pet : pets) {
            if (pet.path("id").asText().equals(id)) {
                respond(exchange, 200, pet);
                return;
            }
        }
        ObjectNode error = mapper.createObjectNode().put("error", "no pet " + id);
        respond(exchange, 404, error);
    }
}
