package io.gatewaysync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * npm packages of the real third-party servers the write tests run ({@link JsonServer}, {@link FeathersServer}),
 * installed once per name into {@code ~/.cache/gateway-sync/write-servers/<name>} with the machine's npm, so
 * that {@code mvn -B verify} on a fresh machine installs them itself. A file lock keeps parallel test JVMs
 * from installing one twice; a folder counts as installed once npm finished and wrote {@code .installed}.
 */
final class NodeInstall {

    private static final Path ROOT = Path.of(System.getProperty("user.home"), ".cache", "gateway-sync", "write-servers");

    private NodeInstall() {
    }

    /** The folder holding {@code node_modules} with {@code packages} (name@version each). */
    static synchronized Path install(String name, String... packages) {
        Path home = ROOT.resolve(name);
        try {
            Files.createDirectories(home);
            try (FileChannel lockFile = FileChannel.open(home.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
                if (Files.exists(home.resolve(".installed"))) {
                    return home;
                }
                List<String> command = new ArrayList<>(List.of("npm", "install", "--no-audit", "--no-fund",
                        "--prefix", home.toString()));
                command.addAll(List.of(packages));
                Process npm = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(home.resolve("install.log").toFile()).start();
                if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0) {
                    npm.destroyForcibly();
                    throw new IllegalStateException("npm install " + String.join(" ", packages) + " failed: "
                            + Files.readString(home.resolve("install.log")));
                }
                Files.writeString(home.resolve(".installed"), String.join("\n", packages));
                return home;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("installing " + name + " into " + home, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
