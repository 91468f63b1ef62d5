package io.gatewaysync.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.gatewaysync.gateway.EmbeddedGatewayStore;
import io.gatewaysync.web.GatewayApi;
import io.gatewaysync.record.SourceRunStore;
import io.gatewaysync.record.SyncRecordStore;
import io.gatewaysync.run.ConfigurationException;
import io.gatewaysync.run.DecisionStep;
import io.gatewaysync.run.Deliveries;
import io.gatewaysync.run.PageCommitter;
import io.gatewaysync.db.TableStatistics;
import io.gatewaysync.run.RunRegistry;
import io.gatewaysync.run.SourceCatalog;
import io.gatewaysync.source.JsonBodies;
import io.gatewaysync.run.Sweeps;
import io.gatewaysync.run.SyncSteps;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;

/**
 * Wires the engine's beans into the Camel registry from properties ({@code sync.*}, {@code gateway.*}).
 * The route template refers to them by name: {@code gatewaySync}, {@code syncDecide},
 * {@code syncDelivery}, {@code syncSweeps}; the gateway API to {@code gatewayApi}.
 */
public class GatewaySyncConfiguration implements CamelConfiguration {

    public static final String DEFAULT_DB_URL =
            "jdbc:h2:file:./data/gateway-sync;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE";

    @Override
    public void configure(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        Settings settings = new Settings(properties);

        Database.Settings db = databaseSettings(properties);
        String url = db.url();
        HikariDataSource dataSource;
        try {
            // Opened while Camel read its configuration (Engine, DatabaseOpening), or now.
            HikariDataSource opened = DatabaseOpening.take(context, db);
            dataSource = opened != null ? opened : Database.open(db);
        } catch (RuntimeException e) {
            // The URL is no secret; the password never appears in the message.
            throw new ConfigurationException("database unreachable or not migratable (sync.db.url=" + url + "): "
                    + rootMessage(e));
        }
        ObjectMapper mapper = JsonBodies.exactNumbers().build(); // every digit of a number kept
        SyncRecordStore records = new SyncRecordStore(dataSource);
        SourceRunStore runs = new SourceRunStore(dataSource);
        closeOnStop(context, runs); // its lease session (PostgreSQL) and its owners' liveness end with the engine
        EmbeddedGatewayStore gatewayStore = new EmbeddedGatewayStore(dataSource, mapper);
        SourceCatalog catalog = new SourceCatalog(gatewayStore, mapper, settings.number("sync.gateway-concurrency", 8));
        closeOnStop(context, catalog::close); // source clients and remote gateways: connections, threads
        RunRegistry registry = new RunRegistry();
        String owner = settings.text("sync.instance-id", defaultOwner());
        SyncSteps steps = new SyncSteps(catalog, records, runs, registry,
                new PageCommitter(dataSource, gatewayStore, records, new TableStatistics(dataSource)), owner,
                Duration.ofSeconds(settings.number("sync.lease-seconds", 60)),
                // sync.progress-seconds is the key before issue 15; it still works when the new one is not set.
                Duration.ofSeconds(settings.number("sync.progress.seconds", settings.number("sync.progress-seconds", 10))));
        steps.pipelineCommits(settings.flag("sync.pipeline-commits", true));
        steps.commitGroupRows(settings.number("sync.commit-group-rows", 256));
        // A run's quiet records in memory (run/KnownRecords): by default an eighth of the heap.
        int knownMb = settings.number("sync.known-records-mb", (int) (Runtime.getRuntime().maxMemory() / 8 / 1_048_576));
        if (knownMb < 0) {
            throw new ConfigurationException("property 'sync.known-records-mb' has invalid value '" + knownMb
                    + "'; allowed: megabytes, 0 or more (0: every page is looked up in the database)");
        }
        steps.knownRecordsBudget(knownMb * 1_048_576L);
        // The quiet digest (run/QuietDigest): a run reads its source's quiet records from the last run's digest.
        // Every run takes (clears) it as it begins, also where digests are not kept (then none is stored).
        steps.quietDigests(new io.gatewaysync.record.QuietDigestStore(dataSource), settings.flag("sync.quiet-digest", true));
        int historyDays = settings.number("sync.history.days", 30);
        if (historyDays < 1) {
            throw new ConfigurationException("property 'sync.history.days' has invalid value '" + historyDays
                    + "'; allowed: a whole number of days, at least 1");
        }
        io.gatewaysync.record.RunHistory history = new io.gatewaysync.record.RunHistory(dataSource);
        io.gatewaysync.run.HistoryRecorder recorder = new io.gatewaysync.run.HistoryRecorder(history, catalog, owner,
                Duration.ofDays(historyDays), java.time.Clock.systemUTC());
        registry.addListener(recorder);
        recorder.pruneNow(); // rows that aged while the engine was down go before the first run adds more

        if (settings.flag("sync.cluster.enabled", false)) {
            QuartzCluster.install(context, dataSource, url, owner, settings.number("sync.cluster.checkin-ms", 7500),
                    settings.number("sync.cluster.threads", 10));
        }
        context.getRegistry().bind("dataSource", dataSource);
        // The record look-up's jdbc: endpoint (route template): same pool, no describe round trip per page.
        context.getRegistry().bind("recordLookUpDataSource", io.gatewaysync.db.KnownParameterCount.wrap(dataSource));
        context.getRegistry().bind("objectMapper", mapper);
        context.getRegistry().bind("syncRecords", records);
        context.getRegistry().bind("gatewayStore", gatewayStore);
        context.getRegistry().bind("sourceCatalog", catalog);
        context.getRegistry().bind("runRegistry", registry);
        context.getRegistry().bind("runHistory", history);
        context.getRegistry().bind("runHistoryRecorder", recorder);
        context.getRegistry().bind("runsApi", new io.gatewaysync.web.RunsApi(history, mapper));
        context.getRegistry().bind("gatewaySync", steps);
        context.getRegistry().bind("syncDecide", new DecisionStep());
        // HTTP deliveries (write-back, remote gateway) of a page run this many at a time.
        int calls = settings.number("sync.delivery-concurrency", 8);
        context.getRegistry().bind("syncDelivery", new Deliveries(records, calls));
        // Gone-confirmations are GETs of single items, and 500 deleted objects are 500 round trips: a source
        // that answers small bodies slowly (a Python http.server: Nagle on its side, ~40 ms an answer) held
        // a run up 2.6 s at 8 at once, 1.3 s at 16 (the yardstick's 1 % run). The source's pool has 20.
        context.getRegistry().bind("syncSweeps", new Sweeps(records, settings.number("sync.sweep-batch-size", 1000),
                settings.number("sync.confirm-concurrency", 16)));
        context.getRegistry().bind("demoSource", new io.gatewaysync.web.DemoSource(mapper));
        // Made when the console's route first asks for it: reading and hashing the console's files cost ~2 %
        // of a --once's start-up (JFR), and a --once without the HTTP server has no console route.
        context.getRegistry().bind("consoleFiles", io.gatewaysync.web.ConsoleFiles.class,
                () -> new io.gatewaysync.web.ConsoleFiles());
        context.getRegistry().bind("consoleHeaders", new io.gatewaysync.web.ConsoleFiles.ResponseHeaders());
        context.getRegistry().bind("gatewayApi", new GatewayApi(gatewayStore, records, mapper,
                settings.number("gateway.max-body-bytes", 1_048_576), settings.number("gateway.page-size", 100)));
        context.getRegistry().bind("synchronizationsApi", new io.gatewaysync.web.SynchronizationsApi(records, mapper));
    }

