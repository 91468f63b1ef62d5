package io.gatewaysync.db;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The look-up's DataSource: counts parameters from the SQL, does everything else as the real one. */
class KnownParameterCountTest {

    @Test
    void parameterCountComesFromTheSqlAndStatementsStillWork() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:kpc;DB_CLOSE_DELAY=-1");
        DataSource ds = KnownParameterCount.wrap(h2);
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT CAST(? AS VARCHAR) || '?' || \"X\".Y, ? FROM (SELECT 'y' AS Y) AS \"X\"")) {
            assertEquals(2, ps.getParameterMetaData().getParameterCount());
            ps.setObject(1, "a");
            ps.setObject(2, 7);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("a?y", rs.getString(1));
                assertEquals(7, rs.getInt(2));
            }
        }
        assertEquals(3, KnownParameterCount.count("SELECT ? FROM t WHERE a = ? AND b = '?' AND c = ?"));
    }
}
