package io.gatewaysync.run;

import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.Postgres;

/** The same as {@link NumberFidelityTest}, on real PostgreSQL (embedded), a fresh database per test. */
class NumberFidelityPostgresTest extends NumberFidelityTest {

    @Override
    protected EngineHarness newEngine() {
        return new EngineHarness(dir, Postgres.freshDatabase());
    }
}
