package io.gatewaysync.source.paging;

import io.gatewaysync.source.ParsedPage;

import java.net.URI;

/** {@code none}: the URL returns the whole collection. */
final class SinglePagePaginator implements Paginator {

    private final URI url;

    SinglePagePaginator(URI url) {
        this.url = url;
    }

    @Override
    public URI first() {
        return url;
    }

    @Override
    public URI next(URI current, ParsedPage page) {
        return null;
    }
}
