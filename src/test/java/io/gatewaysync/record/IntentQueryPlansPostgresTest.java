package io.gatewaysync.record;

import com.zaxxer.hikari.HikariDataSource;
import io.gatewaysync.engine.Database;
import io.gatewaysync.testsupport.Postgres;

/**
 * {@link IntentQueryPlansTest} on real PostgreSQL (embedded), a fresh database: no intent look-up scans
 * the synchronization table.
 */
class IntentQueryPlansPostgresTest extends IntentQueryPlansTest {

    @Override
    protected HikariDataSource open() {
        return Database.open(Postgres.freshDatabase(), "postgres", "", 3);
    }
}
