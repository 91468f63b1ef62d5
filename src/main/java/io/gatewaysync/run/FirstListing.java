package io.gatewaysync.run;

/**
 * The source ids a run has listed so far, when the source had no record at all as the run began (a first
 * load): an id listed for the first time then cannot have a record, so its page look-up is skipped; an id
 * listed again (pages that shift) is looked up as always and meets the record its earlier page made.
 *
 * <p>A Bloom filter of fixed size (1 MB, three probes): constant memory whatever the size of the source.
 * A false "listed before" only costs the look-up the id would have had anyway (~0.4 % of 500,000 ids,
 * more as a source grows far beyond that); a "not listed" is always true. Why: on a first load every id
 * is new, and the look-up of 1,000 ids a page that finds nothing was ~5 % of its samples (JFR).
 *
 * <p>Nothing else makes a record with a listed source id while a run holds the source's lease (one-object
 * syncs wait for it; a create made in the gateway gets its source id from the run's own POST).
 */
final class FirstListing {

    private static final int BITS = 1 << 23;
    private final long[] words = new long[BITS / 64];

    /** Notes the id as listed; whether it was (possibly) listed before. */
    boolean listedBefore(String sourceId) {
        long h = hash(sourceId);
        int h1 = (int) h;
        int h2 = (int) (h >>> 32) | 1;
        boolean before = true;
        for (int k = 0; k < 3; k++) {
            int bit = (h1 + k * h2) & (BITS - 1);
            long mask = 1L << (bit & 63);
            if ((words[bit >>> 6] & mask) == 0) {
                before = false;
                words[bit >>> 6] |= mask;
            }
        }
        return before;
    }

    /** 64-bit FNV-1a over the id's characters, then a finalising mix (String.hashCode has only 32 bits). */
    private static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
