package io.gatewaysync.cli;

import io.gatewaysync.engine.GracefulStop;
import io.gatewaysync.engine.RouteFiles;

import io.gatewaysync.engine.Engine;

import com.zaxxer.hikari.HikariDataSource;
import io.gatewaysync.run.ConfigurationException;
import io.gatewaysync.run.RunProgress;
import io.gatewaysync.run.RunResult;
import io.gatewaysync.run.SourceCatalog;
import io.gatewaysync.run.SyncSource;
import io.gatewaysync.run.SyncSteps;
import io.gatewaysync.run.SyncTrigger;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The command line: continuous mode (schedules, API, JMX) or {@code --once [--source NAME] [--dry-run]}
 * with one summary line per source (in name order, whichever run ends first;
 * runs overlap, {@code sync.once.concurrency} at a time). Exit codes: 0 all sources OK with failed=0; 1 a listing or an
 * object failed; 2 a configuration error (bad arguments, bad route file, unreachable database).
 */
public final class Cli {

    public static final int OK = 0;
    public static final int FAILURES = 1;
    public static final int CONFIGURATION_ERROR = 2;
    /** Continuous mode returned normally (shutdown requested). */
    public static final int KEEP_RUNNING = -1;
    /**
     * {@code --once} stopped by SIGTERM or Ctrl-C: the JVM is already exiting with the signal's status (143,
     * 130). The caller must not call System.exit: when the shutdown hooks have just finished, an exit with
     * another status halts at once and wins the race (seen as exit 1 instead of 143).
     */
    public static final int STOPPED_BY_SIGNAL = -2;

    private final PrintStream out;
    private final PrintStream err;

    public Cli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public int run(String[] args) {
        return run(args, Engine.DEFAULT_LOCATIONS, Map.of());
    }

