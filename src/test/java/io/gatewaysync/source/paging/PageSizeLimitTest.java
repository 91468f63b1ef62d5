package io.gatewaysync.source.paging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PageSizeLimitTest {

    @ParameterizedTest
    @ValueSource(strings = {"HTTP 400: {\"error\":\"limit must be <= 50\"}", "maximum page size is 50",
            "pageSize must not exceed 50", "\"size\" must be less than or equal to 50", "max 50 per page",
            "page[size] must be at most 50", "Page size should be up to 50"})
    void readsTheLimitAServerNames(String refusal) {
        assertEquals(OptionalInt.of(50), PageSizeLimit.from(refusal, 100));
    }

    @Test
    void aLimitNotBelowWhatWasAskedIsNoLimit() {
        assertEquals(OptionalInt.empty(), PageSizeLimit.from("limit must be <= 100", 100));
        assertEquals(OptionalInt.empty(), PageSizeLimit.from("bad request: unknown field 'x' at 50", 100));
        assertEquals(OptionalInt.empty(), PageSizeLimit.from(null, 100));
    }
}
