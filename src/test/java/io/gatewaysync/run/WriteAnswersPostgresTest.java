package io.gatewaysync.run;

import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.Postgres;

import java.nio.file.Path;

/** The same scenarios as {@link WriteAnswersTest}, on real PostgreSQL (embedded), a fresh database per engine. */
class WriteAnswersPostgresTest extends WriteAnswersTest {

    @Override
    protected EngineHarness newEngine(Path where) {
        return new EngineHarness(where, Postgres.freshDatabase());
    }
}
