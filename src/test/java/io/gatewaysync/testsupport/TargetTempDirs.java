package io.gatewaysync.testsupport;

import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Every {@code @TempDir} of the suite, under {@code target/test-dirs} (junit-platform.properties names this
 * factory and turns JUnit's own deletion off). Why: on a loaded machine an engine's H2 database, or a child
 * JVM's, may still be writing its last page when a test ends, and JUnit's deletion then fails a test that
 * passed ("Failed to delete temp directory … DirectoryNotEmptyException"). Under target/ the folders cost
 * nothing after the build, {@code mvn clean} removes them, and a failed test's files stay there to read.
 */
public final class TargetTempDirs implements TempDirFactory {

    private static final Path ROOT = Path.of("target", "test-dirs");

    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension) throws IOException {
        Files.createDirectories(ROOT);
        String owner = extension.getTestClass().map(Class::getSimpleName).orElse("test");
        return Files.createTempDirectory(ROOT.toAbsolutePath(), owner + "-");
    }
}
