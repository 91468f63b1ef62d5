package io.gatewaysync.engine;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * application.properties in the working directory overrides the built-in defaults (DESIGN §4; the
 * docker-compose file mounts one). Camel takes a key from the first location that has it, so the
 * order of {@link Engine#DEFAULT_LOCATIONS} matters.
 */
class PropertyLayersTest {

    @TempDir
    Path dir;

    @Test
    void theWorkingDirectorysFileWinsOverTheDefaults() throws Exception {
        Path file = dir.resolve("application.properties");
        Files.writeString(file, "gateway.port=18080\n");
        String locations = Engine.DEFAULT_LOCATIONS.replace("file:application.properties", "file:" + file.toAbsolutePath());
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation(locations);
            context.start();
            assertEquals("18080", context.getPropertiesComponent().resolveProperty("gateway.port").orElseThrow());
            // Keys the file does not set come from the defaults.
            assertEquals("/observe/health",
                    context.getPropertiesComponent().resolveProperty("camel.management.health-path").orElseThrow());
        }
    }

    @Test
    void withoutTheFileTheDefaultsApply() throws Exception {
        String locations = Engine.DEFAULT_LOCATIONS.replace("file:application.properties",
                "file:" + dir.resolve("missing.properties").toAbsolutePath());
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation(locations);
            context.start();
            assertEquals("8080", context.getPropertiesComponent().resolveProperty("gateway.port").orElseThrow());
        }
    }
}
