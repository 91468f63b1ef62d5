package io.gatewaysync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The engine in a JVM of its own ({@code io.gatewaysync.Application}, as {@code java -jar} runs it),
 * configured like an {@link EngineHarness}, its output in a file: for tests that kill it (SIGKILL,
 * SIGTERM) or watch it start.
 */
public final class ChildEngine implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChildEngine(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * A -D system property wins over the override by which --once drops the engine's HTTP routes from
     * the include list, so the child names them by the wildcard, which --once's exclude pattern catches
     * (docs/configuration.md says the same to users who set the pattern outside a properties file).
     */
    public static String childValue(String key, String value) {
        if (!key.equals("camel.main.routes-include-pattern")) {
            return value;
        }
        return "classpath:gateway-sync/*.yaml," + java.util.Arrays.stream(value.split(","))
                .map(String::trim).filter(p -> !p.startsWith("classpath:gateway-sync/"))
                .collect(java.util.stream.Collectors.joining(","));
    }

    public static ChildEngine start(EngineHarness settings, Map<String, String> more, Path log, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath()));
        settings.overrides().forEach((k, v) -> command.add("-D" + k + "=" + childValue(k, v)));
        more.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("io.gatewaysync.Application");
        command.addAll(List.of(args));
        try {
            return new ChildEngine(new ProcessBuilder(command).directory(settings.dir().toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Waits until the child has asked {@code source} for listing page {@code page} (it is mid-run then);
     * fails when the child ends first or never gets there.
     */
    public void awaitPage(TestSource source, int page) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            if (source.requestLog().stream().anyMatch(r -> r.method().equals("GET") && Integer.toString(page).equals(r.param("page")))) {
                return;
            }
            if (!process().isAlive()) {
                org.junit.jupiter.api.Assertions.fail("the child ended before page " + page + ":\n" + output());
            }
            Thread.sleep(5);
        }
        org.junit.jupiter.api.Assertions.fail("the child never reached page " + page + ":\n" + output());
    }

    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the process to end and returns its exit code. */
    public int await(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the engine did not end within " + seconds + " s:\n" + output());
        }
        return process.exitValue();
    }

    public void kill() {
        process.destroyForcibly(); // SIGKILL
    }

    public void terminate() {
        process.destroy(); // SIGTERM
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static String classPath() {
        // Surefire may run tests from a manifest-only jar; it names the real class path separately.
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
