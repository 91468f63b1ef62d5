package io.gatewaysync.bench;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcDataSource;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.*;
import java.util.*;

/**
 * What one page's record look-up costs on H2 in-process, by select list and by how the rows are handed
 * over: camel-jdbc maps (the route template's choice), camel-jdbc {@code outputClass} beans, or plain JDBC.
 * CPU time and bytes allocated on the calling thread, which is where H2 runs. 100,000 records, pages of
 * 1,000, four rounds (the first warms up); the gateway objects hold {@code {}}, the engine's real ones
 * more, which H2 reads along with the hash. Not a test: run it by hand, e.g.
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) io.gatewaysync.bench.LookUpCost /tmp/lookup-cost}
 * (cp.txt from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}); the README quotes it.
 */
public class LookUpCost {
    static final String FULL = "SELECT s.id, s.source, s.source_id, s.gateway_schema, s.gateway_id, s.source_hash, "
            + "s.gateway_hash, s.source_last_changed, s.gateway_last_changed, s.last_checked, s.last_synced, s.last_seen_run, "
            + "s.try_counter, s.blocked, s.blocked_until, s.last_error, s.pending_action, s.created_at, s.version, "
            + "s.pending_token, s.pending_hash, g.hash AS g_hash, g.date_modified AS g_modified ";
    static final String SLIM = "SELECT s.id, s.source_id, s.gateway_id, s.source_hash, s.gateway_hash, s.blocked, "
            + "s.blocked_until, s.pending_action, g.hash AS g_hash ";
    static final String FROM = "FROM UNNEST(CAST(:?ids AS VARCHAR ARRAY)) AS t(k) JOIN synchronization s ON s.source = :?source "
            + "AND s.source_id = t.k LEFT JOIN gateway_object g ON g.schema_name = :?schema AND g.id = s.gateway_id";

    /** The look-up's 9 columns as a bean, for {@code outputClass}: camel-jdbc sets it from each row's map. */
    public static class Row {
        private long id; private String sourceId, gatewayId, sourceHash, gatewayHash, pendingAction, gHash;
        private boolean blocked; private java.time.OffsetDateTime blockedUntil;
        public void setId(long v) { id = v; } public void setSourceId(String v) { sourceId = v; }
        public void setGatewayId(String v) { gatewayId = v; } public void setSourceHash(String v) { sourceHash = v; }
        public void setGatewayHash(String v) { gatewayHash = v; } public void setPendingAction(String v) { pendingAction = v; }
        public void setGHash(String v) { gHash = v; } public void setBlocked(boolean v) { blocked = v; }
        public void setBlockedUntil(java.time.OffsetDateTime v) { blockedUntil = v; }
    }

    /** The same query through plain JDBC, every column read with getObject, as the bean look-up did. */
    static int plain(javax.sql.DataSource ds, String select, String[] ids) throws SQLException {
        String sql = (select + FROM).replace(":?ids", "?").replace(":?source", "?").replace(":?schema", "?");
        int n = 0;
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("VARCHAR", ids)); ps.setString(2, "bench"); ps.setString(3, "s");
            try (ResultSet rs = ps.executeQuery()) {
                int cols = rs.getMetaData().getColumnCount();
                Object[] v = new Object[cols];
                while (rs.next()) { for (int i = 0; i < cols; i++) v[i] = rs.getObject(i + 1); n++; }
            }
        }
        return n;
    }

    public static void main(String[] a) throws Exception {
        int n = 100_000, page = 1000;
        JdbcDataSource ds = new JdbcDataSource();
        Path dir = Files.createTempDirectory(a.length > 0 ? Files.createDirectories(Path.of(a[0])) : Path.of(System.getProperty("java.io.tmpdir")), "db-");
        ds.setURL("jdbc:h2:file:" + dir.resolve("sync") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        org.flywaydb.core.Flyway.configure().dataSource(ds).locations("classpath:db/migration", "classpath:db/vendor/h2").load().migrate();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement g = c.prepareStatement("INSERT INTO gateway_object VALUES ('s', ?, '{}', ?, NOW(), NOW())");
                 PreparedStatement s = c.prepareStatement("INSERT INTO synchronization (source, source_id, gateway_schema, gateway_id, "
                         + "source_hash, gateway_hash, source_last_changed, gateway_last_changed, last_checked, last_synced, created_at) "
                         + "VALUES ('bench', ?, 's', ?, ?, ?, NOW(), NOW(), NOW(), NOW(), NOW())")) {
                for (int i = 0; i < n; i++) {
                    String h = String.format("%064x", i);
                    g.setString(1, "g" + i); g.setString(2, h); g.addBatch();
                    s.setString(1, "o" + i); s.setString(2, "g" + i); s.setString(3, h); s.setString(4, h); s.addBatch();
                    if (i % 1000 == 999) { g.executeBatch(); s.executeBatch(); }
                }
            }
            c.commit();
        }
        CamelContext ctx = new DefaultCamelContext();
        ctx.getRegistry().bind("ds", ds);
        ctx.addRoutes(new RouteBuilder() {
            public void configure() {
                from("direct:map").enrich().constant("jdbc:ds?useHeadersAsParameters=true&resetAutoCommit=false")
                        .variableSend("sql").variableReceive("records").end();
                from("direct:bean").enrich().constant("jdbc:ds?useHeadersAsParameters=true&resetAutoCommit=false&outputClass=io.gatewaysync.bench.LookUpCost$Row")
                        .variableSend("sql").variableReceive("records").end();
            }
        });
        ctx.start();
        ProducerTemplate t = ctx.createProducerTemplate();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        String[][] variants = {{"23 columns, SelectList (maps)", "direct:map", FULL}, {"9 columns, SelectList (maps)", "direct:map", SLIM},
                {"9 columns, outputClass (beans)", "direct:bean", SLIM},
                {"23 columns, plain JDBC", "plain", FULL}, {"9 columns, plain JDBC", "plain", SLIM}};
        for (int round = 0; round < 4; round++) {
            for (String[] v : variants) {
                long cpu0 = mx.getCurrentThreadCpuTime(), al0 = mx.getCurrentThreadAllocatedBytes(), rows = 0;
                for (int p = 0; p < n / page; p++) {
                    String[] ids = new String[page];
                    for (int i = 0; i < page; i++) ids[i] = "o" + (p * page + i);
                    Map<String, Object> params = new HashMap<>();
                    params.put("ids", ids); params.put("source", "bench"); params.put("schema", "s");
                    if (v[1].equals("plain")) {
                        rows += plain(ds, v[2], ids);
                        continue;
                    }
                    Exchange ex = t.send(v[1], e -> {
                        e.getMessage().setHeader("CamelJdbcParameters", params);
                        e.setVariable("sql", v[2] + FROM);
                    });
                    if (ex.getException() != null) throw ex.getException();
                    rows += ((List<?>) ex.getVariable("records")).size();
                }
                long cpu = mx.getCurrentThreadCpuTime() - cpu0, al = mx.getCurrentThreadAllocatedBytes() - al0;
                System.out.printf("round %d  %-32s rows %,d  CPU %,d ms  allocated %,d MB  (%.2f ms, %.0f KB per page)%n", round, v[0],
                        rows, cpu / 1_000_000, al >> 20, cpu / 1e6 / (n / page), al / 1024.0 / (n / page));
            }
        }
        ctx.stop();
    }
}
