package io.gatewaysync.run;

import io.gatewaysync.testsupport.GeneratedSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A large listing streams (issue 4): the engine, started as an operator starts it
 * ({@code java ... io.gatewaysync.Application --once} with {@code -D} overrides) in its own JVM
 * with a 64 MB heap, syncs a source of 50,000 objects of about 1.3 KB each into the embedded gateway
 * on H2. The listing is about 65 MB of JSON, several times the heap (and Jackson trees take several
 * times their JSON), so the run only completes if pages are processed as they arrive and let go.
 */
class StreamingTest {

    static final int OBJECTS = 50_000;
    static final int PAGE_SIZE = 500;
    static final int PADDING = 1_000;

    @TempDir
    Path dir;

    @Test
    void aSourceMuchLargerThanTheHeapSyncsInA64MbJvm() throws Exception {
        try (GeneratedSource source = GeneratedSource.start(OBJECTS, PAGE_SIZE, PADDING)) {
            Files.createDirectories(dir.resolve("routes"));
            Files.writeString(dir.resolve("routes/big.yaml"), """
                    - templatedRoute:
                        routeTemplateRef: gateway-sync
                        routeId: gateway-sync-big
                        parameters:
                          - name: source
                            value: big
                          - name: url
                            value: "%s"
                          - name: pagination
                            value: next-link
                          - name: schedule
                            value: "0 0 0 1 1 ? 2099"
                    """.formatted(source.url()));
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
                    "-Dsync.db.url=jdbc:h2:file:" + dir.resolve("data/gateway-sync").toAbsolutePath()
                            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                    "-Dgateway.port=" + freePort(),
                    "-Ddemo.enabled=false",
                    "-Dcamel.main.jmx-enabled=false",
                    "-cp", System.getProperty("java.class.path"),
                    "io.gatewaysync.Application", "--once"));
            Path log = dir.resolve("engine.log");
            Process engine = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            boolean ended = engine.waitFor(150, TimeUnit.SECONDS);
            if (!ended) {
                engine.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(ended, "the run did not end in time:\n" + tail(output));
            assertFalse(output.contains("OutOfMemoryError"), tail(output));
            assertEquals(0, engine.exitValue(), tail(output));
            assertTrue(output.contains("source=big status=OK created=" + OBJECTS + " "), tail(output));
            assertEquals(OBJECTS / PAGE_SIZE, source.listRequests(), "every page was read once");
        }
    }

    private static String tail(String output) {
        return output.length() <= 6000 ? output : "..." + output.substring(output.length() - 6000);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
