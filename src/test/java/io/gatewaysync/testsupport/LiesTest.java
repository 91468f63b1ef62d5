package io.gatewaysync.testsupport;

import io.gatewaysync.record.RunHistory;
import io.gatewaysync.run.RunResult;
import io.gatewaysync.sync.RunStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A source made to lie for one run, end to end (issue 27): synced completely first, then a run through a
 * {@link LyingProxy} that lies must end PARTIAL (the command line's exit 1: not {@link RunResult#clean()}),
 * delete nothing although the route has {@code confirmGone: false} (nothing stands between an incomplete
 * listing believed complete and the deletion of every object it missed), say why in its error and the
 * run history's message; and the next honest run completes with nothing lost and nothing doubled.
 */
public abstract class LiesTest {

    protected static final String SOURCE = "things";

    @TempDir
    protected Path dir;
    protected EngineHarness engine;

    @AfterEach
    void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    /** An engine with one route {@value #SOURCE} on {@code url}, {@code confirmGone: false}, and these parameters. */
    protected EngineHarness engineFor(String url, String... parameters) {
        List<String> p = new ArrayList<>(List.of("confirmGone", "false"));
        p.addAll(List.of(parameters));
        engine = new EngineHarness(dir).route(SOURCE, url, p.toArray(String[]::new)).start();
        return engine;
    }

    /** A run that must list all {@code n} objects and end OK. */
    protected RunResult syncsAll(int n) {
        RunResult run = engine.sync(SOURCE);
        assertEquals(RunStatus.OK, run.status(), run.line() + " " + run.error());
        assertEquals(n, run.created() + run.unchanged() + run.updated(), run.line());
        assertEquals(0, run.deleted() + run.failed(), run.line());
        assertEquals(n, engine.gatewayObjects(SOURCE).size());
        return run;
    }

    /**
     * One run while {@code proxy} tells {@code lie}: PARTIAL, nothing deleted, the reason (containing
     * {@code reason}) in the error and the run history; then an honest run: all {@code n}, nothing new.
     *
     * @return the lying run
     */
    protected RunResult lyingRunDeletesNothing(LyingProxy proxy, LyingProxy.Lie lie, int n, String reason) {
        RunResult lying;
        proxy.lie(lie);
        try {
            lying = engine.sync(SOURCE);
        } finally {
            proxy.honest();
        }
        assertEquals(RunStatus.PARTIAL, lying.status(), lying.line() + " " + lying.error());
        assertFalse(lying.clean(), "the command line's exit 1");
        assertEquals(0, lying.deleted(), lying.line());
        assertEquals(n, engine.gatewayObjects(SOURCE).size(), "nothing deleted");
        assertNotNull(lying.error(), lying.line());
        assertTrue(lying.error().contains(reason), "reason '" + reason + "' in: " + lying.error());
        RunHistory.Row row = engine.bean("runHistory", RunHistory.class).list(SOURCE, null, 1).get(0);
        assertEquals("PARTIAL", row.status());
        assertTrue(row.message() != null && row.message().contains(reason), "run history message: " + row.message());

        RunResult honest = engine.sync(SOURCE);
        assertEquals(RunStatus.OK, honest.status(), honest.line() + " " + honest.error());
        assertEquals(n, honest.unchanged(), "nothing lost, nothing new: " + honest.line());
        assertEquals(0, honest.created() + honest.updated() + honest.deleted() + honest.failed(), honest.line());
        assertEquals(n, engine.gatewayObjects(SOURCE).size(), "nothing doubled");
        assertEquals(n, engine.records(SOURCE).size(), "one record per object");
        return lying;
    }
}
