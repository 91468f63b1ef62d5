package io.gatewaysync.source;

import io.gatewaysync.source.paging.RangePaginator;

import io.gatewaysync.source.http.HttpRequester;
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
 * <p>It ends normally when the {@link Paginator} finds no next page, or when a guard stops endless
 * paging: a page whose list repeats the previous page's exactly (a source that ignores the paging
 * parameters), or a next URL already visited (a cycle of links). Such a listing counts as
 * {@link #complete()}, since the repeated page brings nothing new, and {@link #endedByGuard()} tells
 * it (a WARN names the source and URL). A listing that would exceed {@code maxPages}, or a page that
 * cannot be read after retries, makes {@link #next()} throw a {@link SourceException}; then the
 * listing is over and incomplete.
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

    /** A page read in the background, or why it could not be. */
    private record Fetched(int number, URI uri, ParsedPage page, SourceException error, long millis) {
    }

    private final SourceSettings settings;
    private final HttpRequester requester;
    private final PageParser parser;
    private final Paginator paginator;
    private final ThreadPoolExecutor executor;
    private final Set<String> visited = new HashSet<>();

    private Future<Fetched> ahead;
    private Fetched ready;
    private String previousHash;
    private int pagesRead;
    private boolean endedByGuard;
    private boolean complete;
    private volatile URI nextUri;
    private volatile Map<String, String> nextHeaders = Map.of();

    SourceListing(SourceSettings settings, HttpRequester requester, PageParser parser) {
        this.settings = settings;
        this.requester = requester;
        this.parser = parser;
        this.paginator = Paginator.of(settings);
        this.executor = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "source-" + settings.name() + "-pages");
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
        URI first = requester.shown(paginator.first());
        Map<String, String> headers = paginator.headers();
        visited.add(first + " " + headers);
        ahead = executor.submit(() -> fetch(first, 1, headers));
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
        if (f.error() == null && f.page().contentHash().equals(previousHash)) {
            LOG.warn("source '{}': page {} at {} repeats the previous page exactly (the source seems to ignore "
                    + "the paging parameters); the listing ends with the {} pages read before", settings.name(),
                    f.number(), f.uri(), pagesRead);
            endByGuard();
            return false;
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
        previousHash = f.page().contentHash();
        ParsedPage p = f.page();
        LOG.debug("source '{}': page {} GET {}: {} objects, {} rejected, total {}, {} ms", settings.name(),
                f.number(), f.uri(), p.objects().size(), p.rejected().size(), p.totalCount(), f.millis());
        fetchAfter(f);
        return new SourcePage(f.number(), f.uri(), p.objects(), p.rejected(), p.totalCount());
    }

    private void fetchAfter(Fetched f) {
        URI next;
        try {
            next = requester.shown(paginator.next(f.uri(), f.page())); // without an API key a server echoed
        } catch (SourceException broken) { // a cursor served twice: the listing cannot be trusted
            ahead = CompletableFuture.completedFuture(new Fetched(f.number() + 1, f.uri(), null, broken, 0));
            executor.shutdown();
            return;
        }
        nextUri = next;
        Map<String, String> headers = next == null ? Map.of() : paginator.headers();
        nextHeaders = headers;
        if (next == null) {
            complete = true;
            executor.shutdown();
        } else if (!visited.add(next + " " + headers)) {
            LOG.warn("source '{}': the next page after page {} is {}, which was read before (a cycle of next "
                    + "links); the listing ends with the {} pages read", settings.name(), f.number(), next, pagesRead);
            endByGuard();
        } else if (f.number() >= settings.maxPages()) {
            SourceException tooMany = new SourceException(settings.name(), "GET", next, "more than "
                    + settings.maxPages() + " pages (maxPages); the listing is incomplete. Raise maxPages if the "
                    + "source really is that large, else check its pagination");
            ahead = CompletableFuture.completedFuture(new Fetched(f.number() + 1, next, null, tooMany, 0));
            executor.shutdown();
        } else {
            int number = f.number() + 1;
            ahead = executor.submit(() -> fetch(next, number, headers));
        }
    }

    /** Runs on the background thread: never throws, so the caller always gets a page or a SourceException. */
    private Fetched fetch(URI uri, int number, Map<String, String> headers) {
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
            return new Fetched(number, uri, page, null, (System.nanoTime() - start) / 1_000_000);
        } catch (SourceException e) {
            return new Fetched(number, uri, null, e, 0);
        } catch (RuntimeException e) {
            return new Fetched(number, uri, null, new SourceException(settings.name(), "GET", uri, 0, false,
                    "unexpected failure reading page " + number + ": " + e, e), 0);
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
            return new Fetched(pagesRead + 1, null, null,
                    new SourceException(settings.name(), null, null, 0, true, "interrupted while reading the listing", e), 0);
        } catch (ExecutionException | CancellationException e) {
            return new Fetched(pagesRead + 1, null, null,
                    new SourceException(settings.name(), null, null, 0, true, "listing aborted: " + e, e), 0);
        }
    }

    private void endByGuard() {
        endedByGuard = true;
        complete = true;
        ready = null;
        executor.shutdown();
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

    /** Whether a guard against endless paging (repeated page, visited URL) ended the listing. */
    public boolean endedByGuard() {
        return endedByGuard;
    }

    /**
     * Whether every page was read: the listing ran to its end (or a guard ended it) without an error.
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
