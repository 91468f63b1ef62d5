package io.gatewaysync.run;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnownRecordsTest {

    private static String hash(int i) {
        return String.format("%064x", i * 7919L + 1);
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
}
