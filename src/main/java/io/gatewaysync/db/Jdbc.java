package io.gatewaysync.db;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;

/** Small JDBC helpers shared by the stores: array parameters and instants, always bound. */
public final class Jdbc {

    private Jdbc() {
    }

    /**
     * The database product, as the name of its folder of vendor-specific migrations: {@code h2},
     * {@code postgresql}, else the product name in lower case.
     */
    public static String vendor(javax.sql.DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
            return product.contains("postgres") ? "postgresql" : product.contains("h2") ? "h2" : product.replace(' ', '-');
        } catch (SQLException e) {
            throw new IllegalStateException("database unreachable: " + e.getMessage(), e);
        }
    }

    /** A VARCHAR array parameter, for {@code col = ANY(?)}: one statement for a whole page of ids. */
    public static Array varchars(Connection c, Collection<String> values) throws SQLException {
        return c.createArrayOf("VARCHAR", values.toArray(new String[0]));
    }

    public static Array bigints(Connection c, Collection<Long> values) throws SQLException {
        return c.createArrayOf("BIGINT", values.toArray(new Long[0]));
    }

    public static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, value.atOffset(ZoneOffset.UTC));
        }
    }

    /** By position: what the page look-ups use (a look-up by name costs a search per value). */
    public static Instant getInstant(ResultSet rs, int column) throws SQLException {
        Object value = rs.getObject(column);
        if (value == null || value instanceof OffsetDateTime || value instanceof Timestamp) {
            return instant(value);
        }
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    /** A timestamp value as a driver's getObject returns it (camel-jdbc rows), as an Instant. */
    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof java.time.ZonedDateTime zdt) {
            return zdt.toInstant();
        }
        if (value instanceof Instant i) {
            return i;
        }
        throw new IllegalArgumentException("not a timestamp: " + value.getClass().getName());
    }

    public static Instant getInstant(ResultSet rs, String column) throws SQLException {
        return getInstant(rs, rs.findColumn(column));
    }

    /** True when a connection can be taken and validated (health check). */
    public static boolean reachable(javax.sql.DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
