package io.gatewaysync.engine;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The engine's tables, brought up to date by Flyway at start-up: the portable migrations
 * ({@code db/migration}), then the vendor's own ({@code db/vendor/h2} or {@code db/vendor/postgresql}).
 *
 * <p>Flyway costs a third of a second of every start (loading its classes, scanning the jar's
 * ~21,500 entries for migrations, validating them), and on every start but the first it finds nothing
 * to do. So when the history table says that exactly the migrations this jar ships were applied, all
 * successfully, Flyway is not started at all. Anything else (a new database, a migration this engine
 * brings, a failed one, one the engine does not know: a database of a newer engine) goes through
 * Flyway as before, which migrates, or refuses with its own message. {@link #SHIPPED} names the
 * migrations; {@code SchemaTest} keeps it equal to the files.
 */
final class Schema {

    /** Versions of the shipped migrations, per vendor: {@code db/migration} plus {@code db/vendor/<vendor>}. */
    static final Map<String, List<String>> SHIPPED = Map.of(
            "h2", List.of("1", "2", "3", "4", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19"),
            "postgresql", List.of("1", "2", "3", "4", "5", "10", "11", "12", "13", "15", "16", "17", "19"));

    /** Flyway's history table (its default name, which the engine does not change). */
    private static final String HISTORY = "flyway_schema_history";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Schema.class);

    private Schema() {
    }

    /** Migrates {@code dataSource}; whether Flyway ran (false: the schema was already current). */
    static boolean migrate(DataSource dataSource) {
        String vendor = io.gatewaysync.db.Jdbc.vendor(dataSource);
        if (isCurrent(dataSource, vendor)) {
            LOG.debug("schema current ({} migrations), Flyway not needed", SHIPPED.get(vendor).size());
            return false;
        }
        Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
                .load().migrate();
        return true;
    }

    /** Looked up first: a query of a missing table would land in H2's trace file as an error. */
    private static boolean hasHistory(Connection c) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), HISTORY, new String[] {"TABLE"})) {
            return rs.next();
        }
    }

    /** Whether the database holds exactly the shipped migrations of {@code vendor}, each successful. */
    static boolean isCurrent(DataSource dataSource, String vendor) {
        List<String> shipped = SHIPPED.get(vendor);
        if (shipped == null) {
            return false;
        }
        Set<String> applied = new TreeSet<>();
        try (Connection c = dataSource.getConnection()) {
            if (!hasHistory(c)) {
                return false; // a new database
            }
            // Flyway creates its table and columns with quoted lower-case names, whatever the database's case
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT \"version\", \"success\" FROM \"" + HISTORY + "\"")) {
                while (rs.next()) {
                    String version = rs.getString(1);
                    if (!rs.getBoolean(2)) {
                        return false; // a failed migration: Flyway reports it
                    }
                    if (version != null) { // Flyway's own rows (schema creation, baseline marker) have none
                        applied.add(version);
                    }
                }
            }
        } catch (SQLException e) {
            LOG.debug("schema history not readable ({}), Flyway decides", e.getMessage());
            return false;
        }
        return applied.equals(new TreeSet<>(shipped));
    }
}
