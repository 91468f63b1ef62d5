package io.gatewaysync.source;

/**
 * What the pages of one listing said about its size, and whether the end the pagination reached is
 * proven. The one rule for every strategy: a listing is complete only when the source itself ended it
 * (the strategy's end signal) and nothing the source said contradicts that end. This class holds the
 * contradictions that need the whole listing to see:
 * <ul>
 *   <li>a total stated by the listing (body or headers, {@link PageParser#totalCount}) that is larger
 *       than the objects listed when it ends — the largest total it stated: a total that shrank while the
 *       listing was read (objects deleted meanwhile, or a source that suddenly answers another, smaller
 *       collection) proves nothing about the objects not seen, so the run ends PARTIAL and the next run,
 *       on a source at rest, completes;</li>
 *   <li>for item ranges, a total that changed mid-listing (the Content-Range of each page tells the
 *       size of one and the same collection; a different size means pages now cover different items).</li>
 * </ul>
 * A total that grew while the listing was read is not a lie (objects were added meanwhile): the listing
 * re-reads its last page a bounded number of times ({@link #MAX_REREADS}) before it gives up.
 *
 * <p>Objects are counted per page as listed (rejected elements included: they exist at the source), not
 * as distinct ids: counting distinct ids over a whole listing would take memory in the size of the
 * source. A page read again after the total grew counts only what it holds beyond its first reading.
 */
public final class ListingEvidence {

    /** How often the last page is read again when the total grew during the listing. */
    public static final int MAX_REREADS = 2;

    private final boolean ranges;
    private long listed;
    private Long firstTotal;
    private Long lastTotal;
    private Long maxTotal;
    private Long rangeTotal;
    private String rangeChange;
    private int rereads;

    /** @param ranges whether the pages are item ranges of one URL ({@code range}, {@code postgrest}) */
    public ListingEvidence(boolean ranges) {
        this.ranges = ranges;
    }

    /** One page as read: its element count and the total it stated (null when it stated none). */
    public void page(int elements, Long total) {
        listed += elements;
        stated(total);
    }

    /** The last page read again: only the elements beyond its first reading are new. */
    public void reread(int elementsBefore, int elementsNow, Long total) {
        rereads++;
        listed += Math.max(0, elementsNow - elementsBefore);
        stated(total);
    }

    private void stated(Long total) {
        if (total == null) {
            return;
        }
        if (firstTotal == null) {
            firstTotal = total;
        }
        if (ranges && rangeTotal != null && !rangeTotal.equals(total) && rangeChange == null) {
            rangeChange = "the Content-Range total changed from " + rangeTotal + " to " + total + " mid-listing";
        }
        rangeTotal = total;
        lastTotal = total;
        maxTotal = maxTotal == null ? total : Math.max(maxTotal, total);
    }

    /** Objects listed so far (rejected elements included). */
    public long listed() {
        return listed;
    }

    /** The total the listing stated last, or null. */
    public Long statedTotal() {
        return lastTotal;
    }

    /**
     * Whether the end is worth one more reading of the last page: the listing ended short of its stated
     * total, the total grew while it was read, and the bound of re-readings is not reached.
     */
    public boolean worthRereading() {
        return unproven() != null && rangeChange == null && firstTotal != null && lastTotal > firstTotal
                && rereads < MAX_REREADS;
    }

    /** Why the end the pagination reached is not proven, or {@code null} when nothing contradicts it. */
    public String unproven() {
        if (rangeChange != null) {
            return rangeChange;
        }
        if (maxTotal != null && maxTotal > listed) {
            return "the listing states " + maxTotal + " objects but ended after " + listed
                    + (lastTotal < maxTotal ? " (its total fell to " + lastTotal + " on the last page)" : "")
                    + (rereads > 0 ? " (its last page read again " + rereads + "x after the total grew)" : "");
        }
        return null;
    }
}
