package io.gatewaysync.gateway;

import io.gatewaysync.db.PostgresCopy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** New embedded-gateway objects of a page through COPY on PostgreSQL ({@link PostgresCopy}). */
final class GatewayObjectCopy {

    private GatewayObjectCopy() {
    }

    /** Inserts {@code rows} on {@code c} by COPY and returns how many; -1 when COPY does not apply. */
    static int insert(Connection c, String schema, List<GatewayWrites.Row> rows, Instant now) throws SQLException {
        PostgresCopy copy = PostgresCopy.into(c, "gateway_object",
                "schema_name, id, data, hash, date_created, date_modified", rows.size());
        if (copy == null) {
            return -1;
        }
        for (GatewayWrites.Row row : rows) {
            copy.text(schema).text(row.id()).text(row.json()).text(row.hash()).instant(now).instant(now).endRow();
        }
        return (int) copy.execute();
    }
}
