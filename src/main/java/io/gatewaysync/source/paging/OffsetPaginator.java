package io.gatewaysync.source.paging;

import io.gatewaysync.source.ParsedPage;
import io.gatewaysync.source.SourceSettings;
import io.gatewaysync.source.http.Uris;

import java.net.URI;

/**
 * {@code offset}: offset and limit query parameters; the offset advances by the number of elements
 * actually received (not by the limit asked for, which the source may cap). Ends at the first empty
 * page or once the announced total has been received.
 */
final class OffsetPaginator implements Paginator {

    private final SourceSettings s;
    private long offset;

    OffsetPaginator(SourceSettings s) {
        this.s = s;
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
        offset += p.elementCount();
        if (p.totalCount() != null && offset >= p.totalCount()) {
            return null;
        }
        return uri();
    }

    private URI uri() {
        return s.pageSize() > 0
                ? Uris.withQuery(s.uri(), s.offsetParam(), Long.toString(offset), s.limitParam(), Integer.toString(s.pageSize()))
                : Uris.withQuery(s.uri(), s.offsetParam(), Long.toString(offset), null, null);
    }
}