    /** The database's settings ({@code sync.db.*}); an invalid value is a {@link ConfigurationException}. */
    static Database.Settings databaseSettings(PropertiesComponent properties) {
        Settings settings = new Settings(properties);
        String url = settings.text("sync.db.url", DEFAULT_DB_URL);
        boolean h2Compaction = settings.flag("sync.db.h2-compaction", true);
        return new Database.Settings(url, settings.text("sync.db.user", "sa"), settings.text("sync.db.password", ""),
                settings.number("sync.db.pool-size", 6), h2Compaction);
    }

    private static void closeOnStop(CamelContext context, AutoCloseable closeable) {
        try {
            context.addService(new org.apache.camel.support.service.ServiceSupport() {
                @Override
                protected void doStop() throws Exception {
                    closeable.close();
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String defaultOwner() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Typed property access with defaults. */
    private record Settings(PropertiesComponent properties) {
        String text(String key, String fallback) {
            return properties.resolveProperty(key).filter(v -> !v.isBlank()).orElse(fallback);
        }

        boolean flag(String key, boolean fallback) {
            String value = text(key, String.valueOf(fallback)).trim();
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw new ConfigurationException("property '" + key + "' has invalid value '" + value
                        + "'; allowed: true, false");
            }
            return Boolean.parseBoolean(value);
        }

        int number(String key, int fallback) {
            String value = text(key, null);
            if (value == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new ConfigurationException("property '" + key + "' has invalid value '" + value
                        + "'; allowed: a whole number");
            }
        }
    }
}
