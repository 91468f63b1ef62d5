package io.gatewaysync.source.paging;

import io.gatewaysync.source.ParsedPage;
import io.gatewaysync.source.SourceSettings;
import io.gatewaysync.source.http.Uris;

import java.net.URI;

/**
 * {@code page}: page-number (and page-size) query parameters, replacing any of the same names in the
 * URL and keeping the others. Ends at the first empty page, or once the announced total has been
 * received. Deliberately not at a short page: a source that ignores the size parameter and serves
 * fewer objects than asked would otherwise look complete after its first page.
 */
final class PageNumberPaginator implements Paginator {

    private final SourceSettings s;
    private int page;
    private long received;

    PageNumberPaginator(SourceSettings s) {
        this.s = s;
        this.page = s.firstPage();
    }

    @Override
    public URI first() {
        return uri();
    }

    @Override
    public URI next(URI current, ParsedPage p) {
        if (p.elementCount() == 0) {
            return null;
        }
        received += p.elementCount();
        if (p.totalCount() != null && received >= p.totalCount()) {
            return null;
        }
        page++;
        return uri();
    }

    private URI uri() {
        return s.pageSize() > 0
                ? Uris.withQuery(s.uri(), s.pageParam(), Integer.toString(page), s.pageSizeParam(), Integer.toString(s.pageSize()))
                : Uris.withQuery(s.uri(), s.pageParam(), Integer.toString(page), null, null);
    }
}
