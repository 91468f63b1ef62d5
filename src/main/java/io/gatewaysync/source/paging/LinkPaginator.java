package io.gatewaysync.source.paging;

import io.gatewaysync.source.PageParser;

import io.gatewaysync.source.ParsedPage;

import java.net.URI;

/**
 * {@code next-link}, {@code link-header} and {@code auto}: follow the link the response announces
 * (which one is the {@link PageParser}'s business); no link means the last page. The first URL is
 * used as configured, so it may carry its own page parameters.
 */
final class LinkPaginator implements Paginator {

    private final URI url;

    LinkPaginator(URI url) {
        this.url = url;
    }

    @Override
    public URI first() {
        return url;
    }

    @Override
    public URI next(URI current, ParsedPage page) {
        return page.next();
    }
}
