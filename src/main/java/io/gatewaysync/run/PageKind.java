package io.gatewaysync.run;

/** Where the candidates of a page come from. */
public enum PageKind {
    /** A page of the source listing. */
    LISTING,
    /** Records whose object was not in a complete listing. */
    GONE_FROM_SOURCE,
    /** Gateway objects without any record (two-way only). */
    GATEWAY_ONLY,
    /** Source deletes deferred until the listing was complete. */
    DEFERRED
}
