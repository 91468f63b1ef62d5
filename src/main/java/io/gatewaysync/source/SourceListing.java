package io.gatewaysync.source;

import io.gatewaysync.source.paging.RangePaginator;

import io.gatewaysync.source.http.HttpRequester;
import io.gatewaysync.source.paging.PageSizeLimit;
import io.gatewaysync.source.paging.Pagination;
import io.gatewaysync.source.paging.Paginator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.HashSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Streams the pages of one listing. While the caller works on page n, page n+1 is already being
 * fetched on a background thread, and never more than that one page: a listing of any length takes
 * the memory of two pages, and the source's latency overlaps the caller's work.
 *
 * <p><b>Complete means proven.</b> The listing is {@link #complete()} only when the source itself ended
 * it (its pagination's end signal: no next link or token, an empty page, a range at its total) and
 * nothing the source said contradicts that end ({@link ListingEvidence}: a stated total larger than the
 * objects listed, a range total that changed). Everything else makes {@link #next()} throw a
 * {@link SourceException} that says why, and the run ends PARTIAL without deleting anything: a page
 * identical to an earlier one (a source that ignores the paging parameters), a next link or cursor
 * served before (a cycle), a next link to an origin the route does not allow ({@code allowedOrigins}),
 * more than {@code maxPages} pages, a page that cannot be read after retries. A total that grew while
 * the listing was read gets its last page read again, a bounded number of times, before it counts.
 *
 * <p>Malformed JSON (truncated included) fails the page at once, without a retry: a body cut by the
 * network already fails inside the HTTP client (Content-Length or chunk mismatch), as an I/O error
 * that {@link HttpRequester} retries; a complete response carrying broken JSON is the server's doing
 * and would come back the same.
 *
 * <p>One consumer thread; {@link #hasNext()} may block until the prefetched page has arrived.
 */
public final class SourceListing implements java.util.Iterator<SourcePage>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SourceListing.class);

    /**
     * A page read in the background, or why it could not be; {@code rereadOf} is the element count of
     * the first reading when this is the last page read again (else -1).
     */
    private record Fetched(int number, URI uri, Map<String, String> headers, ParsedPage page, SourceException error,
                           long millis, int rereadOf) {

        static Fetched failed(int number, URI uri, SourceException error) {
            return new Fetched(number, uri, Map.of(), null, error, 0, -1);
        }
    }

    private final SourceSettings settings;
    private final HttpRequester requester;
    private final PageParser parser;
    /** Replaced at most once, before any page is handed out: when the server refuses the page size asked. */
    private Paginator paginator;
    private final ThreadPoolExecutor executor;
    private final Set<String> visited = new HashSet<>();
    /** The first 64 bits of every non-empty page's content hash: a page identical to an earlier one. */
    private final Set<Long> pagesSeen = new HashSet<>();
    private final ListingEvidence evidence;
    /** The page handed out last: a re-read of it hands out only what it did not hold. */
    private ParsedPage lastPage;

    private Future<Fetched> ahead;
    private Fetched ready;
    private int pagesRead;
    private boolean complete;
    private volatile URI nextUri;
    private volatile Map<String, String> nextHeaders = Map.of();

    SourceListing(SourceSettings settings, HttpRequester requester, PageParser parser) {
        this.settings = settings;
        this.requester = requester;
        this.parser = parser;
        this.paginator = Paginator.of(settings);
        this.evidence = new ListingEvidence(settings.pagination().isRange());
        this.executor = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "source-" + settings.name() + "-pages");
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
        URI first = requester.shown(paginator.first());
        Map<String, String> headers = paginator.headers();
        visited.add(first + " " + headers);
        ahead = executor.submit(() -> fetch(first, 1, headers, -1));
    }

    /** Whether another page (or the error that ends the listing) is there; waits for the page being fetched. */
    @Override
    public boolean hasNext() {
        if (ready != null) {
            return true;
        }
        if (ahead == null) {
            return false;
        }
        Fetched f = await(ahead);
        ahead = null;
        if (f.error() == null && f.rereadOf() < 0 && f.page().elementCount() > 0
                && !pagesSeen.add(Long.parseUnsignedLong(f.page().contentHash().substring(0, 16), 16))) {
            f = Fetched.failed(f.number(), f.uri(), incomplete(f.uri(), "page " + f.number() + " is identical to an "
                    + "earlier page of this listing (the source seems to ignore the paging parameters; if it serves "
                    + "everything on one page, set pagination: none)"));
        }
        ready = f;
        return true;
    }

    /**
     * The next page; starts fetching the one after it before returning.
     *
     * @throws SourceException when the page could not be read (after retries) or there would be more
     *                         than {@code maxPages} pages; {@link #hasNext()} is false afterwards
     */
    @Override
    public SourcePage next() {
        if (!hasNext()) {
            throw new NoSuchElementException("source '" + settings.name() + "': no more pages");
        }
        Fetched f = ready;
        ready = null;
        if (f.error() != null) {
            executor.shutdownNow();
            throw f.error();
        }
        pagesRead++;
        ParsedPage p = f.page();
        if (f.rereadOf() >= 0) {
            evidence.reread(f.rereadOf(), p.elementCount(), p.totalCount());
            p = onlyNew(p);
        } else {
            evidence.page(p.elementCount(), p.totalCount());
        }
        lastPage = f.page();
        LOG.debug("source '{}': page {} GET {}: {} objects, {} rejected, total {}, {} ms", settings.name(),
                f.number(), f.uri(), p.objects().size(), p.rejected().size(), p.totalCount(), f.millis());
        fetchAfter(f);
        return new SourcePage(f.number(), f.uri(), p.objects(), p.rejected(), p.totalCount());
    }

    /**
     * A page read again after the total grew, without the objects its first reading already handed out:
     * they were synced a moment ago, and handing them out twice would count them twice.
     */
    private ParsedPage onlyNew(ParsedPage again) {
        Set<String> before = new HashSet<>();
        if (lastPage != null) {
            lastPage.objects().forEach(o -> before.add(o.id()));
        }
        java.util.List<SourceObject> fresh = again.objects().stream().filter(o -> !before.contains(o.id())).toList();
        return new ParsedPage(fresh, again.rejected(), again.next(), again.totalCount(), again.elementCount(),
                again.contentHash());
    }

    private void fetchAfter(Fetched f) {
        URI next;
        try {
            next = requester.shown(paginator.next(f.uri(), f.page())); // without an API key a server echoed
        } catch (SourceException broken) { // a cursor served twice: the listing cannot be trusted
            fail(Fetched.failed(f.number() + 1, f.uri(), broken));
            return;
        }
        nextUri = next;
        Map<String, String> headers = next == null ? Map.of() : paginator.headers();
        nextHeaders = headers;
        int number = f.number() + 1;
        if (next == null) {
            end(f);
        } else if (!settings.proof().allows(settings.uri(), next)) {
            fail(Fetched.failed(number, next, incomplete(f.uri(), "the next link after page " + f.number() + " leads to "
                    + next.getScheme() + "://" + next.getRawAuthority() + ", another origin than the source's "
                    + "(add it to allowedOrigins if the source really pages there)")));
        } else if (!visited.add(next + " " + headers)) {
            fail(Fetched.failed(number, next, incomplete(f.uri(), "the next page after page " + f.number() + " is "
                    + next + ", which was read before in this listing (a cycle of next links)")));
        } else if (f.number() >= settings.maxPages()) {
            fail(Fetched.failed(number, next, incomplete(next, "more than " + settings.maxPages()
                    + " pages (maxPages). Raise maxPages if the source really is that large, else check its pagination")));
        } else {
            ahead = executor.submit(() -> fetch(next, number, headers, -1));
        }
    }

    /**
     * The source ended the listing: complete when nothing contradicts that end; the last page read again
     * when the total grew meanwhile; else incomplete, with the reason.
     */
    private void end(Fetched last) {
        if (evidence.worthRereading()) {
            int number = last.number() + 1;
            LOG.info("source '{}': the listing ended at {} objects while its total grew to {}; reading its last page "
                    + "again", settings.name(), evidence.listed(), evidence.statedTotal());
            int before = last.page().elementCount();
            ahead = executor.submit(() -> fetch(last.uri(), number, last.headers(), before));
            return;
        }
        String unproven = evidence.unproven();
        if (unproven != null) {
            fail(Fetched.failed(last.number() + 1, last.uri(), incomplete(last.uri(), unproven)));
            return;
        }
        complete = true;
        executor.shutdown();
    }

    private void fail(Fetched failure) {
        ahead = CompletableFuture.completedFuture(failure);
        executor.shutdown();
    }

    private SourceException incomplete(URI uri, String why) {
        return new SourceException(settings.name(), "GET", uri, why + "; the listing is incomplete");
    }

    /**
     * Runs on the background thread: never throws, so the caller always gets a page or a SourceException.
     * A first page refused with a 400 that names the largest page size the server allows is asked again
     * with that size ({@code pageSize} above the server's maximum is not the operator's to know).
     */
    private Fetched fetch(URI uri, int number, Map<String, String> headers, int rereadOf) {
        Fetched f = fetchPage(uri, number, headers, rereadOf);
        if (number == 1 && f.error() != null && f.error().status() == 400 && settings.pageSize() > 0
                && (settings.pagination() == Pagination.PAGE || settings.pagination() == Pagination.OFFSET)) {
            java.util.OptionalInt limit = PageSizeLimit.from(f.error().getMessage(), settings.pageSize());
            if (limit.isPresent()) {
                LOG.warn("source '{}': the source refused pageSize {} ({}); asking for {} per page, its maximum. Set "
                        + "pageSize: {} to skip this request", settings.name(), settings.pageSize(),
                        f.error().getMessage(), limit.getAsInt(), limit.getAsInt());
                paginator = Paginator.of(settings.withPageSize(limit.getAsInt()));
                URI first = requester.shown(paginator.first());
                visited.add(first + " " + Map.of());
                return fetchPage(first, number, Map.of(), rereadOf);
            }
        }
        return f;
    }

    private Fetched fetchPage(URI uri, int number, Map<String, String> headers, int rereadOf) {
        long start = System.nanoTime();
        try {
            boolean range = settings.pagination().isRange();
            HttpRequester.Reply reply = requester.send("GET", uri, null,
                    status -> status >= 200 && status < 300 || range && status == 416, headers);
            ParsedPage page;
            if (range) {
                page = rangePage(reply, number, headers.get("Range"));
            } else {
                page = parser.parse(reply.uri(), reply.body(), reply.headers(), number);
            }
            return new Fetched(number, uri, headers, page, null, (System.nanoTime() - start) / 1_000_000, rereadOf);
        } catch (SourceException e) {
            return Fetched.failed(number, uri, e);
        } catch (RuntimeException e) {
            return Fetched.failed(number, uri, new SourceException(settings.name(), "GET", uri, 0, false,
                    "unexpected failure reading page " + number + ": " + e, e));
        }
    }

    /** A page of a range listing, checked against the range asked for; 416 (past the end) is an empty page. */
    private ParsedPage rangePage(HttpRequester.Reply reply, int number, String range) {
        if (reply.status() == 416) {
            RangePaginator.check(settings, reply.uri(), range, 416, reply.headers(), 0);
            return new ParsedPage(java.util.List.of(), java.util.List.of(), null, null, 0, "");
        }
        ParsedPage p = parser.parse(reply.uri(), reply.body(), reply.headers(), number);
        Long total = RangePaginator.check(settings, reply.uri(), range, reply.status(), reply.headers(), p.elementCount());
        long from = RangePaginator.bounds(range)[0];
        Long whole = total == null ? null : reply.headers().firstValue("Content-Range").isPresent() ? total : from + total;
        return new ParsedPage(p.objects(), p.rejected(), null, whole, p.elementCount(), p.contentHash());
    }

    private Fetched await(Future<Fetched> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return Fetched.failed(pagesRead + 1, null,
                    new SourceException(settings.name(), null, null, 0, true, "interrupted while reading the listing", e));
        } catch (ExecutionException | CancellationException e) {
            return Fetched.failed(pagesRead + 1, null,
                    new SourceException(settings.name(), null, null, 0, true, "listing aborted: " + e, e));
        }
    }

    /** The URL the listing follows after the last page {@link #next()} returned; {@code null} when it ended there. */
    public URI nextUri() {
        return nextUri;
    }

    /** The paging headers sent with {@link #nextUri()} ({@code range}: {@code Range}), empty for most listings. */
    public Map<String, String> nextHeaders() {
        return nextHeaders;
    }

    /** Pages handed out by {@link #next()} so far. */
    public int pagesRead() {
        return pagesRead;
    }

    /** What the pages said about the listing's size so far (objects listed, stated total). */
    public ListingEvidence evidence() {
        return evidence;
    }

    /**
     * Whether the listing is proven complete: the source ended it and nothing contradicted that end.
     * Only a complete listing may lead to "gone from source" decisions.
     */
    public boolean complete() {
        return complete;
    }

    /** Stops the listing and cancels the page being fetched. */
    @Override
    public void close() {
        if (ahead != null) {
            ahead.cancel(true);
            ahead = null;
        }
        ready = null;
        executor.shutdownNow();
    }
}
