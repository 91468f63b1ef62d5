package io.gatewaysync.record;

import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.Postgres;

/** The run history of {@link RunHistoryTest} on real PostgreSQL (embedded), a fresh database per test. */
class RunHistoryPostgresTest extends RunHistoryTest {

    private String jdbcUrl;

    @Override
    protected EngineHarness newEngine() {
        if (jdbcUrl == null) {
            jdbcUrl = Postgres.freshDatabase();
        }
        return new EngineHarness(dir, jdbcUrl);
    }
}
