package io.gatewaysync.run;

import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.Postgres;

/** The same scenarios as {@link OneWayScenariosTest}, on real PostgreSQL (embedded), a fresh database per test. */
class OneWayScenariosPostgresTest extends OneWayScenariosTest {

    private String jdbcUrl;

    @Override
    protected EngineHarness newEngine() {
        if (jdbcUrl == null) {
            jdbcUrl = Postgres.freshDatabase(); // one per test: a restart within a test keeps its data
        }
        return new EngineHarness(dir, jdbcUrl);
    }
}
