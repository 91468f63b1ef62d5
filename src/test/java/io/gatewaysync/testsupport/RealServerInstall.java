package io.gatewaysync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Installs the third-party servers of {@link RealServer} once per machine: the npm packages of
 * {@code src/test/servers/node} ({@code npm ci} from its package-lock) and the Spring Data REST jar of
 * {@code src/test/servers/spring-data-rest} ({@code mvn package}). Each goes to a folder of the cache
 * named by a hash of its sources, so a second run installs nothing and a change of a source installs
 * anew. The cache is {@code ~/.cache/gateway-sync/real-servers} unless {@code -Drealservers.cache} says
 * otherwise; a file lock keeps two JVMs from installing the same thing at once.
 */
public final class RealServerInstall {

    private static final Path SOURCES = Path.of("src/test/servers").toAbsolutePath();

    private RealServerInstall() {
    }

    static Path cache() {
        String configured = System.getProperty("realservers.cache");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "gateway-sync", "real-servers");
    }

    /** The folder with node_modules and the server scripts, installed when missing. */
    public static synchronized Path node() {
        Path source = SOURCES.resolve("node");
        Path target = cache().resolve("node-" + hash(source));
        return installed(target, work -> {
            copyTree(source, work, p -> !p.toString().contains("node_modules"));
            run(work, 600, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        });
    }

    /** The runnable Spring Data REST jar, built when missing. */
    public static synchronized Path springDataRest() {
        Path source = SOURCES.resolve("spring-data-rest");
        Path target = cache().resolve("spring-data-rest-" + hash(source));
        return installed(target, work -> {
            copyTree(source, work, p -> !p.toString().contains("/target"));
            run(work, 900, "mvn", "-B", "-q", "package", "-DskipTests");
            Files.move(work.resolve("target/spring-data-rest-server.jar"), work.resolve("server.jar"));
        }).resolve("server.jar");
    }

    private interface Step {
        void into(Path work) throws IOException;
    }

    /** {@code target} when it was installed before, else installs it through a work folder moved in place at the end. */
    private static Path installed(Path target, Step step) {
        if (Files.exists(target)) {
            return target;
        }
        try {
            Files.createDirectories(cache());
            try (FileChannel channel = FileChannel.open(cache().resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                if (Files.exists(target)) {
                    return target;
                }
                Path work = Files.createTempDirectory(cache(), target.getFileName() + ".installing-");
                step.into(work);
                Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not install " + target.getFileName() + " into " + cache(), e);
        }
    }

    private static void run(Path dir, int timeoutSeconds, String... command) throws IOException {
        Path log = dir.resolve("install.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " took more than " + timeoutSeconds + " s in " + dir);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + " in " + dir + ":\n"
                    + Files.readString(log));
        }
    }

    private static void copyTree(Path from, Path to, java.util.function.Predicate<Path> keep) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(keep).toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.createDirectories(t.getParent());
                    Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** A short hash of every source file (not node_modules, not target): a change installs anew. */
    static String hash(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> sorted = new ArrayList<>(files.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().contains("node_modules") && !p.toString().contains("/target/"))
                    .sorted().toList());
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path f : sorted) {
                digest.update(dir.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                digest.update(Files.readAllBytes(f));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
