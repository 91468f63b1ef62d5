package io.gatewaysync.engine;

import io.gatewaysync.monitor.JolokiaAgent;
import io.gatewaysync.monitor.Monitoring;
import io.gatewaysync.web.OperatorApis;
import io.gatewaysync.web.ApiSecurity;

import io.gatewaysync.run.ConfigurationException;
import io.gatewaysync.run.RunRegistry;
import io.gatewaysync.run.SourceCatalog;
import io.gatewaysync.run.SyncTrigger;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Builds the Camel Main application: built-in defaults, then application.properties from the working
 * directory, then overrides (CLI, tests). Loads and validates the sources once the routes are read,
 * before anything starts.
 */
public final class Engine {

    /** Camel takes a key from the FIRST location that has it: the working directory's file before the defaults. */
    public static final String DEFAULT_LOCATIONS =
            "file:application.properties;optional=true,classpath:gateway-sync-defaults.properties";

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private Engine() {
    }

    public static Main create(String propertyLocations, Map<String, String> overrides, boolean once) {
        // Vert.x (the HTTP server) would copy classpath files it serves into a cache folder, and registers a JVM
        // hook for it while the server starts: a SIGTERM in that moment failed the start with a 25-line
        // "Shutdown in progress" stack trace. The engine serves no classpath files through Vert.x (the console's
        // are read by ConsoleFiles), so that resolving is off unless -Dvertx.disableFileCPResolving says otherwise.
        System.getProperties().putIfAbsent("vertx.disableFileCPResolving", "true");
        Main main = new Main();
        main.configure().addConfiguration(GatewaySyncConfiguration.class);
        // JMX MBeans per source, health checks, metrics (after the beans it uses).
        main.configure().addConfiguration(Monitoring.class);
        // The operator's endpoints that act through the operations Monitoring binds.
        main.configure().addConfiguration(OperatorApis.class);
        main.setPropertyPlaceholderLocations(propertyLocations);
        overrides.forEach(main::addOverrideProperty);
        if (once) {
            // Scheduler held until the cron triggers are paused: --once runs each source exactly once.
            main.addOverrideProperty("camel.component.quartz.auto-start-scheduler", "false");
            // A one-off run stays out of the cluster: pausing its schedules must not pause the cluster's.
            main.addOverrideProperty("sync.cluster.enabled", "false");
        }
        main.addMainListener(new MainListenerSupport() {
            private org.quartz.Scheduler scheduler;
            private com.zaxxer.hikari.HikariDataSource database;

            private RouteFiles routeFiles;

            private ApiSecurity apiSecurity;

            private JolokiaAgent.Settings jolokiaSettings;


            @Override
            public void beforeConfigure(BaseMainSupport support) {
                // Before Camel loads the route files: Camel's own errors (broken YAML, a missing
                // required template parameter) name neither the file nor, for YAML, the problem.
                // Camel's own error for camel.server.port={{gateway.port}} is only 'For input string'; before
                // the route files, which would report it as a bad URL of the demo source.
                support.getCamelContext().getPropertiesComponent().resolveProperty("gateway.port")
                        .ifPresent(Engine::checkPort);
                routeFiles = RouteFiles.check(support.getCamelContext().getPropertiesComponent()
                        .resolveProperty("camel.main.routes-include-pattern").orElse(""),
                        support.getCamelContext()::resolvePropertyPlaceholders);
                // Keys and binding before Camel sets up its HTTP server (gateway.host -> camel.server.host).
                apiSecurity = ApiSecurity.configure(support.getCamelContext().getPropertiesComponent());
                // Checked now, started once the MBeans it shows exist (--once turns it off: cli/OneShot).
                jolokiaSettings = JolokiaAgent.settings(support.getCamelContext().getPropertiesComponent());
                // The database opens on a second core while Camel parses the route files (DatabaseOpening);
                // settings that do not resolve are reported where the engine's beans are made, as before.
                Database.Settings db;
                try {
                    db = GatewaySyncConfiguration.databaseSettings(support.getCamelContext().getPropertiesComponent());
                } catch (RuntimeException e) {
                    db = null;
                }
                if (db != null) {
                    DatabaseOpening.start(support.getCamelContext(), db);
                }
            }

            @Override
            public void afterConfigure(BaseMainSupport support) {
                CamelContext context = support.getCamelContext();
                // Before any server binds: a port in use is one line and exit code 2, not Vert.x's stack trace.
                ListenPorts.check(context.getPropertiesComponent(),
                        jolokiaSettings == null ? null : jolokiaSettings.host(),
                        jolokiaSettings == null ? null : jolokiaSettings.port());
                apiSecurity.install(context);
                GracefulStop.onContextStop(context);
                if (jolokiaSettings != null) {
                    JolokiaAgent.startWith(context, jolokiaSettings);
                }
                SourceCatalog catalog = context.getRegistry().lookupByNameAndType("sourceCatalog", SourceCatalog.class);
                context.getRegistry().bind("syncTrigger", new SyncTrigger(context,
                        context.getRegistry().lookupByNameAndType("runRegistry", RunRegistry.class)));
                // Templated routes exist once the context starts them; read them before any consumer runs.
                try {
                    context.addStartupListener((ctx, alreadyStarted) -> {
                        catalog.load(ctx, routeFiles::origin);
                        LOG.info("sources: {}", catalog.names().isEmpty() ? "none (add a route file to routes/)"
                                : String.join(", ", catalog.names()));
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void afterStart(BaseMainSupport support) {
                CamelContext context = support.getCamelContext();
                database = database(context);
                scheduler = context.getComponent("quartz", org.apache.camel.component.quartz.QuartzComponent.class)
                        .getScheduler();

                boolean runOnStartup = Boolean.parseBoolean(
                        context.getPropertiesComponent().resolveProperty("sync.run-on-startup").orElse("false"));
                if (!once && runOnStartup) {
                    SyncTrigger trigger = context.getRegistry().lookupByNameAndType("syncTrigger", SyncTrigger.class);
                    context.getRegistry().lookupByNameAndType("sourceCatalog", SourceCatalog.class).names()
                            .forEach(source -> trigger.trigger(source, io.gatewaysync.run.RunTrigger.STARTUP)
                                    .whenComplete((result, error) -> {
                                        if (error != null) {
                                            LOG.warn("source '{}': the start-up run did not start: {}", source,
                                                    error.getMessage());
                                        }
                                    }));
                }
            }

            /**
             * camel-quartz leaves its scheduler running while jobs are registered, and Quartz keeps
             * schedulers in a JVM-wide repository by name: a later engine in the same JVM would get
             * the old scheduler bound to the stopped context. Shut it down here.
             */
            @Override
            public void afterStop(BaseMainSupport support) {
                try {
                    if (scheduler != null && !scheduler.isShutdown()) {
                        scheduler.shutdown(true);
                    }
                } catch (Exception e) {
                    LOG.warn("engine stop: {}", e.getMessage());
                }
                closeDatabase(support.getCamelContext(), database);
            }
        });
        return main;
    }

    /** The engine's database pool; look it up before the context stops (a stopped context's registry is empty). */
    public static com.zaxxer.hikari.HikariDataSource database(CamelContext context) {
        return context == null ? null
                : context.getRegistry().lookupByNameAndType("dataSource", com.zaxxer.hikari.HikariDataSource.class);
    }

    /**
     * Releases the database once nothing uses it: an open H2 file keeps its lock file and background
     * writer alive, so another process (or a test's temporary folder clean-up) would find it busy, and
     * the next start found the lock file of an H2 that was never closed: H2 then tried to reach that
     * process's server and waited 2 s more (3.3 s of every start after the first, JFR).
     */
    /**
     * A start that failed: closes the engine's pool ({@code dataSource}, null before the beans were made)
     * and the database still being opened for {@code context}, if the start failed before taking it.
     */
    public static void closeDatabase(CamelContext context, com.zaxxer.hikari.HikariDataSource dataSource) {
        DatabaseOpening.abandon(context);
        closeDatabase(dataSource);
    }

    public static void closeDatabase(com.zaxxer.hikari.HikariDataSource dataSource) {
        if (dataSource != null && !dataSource.isClosed()) {
            dataSource.close();
        }
    }

    private static void checkPort(String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException("property 'gateway.port' has invalid value '" + value
                + "'; allowed: a port number 1-65535 (0: any free port)");
    }

    public static Main create(Map<String, String> overrides, boolean once) {
        return create(DEFAULT_LOCATIONS, overrides, once);
    }
}
