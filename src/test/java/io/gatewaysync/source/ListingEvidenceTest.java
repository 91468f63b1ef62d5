package io.gatewaysync.source;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The completeness rule's evidence, case by case (the listing applies it; SourceListingTest end to end). */
class ListingEvidenceTest {

    @Test
    void noTotalStatedNothingContradictsTheEnd() {
        ListingEvidence e = new ListingEvidence(false);
        e.page(10, null);
        e.page(3, null);
        assertNull(e.unproven());
        assertEquals(13, e.listed());
    }

    @Test
    void aTotalReachedIsProof() {
        ListingEvidence e = new ListingEvidence(false);
        e.page(10, 13L);
        e.page(3, 13L);
        assertNull(e.unproven());
    }

    @Test
    void aTotalNotReachedIsNot() {
        ListingEvidence e = new ListingEvidence(false);
        e.page(10, 60L);
        e.page(10, 60L);
        assertEquals("the listing states 60 objects but ended after 20", e.unproven());
        assertFalse(e.worthRereading(), "the total did not grow: reading again would not help");
    }

    @Test
    void aTotalThatFellStillCountsAtItsLargest() {
        ListingEvidence e = new ListingEvidence(false);
        e.page(10, 60L);
        e.page(0, 0L);
        assertTrue(e.unproven().startsWith("the listing states 60 objects but ended after 10"), e.unproven());
        assertTrue(e.unproven().contains("fell to 0"), e.unproven());
    }

    @Test
    void moreListedThanStatedIsFine() {
        ListingEvidence e = new ListingEvidence(false);
        e.page(10, 9L); // an object deleted while the listing was read, after it was listed
        assertNull(e.unproven());
    }

    @Test
    void aGrownTotalIsReadAgainTwiceAtMost() {
        ListingEvidence e = new ListingEvidence(false);
        e.page(10, 20L);
        e.page(10, 21L);
        assertTrue(e.worthRereading());
        e.reread(10, 10, 21L);
        assertTrue(e.worthRereading());
        e.reread(10, 10, 21L);
        assertFalse(e.worthRereading(), "bounded");
        assertTrue(e.unproven().contains("read again 2x"), e.unproven());
    }

    @Test
    void aRereadCountsOnlyWhatIsNew() {
        ListingEvidence e = new ListingEvidence(false);
        e.page(10, 20L);
        e.page(10, 21L);
        e.reread(10, 11, 21L);
        assertEquals(21, e.listed());
        assertNull(e.unproven());
    }

    @Test
    void aRangeTotalThatChangesIsIncompleteEvenWhenReached() {
        ListingEvidence e = new ListingEvidence(true);
        e.page(10, 60L);
        e.page(10, 60L);
        e.page(10, 30L);
        assertEquals("the Content-Range total changed from 60 to 30 mid-listing", e.unproven());
        assertFalse(e.worthRereading());
    }

    @Test
    void aChangingTotalOutsideRangesIsNotItselfALie() {
        ListingEvidence e = new ListingEvidence(false);
        e.page(10, 20L);
        e.page(11, 21L);
        assertNull(e.unproven());
    }
}
