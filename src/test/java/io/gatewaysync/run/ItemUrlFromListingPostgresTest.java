package io.gatewaysync.run;

import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.Postgres;

import java.nio.file.Path;

/** {@link ItemUrlFromListingTest} on real PostgreSQL (embedded): source_url through COPY. */
class ItemUrlFromListingPostgresTest extends ItemUrlFromListingTest {

    @Override
    protected EngineHarness newEngine(Path where) {
        return new EngineHarness(where, Postgres.freshDatabase());
    }
}
