package io.gatewaysync.record;

import com.zaxxer.hikari.HikariDataSource;
import io.gatewaysync.engine.Database;
import io.gatewaysync.testsupport.Postgres;

/**
 * {@link IntentQueryPlansTest} on real PostgreSQL (embedded), a fresh database: there the intent indexes
 * are partial (V5), and every intent look-up must stay on one of them, not scan the table.
 */
class IntentQueryPlansPostgresTest extends IntentQueryPlansTest {

    @Override
    protected HikariDataSource open() {
        return Database.open(Postgres.freshDatabase(), "postgres", "", 3);
    }
}
