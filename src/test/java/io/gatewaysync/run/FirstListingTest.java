package io.gatewaysync.run;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A first listing's memory of the ids it has listed: never "not listed" for an id it has seen (that would
 * skip the look-up of a record its earlier page made, and create the object twice), and rarely "listed"
 * for one it has not (that only costs a look-up).
 */
class FirstListingTest {

    @Test
    void anIdListedBeforeIsAlwaysKnownAgain() {
        FirstListing listing = new FirstListing();
        for (int i = 0; i < 500_000; i++) {
            listing.listedBefore("o" + i);
        }
        for (int i = 0; i < 500_000; i++) {
            assertTrue(listing.listedBefore("o" + i), "o" + i);
        }
    }

    @Test
    void fewIdsNeverListedLookListed() {
        FirstListing listing = new FirstListing();
        int falseBefore = 0;
        for (int i = 0; i < 500_000; i++) {
            if (listing.listedBefore(String.format("%08d", i))) {
                falseBefore++;
            }
        }
        assertTrue(falseBefore < 5_000, "ids wrongly taken for listed before: " + falseBefore + " of 500,000");
    }

    @Test
    void theFirstListingOfAnIdIsNew() {
        FirstListing listing = new FirstListing();
        assertFalse(listing.listedBefore("a"));
        assertTrue(listing.listedBefore("a"));
        assertFalse(listing.listedBefore("b"));
        assertFalse(listing.listedBefore(""));
        assertTrue(listing.listedBefore(""));
    }
}
