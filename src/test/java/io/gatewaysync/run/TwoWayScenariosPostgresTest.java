package io.gatewaysync.run;

import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.Postgres;

/** The same scenarios as {@link TwoWayScenariosTest}, on real PostgreSQL (embedded), a fresh database per test. */
class TwoWayScenariosPostgresTest extends TwoWayScenariosTest {

    private String jdbcUrl;

    @Override
    protected EngineHarness newEngine() {
        if (jdbcUrl == null) {
            jdbcUrl = Postgres.freshDatabase(); // one per test: a restart within a test keeps its data
        }
        return new EngineHarness(dir, jdbcUrl);
    }
}
