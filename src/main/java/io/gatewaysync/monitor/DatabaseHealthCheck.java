package io.gatewaysync.monitor;

import io.gatewaysync.db.Jdbc;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import javax.sql.DataSource;
import java.util.Map;

/**
 * Readiness: the database (records, leases, embedded gateway) answers. A connection is taken from the
 * pool and validated; the pool waits at most its connection timeout (10 s) for one.
 */
public class DatabaseHealthCheck extends AbstractHealthCheck {

    public static final String ID = "gateway-sync-database";

    private final DataSource dataSource;

    public DatabaseHealthCheck(DataSource dataSource) {
        super("gateway-sync", ID);
        this.dataSource = dataSource;
    }

    @Override
    public boolean isLiveness() {
        // An unreachable database is not cured by restarting the engine: readiness only.
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (Jdbc.reachable(dataSource)) {
            builder.up();
        } else {
            builder.detail("database", "unreachable").message("the database does not answer").down();
        }
    }
}
