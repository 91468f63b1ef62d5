package io.gatewaysync.monitor;


import io.gatewaysync.record.SyncRecordStore;
import io.gatewaysync.run.ConfigurationException;
import io.gatewaysync.run.ObjectSync;
import io.gatewaysync.run.RunRegistry;
import io.gatewaysync.run.SourceCatalog;
import io.gatewaysync.run.SyncSource;
import io.gatewaysync.run.SyncSteps;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.ManagementAgent;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.JMException;
import javax.management.ObjectName;
import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Operating the engine: one JMX MBean per source ({@code io.gatewaysync:type=source,name=<source>}),
 * Camel health checks (database, one per source) and per-source Micrometer meters, all set up once
 * the sources are loaded and torn down when the context stops. Added to Camel Main after
 * {@code GatewaySyncConfiguration}, whose beans it uses.
 *
 * <p>Health and metrics are served by Camel's management HTTP server, which shares the gateway's
 * server on {@code gateway.port} (see gateway-sync-defaults.properties): {@code /observe/health},
 * {@code /observe/health/live}, {@code /observe/health/ready}, {@code /observe/metrics}.
 */
public class Monitoring implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(Monitoring.class);

    /** The registry name of the notification queue, closed first when the engine stops. */
    public static final String NOTIFICATIONS = "syncNotifications";

    @Override
    public void configure(CamelContext context) {
        SourceCatalog catalog = bean(context, "sourceCatalog", SourceCatalog.class);
        SyncRecordStore records = bean(context, "syncRecords", SyncRecordStore.class);
        SyncSteps steps = bean(context, "gatewaySync", SyncSteps.class);
        DataSource dataSource = bean(context, "dataSource", DataSource.class);
        RunRegistry runs = bean(context, "runRegistry", RunRegistry.class);
        String waitValue = context.getPropertiesComponent().resolveProperty("sync.jmx.sync-now-wait-seconds").orElse("10");
        int wait;
        try {
            wait = Integer.parseInt(waitValue.trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException("property 'sync.jmx.sync-now-wait-seconds' has invalid value '" + waitValue
                    + "'; allowed: a whole number of seconds");
        }

        context.getRegistry().bind("syncObject", new ObjectSync(catalog, records, steps));
        context.getRegistry().bind(DatabaseHealthCheck.ID, new DatabaseHealthCheck(dataSource));

        SourceMetrics metrics = new SourceMetrics(context, records);
        Operations operations = new Operations(context, records, Duration.ofSeconds(wait), metrics,
                bean(context, "runHistoryRecorder", io.gatewaysync.run.HistoryRecorder.class));
        runs.addListener(result -> metrics.onRun(result,
                catalog.contains(result.source()) ? catalog.get(result.source()) : null));
        context.getRegistry().bind("syncOperations", operations);
        Lifecycle lifecycle = new Lifecycle(catalog, operations, metrics);
        try {
            context.addStartupListener(lifecycle);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        context.addLifecycleStrategy(lifecycle);
    }

    /** The ObjectName of a source's MBean. */
    public static ObjectName objectName(String source) {
        try {
            return new ObjectName(SourceMBean.DOMAIN + ":type=source,name=" + quoteIfNeeded(source));
        } catch (JMException e) {
            throw new IllegalArgumentException("no JMX name for source '" + source + "'", e);
        }
    }

    private static String quoteIfNeeded(String value) {
        return value.matches("[A-Za-z0-9_.-]+") ? value : ObjectName.quote(value);
    }

    private static <T> T bean(CamelContext context, String name, Class<T> type) {
        T bean = context.getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("bean '" + name + "' missing: Monitoring must come after GatewaySyncConfiguration");
        }
        return bean;
    }

    /** Registers per-source parts once the catalog is loaded (context fully started); removes them at stop. */
    private static final class Lifecycle extends LifecycleStrategySupport implements StartupListener {
        private final SourceCatalog catalog;
        private final Operations operations;
        private final SourceMetrics metrics;
        private final List<ObjectName> registered = new ArrayList<>();
        private final List<String> healthChecks = new ArrayList<>();
        private ManagementAgent agent;

        Lifecycle(SourceCatalog catalog, Operations operations, SourceMetrics metrics) {
            this.catalog = catalog;
            this.operations = operations;
            this.metrics = metrics;
        }

        @Override
        public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
            // The catalog is loaded by the engine's own listener in this phase; wait for fully started.
        }

        @Override
        public synchronized void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
            for (SyncSource source : catalog.all()) {
                SourceHealthCheck check = new SourceHealthCheck(source);
                context.getRegistry().bind(check.getId(), check);
                healthChecks.add(check.getId());
            }
            metrics.bind(catalog.all());
            agent = context.getManagementStrategy() == null ? null : context.getManagementStrategy().getManagementAgent();
            if (agent == null) {
                LOG.info("JMX is off (camel.main.jmx-enabled=false): no source MBeans");
                return;
            }
            for (SyncSource source : catalog.all()) {
                register(context, source);
            }
        }

        private void register(CamelContext context, SyncSource source) {
            ObjectName name = objectName(source.name());
            try {
                if (agent.isRegistered(name)) {
                    // Another engine in this JVM (tests) has a source of the same name.
                    ObjectName other = new ObjectName(name + ",engine=" + Integer.toHexString(System.identityHashCode(context)));
                    LOG.warn("JMX: {} is taken by another engine in this JVM; registering {}", name, other);
                    name = other;
                }
                agent.register(new SourceMBean(source, operations), name);
                registered.add(name);
                LOG.info("JMX: source '{}' is {}", source.name(), name);
            } catch (JMException e) {
                LOG.warn("JMX: could not register {}: {}", name, e.getMessage());
            }
        }

        @Override
        public synchronized void onContextStopping(CamelContext context) {
            // First: no queued notification starts syncing while the engine stops. The queue is the web
            // layer's (web/OperatorApis binds it); found by name so that monitoring does not depend on it.
            AutoCloseable notifications = context.getRegistry().lookupByNameAndType(NOTIFICATIONS, AutoCloseable.class);
            if (notifications != null) {
                try {
                    notifications.close();
                } catch (Exception e) {
                    LOG.debug("notifications: could not close: {}", e.getMessage());
                }
            }
            if (agent != null) {
                for (ObjectName name : registered) {
                    try {
                        agent.unregister(name);
                    } catch (JMException e) {
                        LOG.debug("JMX: could not unregister {}: {}", name, e.getMessage());
                    }
                }
            }
            registered.clear();
            healthChecks.forEach(id -> context.getRegistry().unbind(id));
            healthChecks.clear();
            operations.close();
        }
    }
}
