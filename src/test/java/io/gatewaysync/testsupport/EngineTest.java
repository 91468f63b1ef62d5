package io.gatewaysync.testsupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * An end-to-end test with a source on loopback and an engine in a folder of its own: each test starts
 * them as it needs, and both are closed after it.
 */
public abstract class EngineTest {

    @TempDir
    protected Path dir;
    protected TestSource source;
    protected EngineHarness engine;

    @AfterEach
    protected void closeEngineAndSource() {
        if (engine != null) {
            engine.close();
        }
        if (source != null) {
            source.close();
        }
    }
}
