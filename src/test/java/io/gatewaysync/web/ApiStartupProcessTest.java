package io.gatewaysync.web;

import io.gatewaysync.Application;

import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineTest;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine as an operator starts it, in a JVM of its own ({@code Application}, continuous mode),
 * with its API keys from the environment ({@code GATEWAY_API_KEYS}): a client that polls an existing
 * schema from the moment the process starts sees the port closed, 503, then 200, and never a 404; and
 * nothing the process writes shows a key.
 */
class ApiStartupProcessTest extends EngineTest {

    static final String READ = "startup-read-key-4c7d1e";
    static final String ADMIN = "startup-admin-key-8a2f6b";
    static final String FILE_KEY = "file-admin-key-0d9e3c7a";

    Process child;

    @AfterEach
    void killChild() {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
        }
    }

    @Test
    void aClientPollingFromTheStartNeverSees404AndNoKeyIsEverLogged() throws Exception {
        source = TestSource.start();
        source.style("pets", TestSource.Style.PAGE).pageSize("pets", 10);
        source.generate("pets", 5);
        engine = new EngineHarness(dir).route("pets", source.url("/pets"), "pagination", "page").start();
        assertEquals(5, engine.sync("pets").created());
        engine.close();
        // The same folder, database and routes; the engine runs in the child now.
        EngineHarness settings = new EngineHarness(dir);
        int port = settings.port();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", testClassPath(),
                // The engine's own logging (INFO, Camel's start-up lines included), not the tests' quieter one.
                "-Dlog4j2.configurationFile=log4j2.properties"));
        settings.overrides().forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("io.gatewaysync.Application");
        Path log = dir.resolve("child.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("GATEWAY_API_KEYS", "read:" + READ + ",admin:" + ADMIN);
        // A key in application.properties too (the environment overrides it): Camel's start-up summary
        // of the file's properties must not show it either.
        Files.writeString(dir.resolve("application.properties"), "gateway.api-keys=admin:" + FILE_KEY + "\n");
        builder.environment().put("GATEWAY_HOST", "127.0.0.1");

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/pets"))
                .header("Authorization", "Bearer " + READ).timeout(Duration.ofSeconds(10)).build();
        Map<Integer, Integer> seen = new TreeMap<>();
        int refused = 0;
        child = builder.start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        int ok = 0;
        while (ok < 20 && System.nanoTime() < end) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                seen.merge(response.statusCode(), 1, Integer::sum);
                assertTrue(response.statusCode() == 503 || response.statusCode() == 200,
                        "while starting: " + response.statusCode() + " " + response.body());
                if (response.statusCode() == 200) {
                    assertTrue(response.body().contains("\"count\":5"), response.body());
                    ok++;
                }
            } catch (ConnectException notYetListening) {
                refused++;
                assertTrue(child.isAlive(), "the engine ended:\n" + Files.readString(log));
                Thread.sleep(2);
            }
        }
        System.out.println("polling from process start: " + refused + " refused connections, answers " + seen);
        assertEquals(20, ok, "answers " + seen + "\n" + Files.readString(log));
        assertFalse(seen.containsKey(404));

        child.destroy(); // SIGTERM
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "stopped on SIGTERM");
        String output = Files.readString(log);
        assertFalse(output.contains(READ) || output.contains(ADMIN) || output.contains(FILE_KEY),
                "a key in the output:\n" + output);
        assertTrue(output.contains("2 API key(s)"), output);
        assertTrue(output.contains("BaseMainSupport - Properties location"), "Camel's own start-up lines are in it: " + output);
    }

    static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

}
