package io.gatewaysync.run;

import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.Postgres;

/**
 * The hub scenarios of {@link HubSyncTest} on real PostgreSQL (embedded), a fresh database per test: the
 * overlapping-runs case relies on how a conditional UPDATE behaves under READ COMMITTED there.
 */
class HubSyncPostgresTest extends HubSyncTest {

    private String jdbcUrl;

    @Override
    protected EngineHarness newEngine() {
        if (jdbcUrl == null) {
            jdbcUrl = Postgres.freshDatabase();
        }
        return new EngineHarness(dir, jdbcUrl);
    }
}
