package io.gatewaysync.engine;

import io.gatewaysync.testsupport.EngineHarness;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's own routes are named one by one in the shipped {@code camel.main.routes-include-pattern}
 * (a classpath wildcard costs a scan of the whole jar at every start-up): the list must name exactly the
 * route files the jar carries, or a new one would silently not be loaded.
 */
class ShippedRoutesTest {

    @Test
    void theDefaultPatternNamesEveryShippedRouteAndTheUsersRouteFolder() throws IOException {
        String pattern = EngineHarness.defaultRoutePattern();
        Set<String> listed = Arrays.stream(pattern.split(","))
                .map(String::trim)
                .filter(p -> p.startsWith("classpath:"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> shipped;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/gateway-sync"))) {
            shipped = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .map(n -> "classpath:gateway-sync/" + n)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(shipped, listed, "camel.main.routes-include-pattern in gateway-sync-defaults.properties");
        assertTrue(listed.stream().noneMatch(p -> p.contains("*")), "no classpath wildcard: " + pattern);
        assertTrue(Arrays.asList(pattern.split(",")).contains("file:routes/*.yaml"), pattern);
    }
}
