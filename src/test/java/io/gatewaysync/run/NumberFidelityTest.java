package io.gatewaysync.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.gateway.StoredObject;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineTest;
import io.gatewaysync.testsupport.TestJson;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A number keeps every digit the source sent, end to end: into the embedded gateway, through a change
 * past the 16th digit (which a double cannot see), and back to the source after a gateway edit. The test
 * source stores and serves the JSON text it was given, as a server with exact decimals (Python's Decimal,
 * Java's BigDecimal, PostgreSQL's numeric behind PostgREST) does.
 */
class NumberFidelityTest extends EngineTest {

    private static final String PRICE = "12345678.123456789012";

    void start(String... parameters) {
        source = TestSource.start();
        source.style("items", TestSource.Style.NEXT_LINK).pageSize("items", 10);
        source.put("items", TestJson.parseObject("{\"id\":\"1\",\"price\":" + PRICE + ",\"huge\":1e400,"
                + "\"tiny\":1e-330,\"scaled\":2.50,\"whole\":7,\"big\":123456789012345678901234567890}"));
        source.put("items", TestJson.parseObject("{\"id\":\"2\",\"price\":0.1}"));
        engine = newEngine().route("items", source.url("/items"), parameters).start();
    }

    /** The engine under test; {@link NumberFidelityPostgresTest} runs the same on PostgreSQL. */
    protected EngineHarness newEngine() {
        return new EngineHarness(dir);
    }

    @Test
    void everyDigitReachesTheGatewayAndAChangePastTheSixteenthDigitIsSynced() {
        start("pagination", "next-link");
        RunResult first = engine.sync("items");
        assertEquals(RunStatus.OK, first.status(), first.line());
        assertEquals(2, first.created(), first.line());
        JsonNode stored = engine.gatewayObjectFor("items", "1").data();
        assertExact(PRICE, stored.get("price"));
        assertExact("1e400", stored.get("huge")); // a double would make it Infinity, and the object was refused
        assertExact("1e-330", stored.get("tiny")); // a double would make it 0
        assertExact("123456789012345678901234567890", stored.get("big"));
        assertEquals(7, stored.get("whole").intValue());
        RunResult again = engine.sync("items");
        assertEquals(2, again.unchanged(), again.line());

        // One digit at the 20th place: the same double, another value.
        ObjectNode changed = source.get("items", "1").deepCopy();
        changed.set("price", TestJson.parse("12345678.123456789013"));
        source.put("items", changed);
        RunResult run = engine.sync("items");
        assertEquals(1, run.updated(), run.line());
        assertExact("12345678.123456789013", engine.gatewayObjectFor("items", "1").data().get("price"));

        // Trailing zeros and exponents write the same value: no change.
        ObjectNode same = source.get("items", "1").deepCopy();
        same.set("scaled", TestJson.parse("2.5000"));
        same.set("huge", TestJson.parse("10E+399"));
        source.put("items", same);
        RunResult quiet = engine.sync("items");
        assertEquals(2, quiet.unchanged(), quiet.line());
    }

    @Test
    void aGatewayEditIsWrittenBackWithEveryDigit() {
        start("pagination", "next-link", "direction", "two-way");
        assertEquals(2, engine.sync("items").created());
        StoredObject object = engine.gatewayObjectFor("items", "2");
        ObjectNode edited = object.data().deepCopy();
        edited.set("price", TestJson.parse("0.100000000000000000001"));
        assertEquals(200, engine.http("PUT", "/api/items/" + object.id(), edited).statusCode());
        RunResult run = engine.sync("items");
        assertEquals(1, run.pushed(), run.line());
        assertExact("0.100000000000000000001", source.get("items", "2").get("price"));
        assertExact("0.100000000000000000001", engine.gatewayObjectFor("items", "2").data().get("price"));
        RunResult next = engine.sync("items");
        assertEquals(2, next.unchanged(), next.line());
        assertEquals(1, source.requestCount("PUT"));
    }

    private static void assertExact(String expected, JsonNode actual) {
        assertTrue(actual != null && actual.isNumber(), "a number, not " + actual);
        assertEquals(0, new BigDecimal(expected).compareTo(actual.decimalValue()),
                "expected " + expected + ", stored " + actual);
    }
}
