package io.gatewaysync.run;

import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.Postgres;

/** The incremental-listing scenarios of {@link IncrementalListingTest} on real PostgreSQL (embedded). */
class IncrementalListingPostgresTest extends IncrementalListingTest {

    private String jdbcUrl;

    @Override
    protected EngineHarness newEngine() {
        if (jdbcUrl == null) {
            jdbcUrl = Postgres.freshDatabase();
        }
        return new EngineHarness(dir, jdbcUrl);
    }
}
