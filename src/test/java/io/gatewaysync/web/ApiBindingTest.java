package io.gatewaysync.web;

import io.gatewaysync.cli.Cli;

import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The binding rule on a real engine: which address the HTTP server really listens on is read from the
 * kernel's socket table ({@code /proc/net/tcp}, {@code tcp6}), so no traffic leaves loopback. Loopback
 * without keys; 0.0.0.0 with keys; a non-loopback host without keys refused (exit 2, one clear line);
 * allowed with {@code gateway.allow-anonymous=true}.
 */
class ApiBindingTest extends EngineTest {

    @Test
    void withoutKeysTheServerListensOnLoopbackOnly() throws IOException {
        engine = new EngineHarness(dir).start();
        assertEquals(Set.of("127.0.0.1"), listening(engine.port()));
    }

    @Test
    void withKeysTheServerListensOnEveryInterface() throws IOException {
        engine = new EngineHarness(dir).property("gateway.api-keys", "read:a-read-key-123456").start();
        assertEquals(Set.of("0.0.0.0"), listening(engine.port()));
    }

    @Test
    void aNonLoopbackHostWithoutKeysStopsTheStart() {
        EngineHarness harness = new EngineHarness(dir).property("gateway.host", "0.0.0.0");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(new String[]{"--once"}, EngineHarness.LOCATIONS, harness.overrides());
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(Cli.CONFIGURATION_ERROR, code, message);
        List<String> lines = message.lines().toList();
        assertEquals(1, lines.size(), "one line, no stack trace: " + message);
        assertTrue(lines.get(0).contains("gateway.host") && lines.get(0).contains("0.0.0.0")
                && lines.get(0).contains("gateway.api-keys") && lines.get(0).contains("gateway.allow-anonymous"), message);
    }

    @Test
    void allowAnonymousOpensANonLoopbackHost() throws IOException {
        engine = new EngineHarness(dir).property("gateway.host", "0.0.0.0")
                .property("gateway.allow-anonymous", "true").start();
        assertEquals(Set.of("0.0.0.0"), listening(engine.port()));
        assertEquals(200, engine.http("GET", "/api/pets", null).statusCode(), "no key needed");
    }

    @Test
    void allowAnonymousIsWarnedAboutAtEveryStart() throws Exception {
        EngineHarness settings = new EngineHarness(dir).property("gateway.host", "0.0.0.0")
                .property("gateway.allow-anonymous", "true");
        for (int start = 1; start <= 2; start++) {
            io.gatewaysync.testsupport.ChildEngine child = io.gatewaysync.testsupport.ChildEngine.start(settings,
                    java.util.Map.of(), dir.resolve("start-" + start + ".log"), "--once");
            child.await(60); // no sources: exit 2 after the start, which is what is looked at here
            assertTrue(child.output().lines().anyMatch(l -> l.contains("WARN") && l.contains("gateway.allow-anonymous=true")
                    && l.contains("open to anyone")), "start " + start + ":\n" + child.output());
        }
    }

    /** The local addresses with a listening TCP socket on {@code port}, from the kernel's tables. */
    static Set<String> listening(int port) throws IOException {
        Set<String> addresses = new HashSet<>();
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file); // one read: the table changes all the time
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                String[] local = f[1].split(":");
                if (!f[3].equals("0A") || !local[1].equals(hexPort)) {
                    continue; // not LISTEN, or another port
                }
                addresses.add(address(local[0]));
            }
        }
        assertFalse(addresses.isEmpty(), "nothing listens on port " + port);
        return addresses;
    }

    private static String address(String hex) {
        return switch (hex) {
            case "0100007F", "0000000000000000FFFF00000100007F" -> "127.0.0.1";
            case "00000000000000000000000001000000" -> "::1";
            case "00000000", "00000000000000000000000000000000" -> "0.0.0.0";
            default -> hex;
        };
    }
}
