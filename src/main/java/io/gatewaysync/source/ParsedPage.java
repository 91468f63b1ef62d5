package io.gatewaysync.source;

import java.net.URI;
import java.util.List;

/**
 * What one response body says, before the listing decides what to do with it.
 *
 * @param next         the next page announced by the response (Link header or body, per the
 *                     pagination style), resolved against the page URL; {@code null} when none
 * @param totalCount   size of the whole collection when the source tells it, else {@code null}
 * @param elementCount length of the page's list, rejected elements included (what offsets count)
 * @param contentHash  SHA-256 over the list's elements; equal hashes mean a page repeats the previous one
 */
public record ParsedPage(List<SourceObject> objects, List<RejectedObject> rejected, URI next, Long totalCount,
                         int elementCount, String contentHash) {

    public ParsedPage {
        objects = List.copyOf(objects);
        rejected = List.copyOf(rejected);
    }
}
