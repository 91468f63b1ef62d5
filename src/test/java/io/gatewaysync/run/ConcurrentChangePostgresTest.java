package io.gatewaysync.run;

import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.Postgres;

/** {@link ConcurrentChangeTest} on real PostgreSQL (embedded). */
class ConcurrentChangePostgresTest extends ConcurrentChangeTest {

    private String jdbcUrl;

    @Override
    protected EngineHarness newEngine() {
        if (jdbcUrl == null) {
            jdbcUrl = Postgres.freshDatabase();
        }
        return new EngineHarness(dir, jdbcUrl);
    }
}
