package io.gatewaysync.record;

import io.gatewaysync.testsupport.Postgres;

/** {@link OpenIntentsTest} on real PostgreSQL (embedded), a fresh database. */
class OpenIntentsPostgresTest extends OpenIntentsTest {

    private final String url = Postgres.freshDatabase();

    @Override
    protected String url() {
        return url;
    }

    @Override
    protected String user() {
        return "postgres";
    }
}
