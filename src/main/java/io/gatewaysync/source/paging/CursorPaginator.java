package io.gatewaysync.source.paging;

import io.gatewaysync.source.PageParser;

import io.gatewaysync.source.ParsedPage;
import io.gatewaysync.source.Snippets;
import io.gatewaysync.source.SourceException;
import io.gatewaysync.source.SourceSettings;
import io.gatewaysync.source.http.Uris;

import java.net.URI;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code cursor}: the {@link PageParser} puts the body's token ({@code cursorPath}) into the next URL
 * as {@code cursorParam}; no, a null or an empty token ends the listing. A token seen before in this
 * listing means the source pages in a circle: unlike a repeated next link, that is not an end but a
 * broken listing (the objects after the loop were never served), so it throws and nothing is deleted.
 */
public final class CursorPaginator implements Paginator {

    private final SourceSettings s;
    private final Set<String> tokens = new HashSet<>();

    public CursorPaginator(SourceSettings s) {
        this.s = s;
    }

    @Override
    public URI first() {
        return s.uri();
    }

    @Override
    public URI next(URI current, ParsedPage page) {
        URI next = page.next();
        if (next == null) {
            return null;
        }
        String token = Uris.queryParam(next, s.cursorParam());
        if (token != null && !tokens.add(token)) {
            throw new SourceException(s.name(), "GET", current, "the cursor '" + Snippets.cut(token) + "' at '"
                    + s.cursorPath() + "' was served before in this listing (the source pages in a loop); "
                    + "the listing is incomplete");
        }
        return next;
    }
}
