package io.gatewaysync.run;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnownRecordsTest {

    /** A SHA-256 as the engine stores it (hex): its bits spread over all 32 bytes, as real ones do. */
    private static String hash(int i) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Integer.toString(i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void knowsAnObjectUnchangedOnlyWithTheStoredHash() {
        KnownRecords known = new KnownRecords(10_000_000);
        for (int i = 0; i < 5000; i++) {
            assertTrue(known.add(100 + i, "o" + i, hash(i)));
        }
        assertTrue(known.complete());
        assertEquals(5000, known.size());
        assertEquals(100 + 4321, known.unchanged("o4321", hash(4321)));
        assertEquals(100 + 4321, known.unchanged("o4321", hash(4321).toUpperCase()), "hex case does not matter");
        assertEquals(-1, known.unchanged("o4321", hash(4322)), "another hash: changed");
        assertEquals(-1, known.unchanged("o5000", hash(5000)), "no quiet record");
        assertEquals(-1, known.unchanged("o43", "not a hash"));
        known.forget("o4321");
        assertEquals(-1, known.unchanged("o4321", hash(4321)), "forgotten once decided from the database");
        assertEquals(100 + 4320, known.unchanged("o4320", hash(4320)));
    }

    @Test
    void nonAsciiIdsAreTheirOwn() {
        KnownRecords known = new KnownRecords(1_000_000);
        known.add(1, "é", hash(1));
        known.add(2, "e\u0301", hash(2));
        assertEquals(1, known.unchanged("é", hash(1)));
        assertEquals(2, known.unchanged("e\u0301", hash(2)));
        assertEquals(-1, known.unchanged("e", hash(1)));
    }

    @Test
    void stopsAtTheBudget() {
        KnownRecords known = new KnownRecords(200_000);
        int added = 0;
        while (known.add(added + 1, "object-" + added, hash(added))) {
            added++;
        }
        assertFalse(known.complete());
        assertTrue(added > 1000 && added < 200_000 / KnownRecords.BYTES_PER_RECORD, "added " + added);
        assertTrue(known.bytes() <= 200_000, "bytes " + known.bytes());
        assertEquals(added, known.size());
        assertEquals(-1, known.unchanged("object-" + added, hash(added)), "did not fit: looked up");
        assertEquals(1, known.unchanged("object-0", hash(0)));
        assertFalse(known.add(999_999, "later", hash(3)), "nothing more once the budget is spent");
    }

    /** Only the first 128 bits are kept; a hash that differs only after them is not told apart (2^-128). */
    @Test
    void keepsTheFirst128Bits() {
        KnownRecords known = new KnownRecords(1_000_000);
        known.add(1, "a", hash(1));
        String sameStart = hash(1).substring(0, 32) + hash(2).substring(32);
        assertEquals(1, known.unchanged("a", sameStart));
        String otherStart = hash(2).substring(0, 32) + hash(1).substring(32);
        assertEquals(-1, known.unchanged("a", otherStart));
    }

    @Test
    void whatTheRunCommitsIsWhatTheDigestHolds() throws IOException {
        KnownRecords known = new KnownRecords(10_000_000);
        for (int i = 0; i < 5000; i++) {
            known.add(i + 1, "o" + i, hash(i));
        }
        known.put(5001, "o7", hash(70_007));          // updated by the run: the new hash
        known.put(6000, "new-é", hash(6));          // created by the run
        known.forget("o8");                          // left otherwise (e.g. failed, blocked)
        known.deleted(10);                           // o9's record deleted (gone from the source)
        known.put(12, "o11", null);                  // no hash of ours: not known

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertEquals(5000 - 3 + 1, known.writeTo(new DataOutputStream(bytes)));
        KnownRecords read = KnownRecords.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())),
                10_000_000);
        assertEquals(4998, read.size());
        assertEquals(5001, read.unchanged("o7", hash(70_007)));
        assertEquals(-1, read.unchanged("o7", hash(7)));
        assertEquals(6000, read.unchanged("new-é", hash(6)));
        assertEquals(-1, read.unchanged("o8", hash(8)));
        assertEquals(-1, read.unchanged("o9", hash(9)));
        assertEquals(-1, read.unchanged("o11", hash(11)));
        assertEquals(1000, read.unchanged("o999", hash(999)));

        KnownRecords small = KnownRecords.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 200_000);
        assertFalse(small.complete(), "a digest larger than the budget is read in part");
        assertTrue(small.size() > 1000 && small.size() < 4998, "read " + small.size());

        byte[] cut = java.util.Arrays.copyOf(bytes.toByteArray(), bytes.size() - 5);
        assertThrows(IOException.class, () -> KnownRecords.readFrom(new DataInputStream(new ByteArrayInputStream(cut)), 10_000_000));
        byte[] other = bytes.toByteArray().clone();
        other[7] = 9; // another format version
        assertThrows(IOException.class, () -> KnownRecords.readFrom(new DataInputStream(new ByteArrayInputStream(other)), 10_000_000));
    }
}
