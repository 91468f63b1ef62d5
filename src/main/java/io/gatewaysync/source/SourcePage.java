package io.gatewaysync.source;

import java.net.URI;
import java.util.List;

/**
 * One page of a listing as handed to the caller.
 *
 * @param number     1 for the first page read, 2 for the next, … (not the source's page parameter)
 * @param uri        the URL the page was read from
 * @param totalCount the size of the whole collection when the source tells it
 *                   ({@code X-Total-Count} header, or {@code count}/{@code total}/{@code totalCount}/
 *                   {@code hydra:totalItems} in the body), else {@code null}
 */
public record SourcePage(int number, URI uri, List<SourceObject> objects, List<RejectedObject> rejected,
                         Long totalCount) {

    public SourcePage {
        objects = List.copyOf(objects);
        rejected = List.copyOf(rejected);
    }
}
