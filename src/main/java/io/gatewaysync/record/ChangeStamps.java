package io.gatewaysync.record;

import io.gatewaysync.db.Jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Raises a source's change stamp ({@code source_change.stamp}) in the writer's own transaction, for every
 * write to its records, or to the gateway objects they point at, that is not the source's own run: its
 * {@link QuietDigestStore quiet digest} then no longer holds, and the next run reads the records instead.
 * A source that never stored a digest has no row, and nothing is raised.
 */
public final class ChangeStamps {

    private ChangeStamps() {
    }

    /** The source's records were written by someone other than its own run. */
    public static void raise(Connection c, String source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE source_change SET stamp = stamp + 1 WHERE source = ?")) {
            ps.setString(1, source);
            ps.executeUpdate();
        }
    }

    /**
     * Gateway objects of {@code schema} were changed or deleted: raises every source with a record that points
     * at one of them, except {@code writer} (the source whose own run wrote them; null: none), one statement.
     */
    public static void raiseLinked(Connection c, String schema, Collection<String> gatewayIds, String writer)
            throws SQLException {
        if (gatewayIds.isEmpty()) {
            return;
        }
        // The ids joined through UNNEST, as the page look-ups do: H2 then probes ix_synchronization_gateway.
        try (PreparedStatement ps = c.prepareStatement("UPDATE source_change SET stamp = stamp + 1 WHERE source IN "
                + "(SELECT s.source FROM UNNEST(?) AS t(k) JOIN synchronization s ON s.gateway_schema = ? "
                + "AND s.gateway_id = t.k WHERE s.source <> ?)")) {
            ps.setArray(1, Jdbc.varchars(c, gatewayIds));
            ps.setString(2, schema);
            ps.setString(3, writer == null ? "" : writer);
            ps.executeUpdate();
        }
    }
}