    /** {@code locations} and {@code overrides} let tests run the CLI against their own configuration. */
    public int run(String[] args, String locations, Map<String, String> overrides) {
        // -Dkey=value after the jar's name (java -jar gateway-sync.jar -Dgateway.port=9090 --once): the same
        // override as before -jar; a JVM option there (-Xmx…) cannot take effect any more: said so.
        Map<String, String> given = new LinkedHashMap<>(overrides);
        List<String> rest = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("-D") && arg.indexOf('=') > 2) {
                given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else if (arg.startsWith("-X") || arg.startsWith("-javaagent:") || arg.startsWith("-agentlib:")) {
                err.println("configuration error: '" + arg + "' is an option of the JVM and must come before -jar: "
                        + "java " + arg + " -jar gateway-sync.jar …, or bin/gateway-sync " + arg + " … (which places it)");
                return CONFIGURATION_ERROR;
            } else {
                rest.add(arg);
            }
        }
        return dispatch(rest.toArray(String[]::new), locations, given);
    }

    private int dispatch(String[] args, String locations, Map<String, String> overrides) {
        if (List.of(args).contains("--probe")) {
            return new Probe(out, err).run(args);
        }
        if (List.of(args).contains("--check")) {
            if (args.length != 2 || !args[0].equals("--check")) {
                err.println("configuration error: --check takes one route file and nothing else: --check FILE");
                return CONFIGURATION_ERROR;
            }
            return new RouteCheck(out, err).run(args[1], locations, overrides);
        }
        boolean once = false;
        boolean dryRun = false;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--once" -> once = true;
                case "--dry-run" -> dryRun = true;
                case "--source" -> {
                    if (i + 1 >= args.length) {
                        err.println("configuration error: --source needs a source name");
                        return CONFIGURATION_ERROR;
                    }
                    only = args[++i];
                }
                case "--help", "-h" -> {
                    out.print(Usage.TEXT);
                    return OK;
                }
                default -> {
                    err.println("configuration error: unknown argument '" + args[i]
                            + "'; allowed: --once, --source NAME, --dry-run, --probe URL, --check FILE, --help");
                    return CONFIGURATION_ERROR;
                }
            }
        }
        if ((dryRun || only != null) && !once) {
            err.println("configuration error: --source and --dry-run need --once");
            return CONFIGURATION_ERROR;
        }
        // Before Engine (whose first logger initialises Log4j): JVM-wide set-up on the second core.
        io.gatewaysync.engine.WarmUp.start();
        Map<String, String> settings = new LinkedHashMap<>(overrides);
        Main main = Engine.create(locations, settings, once);
        if (once) {
            main.addMainListener(new OneShot());
        }
        // The pool as soon as it exists: a start that fails after it was opened must close it too (an H2
        // left open keeps its lock file, and the next start waits ~4 s for the dead process's H2 server).
        AtomicReference<HikariDataSource> database = new AtomicReference<>();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport support) {
                database.set(Engine.database(support.getCamelContext()));
            }
        });
        if (!once) {
            GracefulStop stop = GracefulStop.holdJvm(main::getCamelContext); // SIGTERM: until the engine has stopped
            try {
                main.run();
                return KEEP_RUNNING;
            } catch (Exception e) {
                Engine.closeDatabase(main.getCamelContext(), database.get());
                return startFailure(main, e);
            } finally {
                stop.done();
            }
        }
        try {
            main.start();
        } catch (Exception e) {
            Engine.closeDatabase(main.getCamelContext(), database.get());
            return startFailure(main, e);
        }
        GracefulStop stop = GracefulStop.holdJvm(main::getCamelContext); // SIGTERM: runs end PARTIAL, lines printed
        int code;
        boolean signalled = false;
        try {
            code = once(main.getCamelContext(), only, dryRun);
        } catch (Exception e) {
            err.println("error: " + e.getMessage());
            code = FAILURES;
        } finally {
            CamelContext context = main.getCamelContext();
            OneShot.settle(context);
            main.stop();
            // Camel calls the engine's afterStop only at the end of Main.run(): a closed H2 removes its lock
            // file; left behind, it cost the next start 3 s (H2 tried to reach the dead process's server).
            Engine.closeDatabase(database.get());
            signalled = stop.done();
        }
        return signalled ? STOPPED_BY_SIGNAL : code;
    }

    private int once(CamelContext context, String only, boolean dryRun) throws Exception {
        SourceCatalog catalog = context.getRegistry().lookupByNameAndType("sourceCatalog", SourceCatalog.class);
        SyncTrigger trigger = context.getRegistry().lookupByNameAndType("syncTrigger", SyncTrigger.class);
        if (only != null && !catalog.contains(only)) {
            err.println("configuration error: unknown source '" + only + "' (--source); configured: "
                    + String.join(", ", catalog.names()));
            return CONFIGURATION_ERROR;
        }
        List<String> names = only != null ? List.of(only) : new ArrayList<>(new java.util.TreeSet<>(catalog.names()));
        if (names.isEmpty()) {
            err.println("configuration error: no sources configured; add a templatedRoute file to routes/");
            return CONFIGURATION_ERROR;
        }
        SyncSteps steps = context.getRegistry().lookupByNameAndType("gatewaySync", SyncSteps.class);
        steps.dryRun(dryRun);
        boolean terminal = out == System.out && System.console() != null;
        String live = context.getPropertiesComponent().resolveProperty(LiveProgress.PROPERTY).orElse("auto");
        boolean wanted;
        OnceRuns onceRuns;
        try {
            wanted = LiveProgress.wanted(live, terminal);
            onceRuns = OnceRuns.of(trigger, context);
        } catch (ConfigurationException e) {
            err.println("configuration error: " + e.getMessage());
            return CONFIGURATION_ERROR;
        }
        LiveProgress progress = wanted
                ? new LiveProgress(out, () -> catalog.all().stream().map(SyncSource::currentRun)
                        .filter(java.util.Objects::nonNull).map(RunProgress::of).toList(), LiveProgress.terminalWidth())
                : null;
        steps.quietProgress(progress != null);
        try (progress) {
            if (progress != null) {
                progress.start(java.time.Duration.ofMillis(250));
            }
            return once(trigger, onceRuns, names, dryRun, progress == null ? out::println : progress::println);
        }
    }

    private int once(SyncTrigger trigger, OnceRuns onceRuns, List<String> names, boolean dryRun,
                     java.util.function.Consumer<String> print) throws Exception {
        trigger.pauseSchedules();
        // Overlapping runs, at most sync.once.concurrency at a time; the lines in name order.
        Map<String, CompletableFuture<RunResult>> runs = onceRuns.start(names);
        int code = OK;
        for (CompletableFuture<RunResult> run : runs.values()) {
            RunResult result = run.get();
            print.accept(result.line());
            if (result.status() == io.gatewaysync.sync.RunStatus.SKIPPED && result.error() != null) {
                print.accept("  skipped: " + result.error()); // which engine holds the source, since/until when
            }
            if (result.failed() > 0 && result.status() == io.gatewaysync.sync.RunStatus.OK && !dryRun) {
                // DESIGN §4: a run with failed objects is OK with failed=N, exit 1, and says so in words.
                print.accept("  " + result.outcomeWords() + ": each keeps its error on its record "
                        + "(GET /api/_synchronizations?source=" + result.source() + "&state=failed); exit code 1");
            }
            if (result.blocked() > 0 && !dryRun) {
                print.accept("  " + result.blocked() + (result.blocked() == 1 ? " record" : " records")
                        + " blocked after repeated failures, not tried in this run (state=blocked; unblock to try again)");
            }
            if (dryRun) {
                result.plannedActions().forEach(line -> print.accept("  would " + line));
            }
            if (!result.clean()) {
                code = FAILURES;
            }
        }
        out.flush();
        return code;
    }

    private int startFailure(Main main, Exception e) {
        // Nothing runs: Camel's JVM hook would otherwise log "JVM shutdown hook triggered by SIGTERM" at the exit.
        main.getShutdownStrategy().shutdown();
        Throwable t = e;
        while (t != null) {
            if (t instanceof ConfigurationException) {
                // One line per problem (RouteFiles reports every problem of every route file).
                t.getMessage().lines().forEach(line -> err.println("configuration error: " + line));
                return CONFIGURATION_ERROR;
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        err.println("configuration error: the engine could not start: " + rootMessage(e));
        return CONFIGURATION_ERROR;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getName() : root.getMessage();
    }
}
