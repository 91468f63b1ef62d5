package io.gatewaysync.record;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Where a source's quiet digest is kept ({@code quiet_digest}, {@code source_change}): taken by the run
 * that begins (which clears it, so that a run that dies half-way leaves none behind), stored by the run
 * that ends. The bytes are the run's business; this class keeps them in parts of {@link #PART} bytes,
 * read one at a time.
 */
public class QuietDigestStore {

    /**
     * Bytes per part. Small, and each part in a transaction of its own: H2 serialises a commit's pages (and
     * its undo log) in one buffer, and a 25 MB transaction of 1 MB values ran a 256 MB heap out of memory.
     */
    static final int PART = 1 << 18;

    private final DataSource dataSource;

    public QuietDigestStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * What a beginning run finds: the stamp it begins at, and whether the stored digest holds for the
     * schema (stored at this very stamp: nothing but the source's own runs wrote since).
     */
    public record Taken(long stamp, boolean holds) {
    }

    /** Takes the digest for a run that begins: reads whether it holds, and clears it in the same transaction. */
    public Taken take(String source, String schema) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Taken taken = null;
                try (PreparedStatement ps = c.prepareStatement("SELECT stamp, digest_stamp, digest_schema "
                        + "FROM source_change WHERE source = ? FOR UPDATE")) {
                    ps.setString(1, source);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            long stamp = rs.getLong(1);
                            long digestStamp = rs.getLong(2);
                            boolean stored = !rs.wasNull();
                            taken = new Taken(stamp, stored && digestStamp == stamp && schema.equals(rs.getString(3)));
                        }
                    }
                }
                if (taken == null) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO source_change (source, stamp) VALUES (?, 0)")) {
                        ps.setString(1, source);
                        ps.executeUpdate();
                    }
                    taken = new Taken(0, false);
                } else {
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE source_change SET digest_stamp = NULL WHERE source = ?")) {
                        ps.setString(1, source);
                        ps.executeUpdate();
                    }
                }
                c.commit();
                return taken;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new RecordStoreException("taking the quiet digest of source '" + source + "'", e);
        }
    }

    /** The stored digest's bytes, a part at a time (call only after {@link #take} found that it holds). */
    public InputStream read(String source) {
        return new InputStream() {
            private int part;
            private InputStream current = InputStream.nullInputStream();
            private boolean ended;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (true) {
                    int n = current.read(b, off, len);
                    if (n >= 0 || ended) {
                        return n;
                    }
                    byte[] next = part(source, part++);
                    if (next == null) {
                        ended = true;
                    } else {
                        current = new ByteArrayInputStream(next);
                    }
                }
            }
        };
    }

    private byte[] part(String source, int part) throws IOException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT data FROM quiet_digest WHERE source = ? AND part = ?")) {
            ps.setString(1, source);
            ps.setInt(2, part);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw new IOException("reading part " + part + " of the quiet digest of source '" + source + "': "
                    + e.getMessage(), e);
        }
    }

    /** Writes the digest's bytes into a transaction of their own. */
    public interface Content {
        /** Returns the number of entries written. */
        int writeTo(OutputStream out) throws IOException;
    }

    /**
     * Stores the digest made by a run that began at {@code stamp}: it holds from now on unless someone
     * else wrote since that stamp (then the next run finds the stamps differ and reads the records). The
     * old parts are deleted and the new ones written a part per transaction while the source has no digest
     * (cleared by {@link #take}); the last transaction says that it holds. Interrupted anywhere, none holds.
     */
    public void store(String source, String schema, long stamp, Content content) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement clear = c.prepareStatement("UPDATE source_change SET digest_stamp = NULL WHERE source = ?")) {
                clear.setString(1, source);
                clear.executeUpdate();
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM quiet_digest WHERE source = ? AND part = ?")) {
                for (int part = parts(c, source) - 1; part >= 0; part--) {
                    delete.setString(1, source);
                    delete.setInt(2, part);
                    delete.executeUpdate();
                }
            }
            int entries;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO quiet_digest (source, part, data) VALUES (?,?,?)")) {
                Parts parts = new Parts(insert, source);
                entries = content.writeTo(parts);
                parts.flush();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE source_change SET digest_stamp = ?, "
                    + "digest_schema = ?, digest_entries = ? WHERE source = ?")) {
                ps.setLong(1, stamp);
                ps.setString(2, schema);
                ps.setInt(3, entries);
                ps.setString(4, source);
                ps.executeUpdate();
            }
        } catch (SQLException | IOException e) {
            throw new RecordStoreException("storing the quiet digest of source '" + source + "'", e);
        }
    }

    /**
     * The digest the run took holds again as it was stored: the run read it whole and changed nothing of
     * it, so its parts are left as they are and only its stamp is put back (no 25 MB rewrite per quiet run).
     */
    public void restore(String source, long stamp) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE source_change SET digest_stamp = ? WHERE source = ?")) {
            ps.setLong(1, stamp);
            ps.setString(2, source);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new RecordStoreException("keeping the quiet digest of source '" + source + "'", e);
        }
    }

    /** One more than the highest part stored (parts are numbered from 0). */
    private static int parts(Connection c, String source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(part) FROM quiet_digest WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getObject(1) != null ? rs.getInt(1) + 1 : 0;
            }
        }
    }

    /** Cuts the bytes into parts, each inserted as soon as it is full. */
    private static final class Parts extends OutputStream {
        private final PreparedStatement insert;
        private final String source;
        private final byte[] buffer = new byte[PART];
        private int length;
        private int part;

        Parts(PreparedStatement insert, String source) {
            this.insert = insert;
            this.source = source;
        }

        @Override
        public void write(int b) throws IOException {
            if (length == PART) {
                flush();
            }
            buffer[length++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (length == PART) {
                    flush();
                }
                int n = Math.min(len, PART - length);
                System.arraycopy(b, off, buffer, length, n);
                length += n;
                off += n;
                len -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            if (length == 0) {
                return;
            }
            try {
                insert.setString(1, source);
                insert.setInt(2, part++);
                insert.setBytes(3, Arrays.copyOf(buffer, length));
                insert.executeUpdate();
            } catch (SQLException e) {
                throw new IOException(e.getMessage(), e);
            }
            length = 0;
        }
    }
}
