package io.gatewaysync.source.probe;

import io.gatewaysync.source.ListingShapes;
import io.gatewaysync.source.SourceException;
import io.gatewaysync.source.http.Uris;
import io.gatewaysync.source.paging.RangePaginator;

import io.gatewaysync.source.ListingShape;
import io.gatewaysync.source.SourceClient;
import io.gatewaysync.source.SourceSettings;
import io.gatewaysync.source.http.HttpReply;
import io.gatewaysync.source.paging.Pagination;
import io.gatewaysync.source.paging.PagingDialects;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Looks at a source before a route exists ({@code --probe}): reads its first page through the source's
 * own client (camel-http, the route's credentials, TLS and proxy), recognises the listing
 * ({@link ListingGuess}, which takes the shape from {@link ListingShapes}) and finds how it pages: a
 * {@code Link} header, a cursor token, a {@code Content-Range}, a next link in the body, or else by
 * asking for page 2, for the next offset and for an item {@code Range}, and seeing whether other
 * objects come back.
 */
public final class SourceProbe {

    /**
     * What was found; {@code guesses} and {@code undecided} as in {@link ListingGuess}, plus the paging's.
     *
     * @param pageSize for {@code range}: the items to ask per page (a server-side cap seen), else {@code null}
     */
    public record Finding(ListingGuess first, Pagination pagination, Integer pageSize, List<String> guesses,
                          List<String> undecided) {
    }

    private SourceProbe() {
    }

    /**
     * @param pagination the operator's choice, or {@code null} to find it
     * @throws SourceException when the first page cannot be read or is not JSON
     */
    public static Finding probe(SourceClient client, Pagination pagination, ListingGuess.Given given) {
        SourceSettings s = client.settings();
        HttpReply reply = client.get(s.uri());
        ListingGuess first = ListingGuess.of(s.name(), reply, given);
        if (given.idPath() == null && "OData".equals(first.shape().recognised())) {
            String key = ODataKeys.of(client, first.body(), reply.uri()); // the service's own word for the id
            if (key != null) {
                given = new ListingGuess.Given(given.resultsPath(), key);
                first = ListingGuess.of(s.name(), reply, given);
            }
        }
        List<String> guesses = new ArrayList<>(first.guesses());
        List<String> undecided = new ArrayList<>(first.undecided());
        Integer[] pageSize = {null};
        if (pagination == null) {
            pagination = paging(client, first, given, pageSize, guesses, undecided);
        }
        return new Finding(first, pagination, pageSize[0], guesses, undecided);
    }

    private static Pagination paging(SourceClient client, ListingGuess first, ListingGuess.Given given, Integer[] pageSize,
                                     List<String> guesses, List<String> undecided) {
        ListingShape shape = first.shape();
        if (first.linkHeader()) {
            return Pagination.LINK_HEADER;
        }
                if (!first.moreAnnounced() && first.size() > 0 && PagingDialects.recognise(first.body()) != null
                && PagingDialects.next(first.body(), client.settings().uri(), first.size(), first.total()) != null) {
            // No next link on a page that states more (JSON:API without links, Feathers, OData without
            // nextLink): auto pages it by the server's own parameters (the file is read to the end before it
            // is trusted)
            return Pagination.AUTO;
        }
        if (shape.pagination() == Pagination.CURSOR || shape.pagination() == Pagination.NEXT_LINK) {
            return shape.pagination();
        }
        SourceSettings s = client.settings();
        if (shape.pagination() == Pagination.RANGE) {
            // A Content-Range alone is not enough (PostgREST sends one, "0-24/*", on every reply, whatever
            // was asked): only a ranged reply the engine accepts, in one dialect or the other, makes it one.
            Ranged ranged = ranged(client, given);
            if (ranged != null) {
                pageSize[0] = ranged.pageSize();
                return ranged.pagination();
            }
        }
        if (first.size() == 0) {
            return Pagination.AUTO; // nothing to page through: the engine follows whatever links appear later
        }
        if (otherObjects(client, Uris.withQuery(s.uri(), Map.of(s.pageParam(), Integer.toString(s.firstPage() + 1))), given, first)) {
            return Pagination.PAGE;
        }
        int size = first.size();
        if (otherObjects(client, Uris.withQuery(s.uri(), s.offsetParam(), Integer.toString(size), s.limitParam(),
                Integer.toString(size)), given, first)) {
            return Pagination.OFFSET;
        }
        Ranged ranged = shape.pagination() == Pagination.RANGE ? null : ranged(client, given);
        if (ranged != null) {
            pageSize[0] = ranged.pageSize();
            return ranged.pagination();
        }
        if (first.moreThanShown()) {
            guesses.add("pagination: the source counts more objects than the first page shows, but no Link header, "
                    + "next link, cursor, page, offset or Range brought others; set pageParam/offsetParam if it has other names");
            undecided.add("how the listing pages: page 2, the next offset and an item Range answer the same objects");
        }
        return Pagination.NONE; // one page holds everything
    }

    /** A range listing found: its dialect and the page size to ask for. */
    private record Ranged(Pagination pagination, int pageSize) {
    }

    /**
     * Whether the source pages by item ranges, {@code Range: items=…} or PostgREST's {@code Range: 0-…}:
     * the dialect and page size, or {@code null} when neither is honoured. Servers that do not know the
     * unit ignore it (RFC 9110).
     */
    private static Ranged ranged(SourceClient client, ListingGuess.Given given) {
        for (Pagination dialect : List.of(Pagination.RANGE, Pagination.POSTGREST)) {
            Integer size = ranged(client, given, dialect);
            if (size != null) {
                return new Ranged(dialect, size);
            }
        }
        return null;
    }

    private static Integer ranged(SourceClient client, ListingGuess.Given given, Pagination dialect) {
        SourceSettings s = client.settings().withPagination(dialect);
        int asked = SourceSettings.DEFAULT_PAGE_SIZE;
        Map<String, String> headers = RangePaginator.headers(dialect == Pagination.POSTGREST, 0, asked);
        try {
            HttpReply reply = client.get(s.uri(), headers);
            String contentRange = reply.header("Content-Range");
            if (contentRange == null || RangePaginator.namesItems(contentRange) != (dialect == Pagination.RANGE)) {
                return null; // each dialect answers in its own form
            }
            ListingGuess page = ListingGuess.of(s.name(), reply, given);
            Long total = RangePaginator.check(s, reply.uri(), headers.get("Range"), reply.status(), reply.headers(),
                    page.size());
            return rangeSize(page.size(), total);
        } catch (SourceException refused) {
            return null; // not answered, or a Content-Range the engine would refuse
        }
    }

    /** The page size to ask for: the default, or less when the server served fewer of a larger collection (a cap). */
    private static int rangeSize(int served, Long total) {
        boolean capped = served > 0 && served < SourceSettings.DEFAULT_PAGE_SIZE && (total == null || served < total);
        return capped ? served : SourceSettings.DEFAULT_PAGE_SIZE;
    }

    /**
     * Whether {@code uri} answers the next page of the same listing: none of the first page's objects, and
     * not another collection. A server that takes an unknown parameter as a filter (FeathersJS, many REST
     * frameworks) answers a different collection: its stated total differs from the first page's. An
     * empty page counts as the listing's end only when the first page did not state that more exist.
     */
    private static boolean otherObjects(SourceClient client, URI uri, ListingGuess.Given given, ListingGuess first) {
        try {
            ListingGuess page = ListingGuess.of(client.settings().name(), client.get(uri), given);
            if (page.total() != null && first.total() != null && !page.total().equals(first.total())) {
                return false; // another collection: the parameter was taken as a filter
            }
            if (page.size() == 0) {
                return !first.moreThanShown();
            }
            return Collections.disjoint(page.ids(), first.ids()) && !page.ids().isEmpty();
        } catch (SourceException refused) {
            return false; // a 400 for an unknown parameter: not this kind of paging
        }
    }
}
