package io.gatewaysync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewaysync.testsupport.HawtioServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The artifact users run, run as they run it (Maven Failsafe, after {@code package}): the shaded
 * {@code target/gateway-sync.jar} in processes of its own, started by {@code bin/gateway-sync} and
 * {@code java -jar} in a working folder with the shipped {@code application.properties} and
 * {@code routes/demo-pets.yaml}, on free ports, and checked from outside only. What works on Maven's
 * classpath but not in the jar (a resource the shade plugin dropped, a service file it kept only one
 * of: Jolokia answered every read with "No request handler found") fails here.
 *
 * <p>One continuous engine (Jolokia on) serves most checks; the stop comes last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShippedJarIT {

    static final Pattern SUMMARY = Pattern.compile("source=pets status=OK created=\\d+ updated=\\d+ deleted=\\d+ "
            + "unchanged=\\d+ conflicts=\\d+ pushed=\\d+ failed=0 duration_ms=\\d+ blocked=\\d+ mode=full");
    static final Pattern LOG_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO|WARN|ERROR|DEBUG) ");
    static final String USER = "ops";
    static final String PASSWORD = "it-jolokia-7c1d93e0";
    static final ObjectMapper JSON = new ObjectMapper();

    final Path basedir = Path.of(System.getProperty("gateway.basedir", ".")).toAbsolutePath();
    final Path jar = Path.of(System.getProperty("gateway.jar", "target/gateway-sync.jar")).toAbsolutePath();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Path work;
    Path engineDir;
    int port;
    int jolokiaPort;
    Process engine;
    Path engineLog;
    Process once;
    Path onceDir;
    java.util.concurrent.CompletableFuture<HawtioServer> hawtio;

    @BeforeAll
    void startTheEngineAndAOneShotRun() throws Exception {
        assertTrue(Files.isRegularFile(jar), "the shaded jar is built before the integration tests: " + jar);
        work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "gateway-sync-it");
        engineDir = workingFolder("engine");
        port = freePort();
        jolokiaPort = freePort();
        engineLog = engineDir.resolve("engine.log");
        // As the README: bin/gateway-sync in a folder with application.properties and routes/; the -D options
        // on the launcher's line reach the JVM (issue 29: they were refused as unknown arguments).
        ProcessBuilder builder = new ProcessBuilder(launcher(), "-Dgateway.port=" + port, "-Djolokia.enabled=true",
                "-Djolokia.port=" + jolokiaPort, "-Xmx256m")
                .directory(engineDir.toFile()).redirectErrorStream(true).redirectOutput(engineLog.toFile());
        builder.environment().put("JOLOKIA_USER", USER);
        builder.environment().put("JOLOKIA_PASSWORD", PASSWORD);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        engine = builder.start();
        // The one-shot run of the README in a folder of its own, meanwhile.
        onceDir = workingFolder("once");
        once = new ProcessBuilder(launcher(), "--once", "-Dgateway.port=" + freePort())
                .directory(onceDir.toFile())
                .redirectOutput(onceDir.resolve("out.txt").toFile()).redirectError(onceDir.resolve("err.txt").toFile())
                .start();
        // hawtio's server side meanwhile, in this JVM: its proxy may reach the engine's Jolokia on loopback only.
        hawtio = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return HawtioServer.start(Path.of(System.getProperty("hawtio.war")), work.resolve("hawtio"), freePort(),
                        "127.0.0.1");
            } catch (Exception e) {
                throw new IllegalStateException("hawtio did not start: " + e, e);
            }
        });
        waitForJolokia();
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (hawtio != null) {
            hawtio.cancel(false);
            if (hawtio.isDone() && !hawtio.isCompletedExceptionally() && !hawtio.isCancelled()) {
                hawtio.get().close();
            }
        }
        for (Process process : new Process[]{engine, once}) {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
        if (work != null) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void theDemoOnceRunPrintsItsSummaryLineAndExitsZero() throws Exception {
        assertTrue(once.waitFor(90, TimeUnit.SECONDS), "--once ended");
        String out = Files.readString(onceDir.resolve("out.txt"));
        String err = Files.readString(onceDir.resolve("err.txt"));
        assertEquals(0, once.exitValue(), out + err);
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), out);
        assertTrue(SUMMARY.matcher(lines.get(0)).matches(), lines.get(0));
        assertTrue(lines.get(0).contains("created=25"), "a fresh folder: the 25 demo pets are new: " + lines.get(0));
    }

    @Test
    @Order(2)
    void jolokiaReadsListsAndExecutesWithCredentialsAndRefusesWithout() throws Exception {
        String base = "http://127.0.0.1:" + jolokiaPort + "/jolokia";
        // The start-up run has ended once its status is OK.
        JsonNode status = null;
        for (int i = 0; i < 60; i++) {
            status = jolokia("GET", base + "/read/io.gatewaysync:type=source,name=pets/LastRunStatus", null);
            if ("OK".equals(status.path("value").asText())) {
                break;
            }
            Thread.sleep(500);
        }
        assertEquals(200, status.path("status").asInt(), status.toString());
        assertEquals("OK", status.path("value").asText(), status.toString());

        JsonNode list = jolokia("GET", base + "/list/io.gatewaysync", null);
        assertEquals(200, list.path("status").asInt(), list.toString());
        JsonNode pets = list.path("value").path("name=pets,type=source");
        assertTrue(pets.path("attr").has("LastRunStatus") && pets.path("op").has("syncNow"), list.toString());

        // hawtio's Camel tree: Camel's own MBeans are there too.
        JsonNode routes = jolokia("GET", base + "/search/org.apache.camel:type=routes,*", null);
        assertEquals(200, routes.path("status").asInt(), routes.toString());
        assertTrue(routes.path("value").toString().contains("gateway-sync-pets"), routes.toString());

        JsonNode exec = jolokia("POST", base, "{\"type\":\"exec\",\"mbean\":\"io.gatewaysync:type=source,name=pets\","
                + "\"operation\":\"syncNow\",\"arguments\":[]}");
        assertEquals(200, exec.path("status").asInt(), exec.toString());
        assertFalse(exec.path("value").asText().isBlank(), exec.toString());

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(
                URI.create(base + "/read/io.gatewaysync:type=source,name=pets/LastRunStatus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(base + "/version"))
                .header("Authorization", basic(USER, "not-the-password")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, wrong.statusCode(), wrong.body());
    }

    @Test
    @Order(3)
    void theConsoleAndItsFilesAreServed() throws Exception {
        HttpResponse<String> page = get("/console/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("console.js") && page.body().contains("console.css"), page.body());
        for (String file : List.of("console.js", "console.css", "favicon.svg")) {
            HttpResponse<String> answer = get("/console/" + file);
            assertEquals(200, answer.statusCode(), file);
            assertFalse(answer.body().isBlank(), file);
        }
        HttpResponse<String> sources = get("/api/_sources");
        assertEquals(200, sources.statusCode(), sources.body());
        assertEquals("no-store", sources.headers().firstValue("Cache-Control").orElse(null));
        assertTrue(sources.body().contains("\"pets\""), sources.body());
        assertEquals(200, get("/observe/health").statusCode());
    }

    @Test
    @Order(4)
    void probeWritesARouteFileForTheEnginesDemoSourceAndCheckReadsARouteFile() throws Exception {
        Result probe = javaJar(engineDir, "--probe", "http://127.0.0.1:" + port + "/demo/pets", "--source", "pets2");
        assertEquals(0, probe.code(), probe.out() + probe.err());
        assertTrue(probe.out().contains("routeTemplateRef: gateway-sync") && probe.out().contains("value: \"pets2\"")
                && probe.out().contains("next-link"), probe.out());

        Result check = javaJar(engineDir, "-Dgateway.port=" + port, "--check", "routes/demo-pets.yaml");
        assertEquals(0, check.code(), check.out() + check.err());
        assertTrue(check.out().contains("source=pets file=routes/demo-pets.yaml"), check.out());
        assertTrue(check.out().contains("first page:"), check.out());
    }

    @Test
    @Order(5)
    void aOneShotRunNextToTheEngineOnItsPortOrOnItsLockedDatabaseSaysSoInOneLineAndExitsTwo() throws Exception {
        Path dir = workingFolder("beside");
        // The engine's H2 file, opened without AUTO_SERVER (the shipped URL has it): H2 refuses, the file is locked.
        String lockedUrl = "jdbc:h2:file:" + engineDir.resolve("data/gateway-sync") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        var locked = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return javaJar(workingFolder("locked"), "--once", "-Dgateway.port=" + freePort(), "-Dsync.db.url=" + lockedUrl);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Result beside = javaJar(dir, "--once", "-Dgateway.port=" + port);
        assertOneLineAndExitTwo(beside, "configuration error: gateway.port " + port, "in use");
        assertOneLineAndExitTwo(locked.get(90, TimeUnit.SECONDS), "configuration error: database", "locked");
    }

    /** Besides the log (timestamped lines), one line: what could not start and what that means; no stack trace. */
    static void assertOneLineAndExitTwo(Result result, String start, String says) {
        assertEquals(2, result.code(), result.log());
        assertEquals("", result.out());
        List<String> errors = result.err().lines().filter(l -> !l.isBlank() && !LOG_LINE.matcher(l).lookingAt()).toList();
        assertEquals(1, errors.size(), result.err());
        assertTrue(errors.get(0).startsWith(start) && errors.get(0).contains(says), result.err());
        noStackTrace(result.log());
    }

    @Test
    @Order(6)
    void helpListsTheCommands() throws Exception {
        Result help = javaJar(work, "--help");
        assertEquals(0, help.code(), help.err());
        for (String word : List.of("--once", "--probe", "--check", "-Dkey=value", "JOLOKIA_PASSWORD")) {
            assertTrue(help.out().contains(word), word + " in " + help.out());
        }
    }

    /**
     * hawtio 4 as its Connect tab reaches a remote Jolokia: through its server-side proxy, the remote
     * credentials in {@code X-Jolokia-Authorization} (hawtio's own header, turned into Basic for the
     * target), the browser's Origin that of hawtio (no {@code jolokia.cors-origins} needed). hawtio's
     * Camel tab reads the routes, its JMX tab the source MBeans and their operations.
     */
    @Test
    @Order(7)
    void hawtioReachesTheEnginesJolokiaThroughItsProxyWithTheCredentials() throws Exception {
        HawtioServer server = hawtio.get(90, TimeUnit.SECONDS);
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(server.url())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        String proxy = server.proxy("127.0.0.1", jolokiaPort);
        String origin = server.url().replaceFirst("/hawtio/$", "");

        JsonNode read = hawtioProxy(proxy + "/read/io.gatewaysync:type=source,name=pets/Name", origin, basic(USER, PASSWORD), 200);
        assertEquals("pets", read.path("value").asText(), read.toString());
        JsonNode routes = hawtioProxy(proxy + "/search/org.apache.camel:type=routes,*", origin, basic(USER, PASSWORD), 200);
        assertTrue(routes.path("value").toString().contains("gateway-sync-pets"), routes.toString());
        JsonNode list = hawtioProxy(proxy + "/list/io.gatewaysync", origin, basic(USER, PASSWORD), 200);
        assertTrue(list.path("value").path("name=pets,type=source").path("op").has("syncNow"), list.toString());

        hawtioProxy(proxy + "/version", origin, null, 401);
        hawtioProxy(proxy + "/version", origin, basic(USER, "wrong"), 401);
        // A host off hawtio's allow-list (hawtio.proxyAllowlist) is refused by hawtio itself.
        hawtioProxy(server.proxy("localhost.invalid", jolokiaPort) + "/version", origin, basic(USER, PASSWORD), 403);
    }

    /**
     * hawtio 4.2.0's own page in headless chromium (as ConsoleBrowserTest; -Dconsole.browser=off skips it),
     * with a connection to the engine's Jolokia and its credentials as its Connect tab stores them: the Camel
     * tab lists the source's route, the JMX tab the engine's domain. Screenshots: target/hawtio-*.png.
     */
    @Test
    @Order(8)
    void hawtiosPageConnectedToTheEngineShowsItsRoutesAndMBeans() throws Exception {
        org.openqa.selenium.chrome.ChromeDriverService service = browserService();
        HawtioServer server = hawtio.get(90, TimeUnit.SECONDS);
        org.openqa.selenium.chrome.ChromeDriver browser = browser(service, "chromium");
        try {
            browser.get(server.url());
            // What hawtio's Connect tab keeps: the connection, with the remote Jolokia's user and password.
            browser.executeScript("localStorage.setItem('connect.connections', arguments[0])",
                    "{\"gateway-sync\":{\"id\":\"gateway-sync\",\"name\":\"gateway-sync\",\"scheme\":\"http\","
                            + "\"host\":\"127.0.0.1\",\"port\":" + jolokiaPort + ",\"path\":\"/jolokia\","
                            + "\"username\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"}}");
            showsText(browser, server.url() + "camel/routes?con=gateway-sync", "gateway-sync-pets", "hawtio-camel");
            showsText(browser, server.url() + "jmx?con=gateway-sync", "io.gatewaysync", "hawtio-jmx");
        } finally {
            browser.quit();
            service.stop();
        }
    }

    /**
     * The engine's own web console, served by the jar, in headless chromium: the overview lists the demo
     * source with its last run's outcome, and its detail opens at its own URL. (The console's behaviour
     * for a fleet is ConsoleFleetBrowserTest's; this checks that the jar carries all it needs.)
     */
    /**
     * The launcher runs a {@code --once} (a batch: throughput counts, not pauses) on the parallel collector,
     * keeps the JVM's choice for continuous mode, and never adds a second collector to one chosen in
     * {@code JAVA_OPTS} or on the line (the JVM would refuse to start). As the JVM itself reports it.
     */
    @Test
    @Order(8)
    void aOneShotRunsOnTheParallelCollectorUnlessOneIsChosen() throws Exception {
        Path dir = workingFolder("collector");
        assertTrue(collector(dir, null, "--once", "--source", "none").contains("Using Parallel"));
        assertTrue(collector(dir, "-XX:+UseSerialGC", "--once", "--source", "none").contains("Using Serial"));
        assertTrue(collector(dir, null, "-XX:+UseSerialGC", "--once", "--source", "none").contains("Using Serial"));
        assertFalse(collector(dir, null, "--help").contains("Using Parallel"), "continuous mode keeps the JVM's choice");
    }

    /** The JVM's "Using …" line of the collector it started with (-Xlog:gc on the launcher's line). */
    private String collector(Path dir, String javaOpts, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher(), "-Xlog:gc:stdout"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().remove("JAVA_OPTS");
        if (javaOpts != null) {
            builder.environment().put("JAVA_OPTS", javaOpts);
        }
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher ended");
        return out.lines().filter(l -> l.contains("Using ")).findFirst().orElse("no collector line in: " + out);
    }

    @Test
    @Order(9)
    void theConsoleServedByTheJarShowsTheSourceAndItsDetail() throws Exception {
        org.openqa.selenium.chrome.ChromeDriverService service = browserService();
        org.openqa.selenium.chrome.ChromeDriver browser = browser(service, "chromium-console");
        try {
            String console = "http://127.0.0.1:" + port + "/console/";
            showsText(browser, console, "pets", "console-overview");
            showsText(browser, console + "#/sources/pets", "/demo/pets", "console-detail");
            assertTrue(browser.findElement(org.openqa.selenium.By.tagName("body")).getText().matches("(?s).*\\bOK\\b.*"),
                    "the last run's outcome in words");
        } finally {
            browser.quit();
            service.stop();
        }
    }

    /** chromedriver for this test's browser; aborts the test with -Dconsole.browser=off. */
    static org.openqa.selenium.chrome.ChromeDriverService browserService() {
        if ("off".equals(System.getProperty("console.browser"))) {
            org.junit.jupiter.api.Assumptions.abort("-Dconsole.browser=off");
        }
        String chromium = System.getProperty("chromium.binary", "/usr/bin/chromium");
        String chromedriver = System.getProperty("chromedriver.binary", "/usr/bin/chromedriver");
        assertTrue(new java.io.File(chromium).canExecute() && new java.io.File(chromedriver).canExecute(),
                "chromium and chromedriver (src/test/browser/ensure-chromium.sh; or -Dconsole.browser=off)");
        return new org.openqa.selenium.chrome.ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File(chromedriver)).usingAnyFreePort().build();
    }

    /** Headless chromium with a profile of its own under the test's folder. */
    org.openqa.selenium.chrome.ChromeDriver browser(org.openqa.selenium.chrome.ChromeDriverService service, String profileName)
            throws IOException {
        Path profile = Files.createDirectories(work.resolve(profileName));
        org.openqa.selenium.chrome.ChromeOptions options = new org.openqa.selenium.chrome.ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
                "--disable-background-networking", "--user-data-dir=" + profile, "--window-size=1400,1000");
        return new org.openqa.selenium.chrome.ChromeDriver(service, options);
    }

    void showsText(org.openqa.selenium.chrome.ChromeDriver browser, String url, String text, String shot) throws IOException {
        browser.get(url);
        try {
            new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(45)).until(b ->
                    b.findElement(org.openqa.selenium.By.tagName("body")).getText().contains(text));
        } finally {
            Files.write(Path.of(System.getProperty("gateway.jar")).resolveSibling(shot + ".png"),
                    browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        }
    }

    JsonNode hawtioProxy(String url, String origin, String credentials, int status) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Origin", origin)
                .timeout(Duration.ofSeconds(30));
        if (credentials != null) {
            request.header("X-Jolokia-Authorization", credentials);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), url + ": " + response.body());
        if (status != 200) {
            return null;
        }
        JsonNode body = JSON.readTree(response.body());
        assertEquals(200, body.path("status").asInt(), body.toString());
        return body;
    }

    @Test
    @Order(10)
    void sigtermStopsTheEngineWithJolokiaOnPromptlyAndWithoutAStackTrace() throws Exception {
        assertTrue(engine.isAlive(), Files.readString(engineLog));
        long start = System.nanoTime();
        engine.destroy(); // SIGTERM: bin/gateway-sync exec's the JVM
        assertTrue(engine.waitFor(30, TimeUnit.SECONDS), "stopped within 30 s");
        long millis = (System.nanoTime() - start) / 1_000_000;
        String log = Files.readString(engineLog);
        assertEquals(143, engine.exitValue(), log);
        assertTrue(millis < 15_000, "stopped in " + millis + " ms");
        assertTrue(log.contains("jolokia: http://127.0.0.1:" + jolokiaPort), log);
        noStackTrace(log);
        assertFalse(log.contains(" WARN "), "no warning at start or stop:\n" + log);
        assertFalse(log.contains(" ERROR "), log);
    }

    // ---------------------------------------------------------------- helpers

    record Result(int code, String out, String err) {
        String log() {
            return out + err;
        }
    }

    static void noStackTrace(String log) {
        for (String line : log.lines().toList()) {
            assertFalse(line.startsWith("\tat ") || line.contains("Exception"), "a stack trace or exception:\n" + log);
        }
    }

    /** A working folder as the README's: application.properties and routes/ copied from the project. */
    Path workingFolder(String name) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        Files.copy(basedir.resolve("application.properties"), dir.resolve("application.properties"));
        Files.createDirectories(dir.resolve("routes"));
        Files.copy(basedir.resolve("routes/demo-pets.yaml"), dir.resolve("routes/demo-pets.yaml"));
        return dir;
    }

    String launcher() {
        return basedir.resolve("bin/gateway-sync").toString();
    }

    Result javaJar(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("java -jar " + String.join(" ", args) + " did not end: " + Files.readString(out) + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    void waitForJolokia() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!engine.isAlive()) {
                fail("the engine ended (" + engine.exitValue() + "):\n" + Files.readString(engineLog));
            }
            if (Files.readString(engineLog).contains("jolokia: http://")) {
                return;
            }
            Thread.sleep(200);
        }
        fail("no Jolokia within 90 s:\n" + Files.readString(engineLog));
    }

    JsonNode jolokia(String method, String url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", basic(USER, PASSWORD))
                .timeout(Duration.ofSeconds(30));
        request = body == null ? request.GET()
                : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url + ": " + response.body());
        return JSON.readTree(response.body());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
