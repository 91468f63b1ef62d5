package io.gatewaysync.source;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Looks at a source before a route exists ({@code --probe}): reads its first page through the source's
 * own client (camel-http, the route's credentials, TLS and proxy), recognises the listing
 * ({@link ListingGuess}) and finds how it pages: a {@code Link} header, a next link in the body, or
 * else by asking for page 2 and for the next offset and seeing whether other objects come back.
 */
public final class SourceProbe {

    /** What was found; {@code guesses} and {@code undecided} as in {@link ListingGuess}, plus the paging's. */
    public record Finding(ListingGuess first, Pagination pagination, List<String> guesses, List<String> undecided) {
    }

    private SourceProbe() {
    }

    /**
     * @param pagination the operator's choice, or {@code null} to find it
     * @throws SourceException when the first page cannot be read or is not JSON
     */
    public static Finding probe(SourceClient client, Pagination pagination) {
        SourceSettings s = client.settings();
        HttpReply reply = client.get(s.uri());
        ListingGuess first = ListingGuess.of(s.name(), reply);
        List<String> guesses = new ArrayList<>(first.guesses());
        List<String> undecided = new ArrayList<>(first.undecided());
        if (pagination == null) {
            pagination = paging(client, first, guesses, undecided);
        }
        return new Finding(first, pagination, guesses, undecided);
    }

    private static Pagination paging(SourceClient client, ListingGuess first, List<String> guesses, List<String> undecided) {
        if (first.linkHeader()) {
            return Pagination.LINK_HEADER;
        }
        if (first.nextPath() != null) {
            return Pagination.NEXT_LINK;
        }
        SourceSettings s = client.settings();
        if (first.size() == 0) {
            return Pagination.AUTO; // nothing to page through: the engine follows whatever links appear later
        }
        Set<String> ids = first.ids();
        if (otherObjects(client, Uris.withQuery(s.uri(), Map.of(s.pageParam(), Integer.toString(s.firstPage() + 1))), ids)) {
            return Pagination.PAGE;
        }
        int size = first.size();
        if (otherObjects(client, Uris.withQuery(s.uri(), s.offsetParam(), Integer.toString(size), s.limitParam(),
                Integer.toString(size)), ids)) {
            return Pagination.OFFSET;
        }
        if (first.moreThanShown()) {
            guesses.add("pagination: the source counts more objects than the first page shows, but no Link header, "
                    + "next link, page or offset parameter brought others; set pageParam/offsetParam if it has other names");
            undecided.add("how the listing pages: page 2 and the next offset answer the same objects");
        }
        return Pagination.NONE; // one page holds everything
    }

    /** Whether {@code uri} answers a page with none of {@code seen} (an empty page counts: the listing ended). */
    private static boolean otherObjects(SourceClient client, URI uri, Set<String> seen) {
        try {
            ListingGuess page = ListingGuess.of(client.settings().name(), client.get(uri));
            return Collections.disjoint(page.ids(), seen) && (page.size() == 0 || !page.ids().isEmpty());
        } catch (SourceException refused) {
            return false; // a 400 for an unknown parameter: not this kind of paging
        }
    }
}
