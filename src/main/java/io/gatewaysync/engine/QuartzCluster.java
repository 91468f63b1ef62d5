package io.gatewaysync.engine;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SchedulerFactory;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Properties;

/**
 * Scale-out (sync.cluster.enabled=true): the sources' Quartz jobs live in Quartz's clustered JDBC job
 * store in the engine's own database (tables from the Flyway migration in {@code db/vendor/{vendor}}),
 * so that each scheduled run fires on exactly one engine of the cluster, and the jobs of an engine
 * that stops or dies move to the others. Every engine must use the same database, the same
 * {@code camel.main.name} (the cluster's name) and the same route files.
 *
 * <p>This is Quartz's own clustering (row locks in {@code QRTZ_LOCKS}, check-ins in
 * {@code QRTZ_SCHEDULER_STATE}); the per-source run lease in {@code source_run} stays in force as a
 * second line of defence and covers {@code --once} runs, which never join the cluster.
 */
public final class QuartzCluster {

    private QuartzCluster() {
    }

    /**
     * Makes the context's {@code quartz} component use a clustered scheduler on {@code dataSource}.
     *
     * @param instanceId     unique per engine (Quartz's instance id)
     * @param checkinMillis  how often an engine checks in; one that misses check-ins is taken for dead
     *                       and its jobs are recovered by the others
     */
    public static void install(CamelContext context, DataSource dataSource, String jdbcUrl, String instanceId,
                               long checkinMillis, int threads) {
        // Quartz looks data sources up by name in a JVM-wide registry; the engine's pool, under a name of its own.
        String dataSourceName = "gateway-sync-" + instanceId;
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new PooledConnections(dataSource));
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceId", instanceId);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", jdbcUrl.startsWith("jdbc:postgresql:")
                ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(checkinMillis));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        context.getComponent("quartz", QuartzComponent.class).setSchedulerFactory(new ClusteredSchedulerFactory(context, p));
    }

    /**
     * Creates the scheduler when the component starts (the context's name, which names the cluster, is
     * known by then). Quartz keeps schedulers in a JVM-wide repository by name, and every engine of a
     * cluster has the same name: the scheduler is taken out of that repository at once, so that each
     * engine has its own even when several share a JVM (as in tests).
     */
    private static final class ClusteredSchedulerFactory implements SchedulerFactory {

        private final CamelContext context;
        private final Properties properties;
        private Scheduler scheduler;

        ClusteredSchedulerFactory(CamelContext context, Properties properties) {
            this.context = context;
            this.properties = properties;
        }

        @Override
        public Scheduler getScheduler() throws SchedulerException {
            synchronized (SchedulerRepository.class) {
                if (scheduler == null || scheduler.isShutdown()) {
                    Properties p = new Properties();
                    p.putAll(properties);
                    p.setProperty("org.quartz.scheduler.instanceName", context.getName());
                    scheduler = new StdSchedulerFactory(p).getScheduler();
                    SchedulerRepository.getInstance().remove(scheduler.getSchedulerName());
                }
                return scheduler;
            }
        }

        @Override
        public Scheduler getScheduler(String name) throws SchedulerException {
            Scheduler s = getScheduler();
            return s.getSchedulerName().equals(name) ? s : null;
        }

        @Override
        public Collection<Scheduler> getAllSchedulers() throws SchedulerException {
            return List.of(getScheduler());
        }
    }

    /** The engine's connection pool as Quartz's data source; the engine, not Quartz, closes the pool. */
    private record PooledConnections(DataSource dataSource) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {
            // the pool belongs to the engine
        }

        @Override
        public void initialize() {
            // nothing to set up
        }
    }
}
