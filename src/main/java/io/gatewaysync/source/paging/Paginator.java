package io.gatewaysync.source.paging;

import io.gatewaysync.source.SourceException;

import io.gatewaysync.source.ParsedPage;
import io.gatewaysync.source.SourceSettings;

import java.net.URI;

/**
 * Which URL comes after a page: one strategy per {@link Pagination} style. A paginator is stateful
 * (page number, offset) and belongs to one listing; the listing applies the guards that are common
 * to all styles (repeated page, visited URL, maxPages).
 */
public interface Paginator {

    /** The URL of the first page. */
    URI first();

    /**
     * The URL after {@code page} (read from {@code current}), or {@code null} when the listing is complete.
     *
     * @throws SourceException when the page shows the listing is broken (a cursor token seen before)
     */
    URI next(URI current, ParsedPage page);

    /** Request headers of the page about to be requested (the {@code Range} of {@code range}); none by default. */
    default java.util.Map<String, String> headers() {
        return java.util.Map.of();
    }

    static Paginator of(SourceSettings s) {
        return switch (s.pagination()) {
            case NONE -> new SinglePagePaginator(s.uri());
            case PAGE -> new PageNumberPaginator(s);
            case OFFSET -> new OffsetPaginator(s);
            case NEXT_LINK, LINK_HEADER, AUTO -> new LinkPaginator(s.uri());
            case CURSOR -> new CursorPaginator(s);
            case RANGE, POSTGREST -> new RangePaginator(s);
        };
    }
}
