package io.gatewaysync.source;

import io.gatewaysync.source.http.RetryPolicy;

import io.gatewaysync.testsupport.TestSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Shared helpers of the source tests: fast settings and reading a whole listing. */
public final class Listings {

    public static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(2), Duration.ofMillis(20));

    private Listings() {
    }

    /** Settings for a TestSource collection with fast retries and a short timeout. */
    public static SourceSettings settings(TestSource src, String collectionPath) {
        return SourceSettings.of(name(collectionPath), src.url(collectionPath))
                .withRetry(FAST)
                .withTimeout(Duration.ofSeconds(3));
    }

    private static String name(String path) {
        String p = path.replaceAll("[?].*", "");
        return p.isEmpty() ? "source" : p;
    }

    /** Everything a listing produced; {@code error} is why it ended incomplete (null when it did not). */
    record Result(List<SourcePage> pages, List<String> ids, String error, boolean complete) {
        int rejected() {
            return pages.stream().mapToInt(p -> p.rejected().size()).sum();
        }
    }

    static Result readAll(SourceSettings settings) {
        try (SourceClient client = new SourceClient(settings); SourceListing listing = client.listing()) {
            List<SourcePage> pages = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            String error = null;
            try {
                while (listing.hasNext()) {
                    SourcePage page = listing.next();
                    pages.add(page);
                    page.objects().forEach(o -> ids.add(o.id()));
                }
            } catch (SourceException incomplete) {
                error = incomplete.getMessage();
            }
            return new Result(pages, ids, error, listing.complete());
        }
    }

    /** Ids "1".."n" as TestSource.generate makes them. */
    public static List<String> ids(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(Integer.toString(i));
        }
        return out;
    }
}
