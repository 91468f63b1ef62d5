package io.gatewaysync.run;

import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.Postgres;

import java.nio.file.Path;

/** The same races as {@link RemoteGatewayConditionalTest}, on real PostgreSQL (embedded): the ETag column by COPY and UPDATE. */
class RemoteGatewayConditionalPostgresTest extends RemoteGatewayConditionalTest {

    @Override
    protected EngineHarness newEngine(Path where) {
        return new EngineHarness(where, Postgres.freshDatabase());
    }
}
