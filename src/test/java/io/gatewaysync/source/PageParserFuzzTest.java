package io.gatewaysync.source;

import io.gatewaysync.source.paging.Pagination;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thousands of random, truncated and mutated bodies (seeded, so a failure reproduces): the parser
 * throws nothing but {@link SourceException}, and never hangs.
 */
class PageParserFuzzTest {

    private static final long SEED = 20240601L;
    private static final List<String> SEEDS = List.of(
            "[{\"id\":1,\"name\":\"Rex\",\"tags\":[\"a\",\"b\"],\"at\":\"2024-01-01T00:00:00Z\"},{\"id\":2,\"n\":1.5e3}]",
            "{\"results\":[{\"id\":\"a\",\"x\":{\"y\":[1,2,{\"z\":null}]}}],\"count\":10,\"next\":\"http://h.test/p?page=2\"}",
            "{\"hydra:member\":[{\"@id\":\"/p/1\",\"id\":1}],\"hydra:totalItems\":3,\"hydra:view\":{\"hydra:next\":\"/p?page=2\"}}",
            "{\"data\":[{\"ref\":{\"code\":\"Z\"}}],\"links\":{\"next\":{\"href\":\"?page=2\"}},\"meta\":{\"next\":\"/m\"}}",
            "{\"items\":[1,\"two\",null,true,{\"id\":\"\\u00e9\\ud83d\\ude00\"}],\"total\":-1,\"_links\":{\"next\":{\"href\":\"//x\"}}}");
    private static final String ALPHABET = "{}[]\":,.-+eE0123456789 \\/ntrufalsid?=&#%";

    private final List<PageParser> parsers = List.of(
            new PageParser(SourceSettings.of("fuzz", "http://h.test/p").withLastChangedPath("at")),
            new PageParser(SourceSettings.of("fuzz", "http://h.test/p").withPagination(Pagination.NEXT_LINK)
                    .withResultsPath("results").withIdPath("ref.code").withNextPath("next")),
            new PageParser(SourceSettings.of("fuzz", "http://h.test/p").withPagination(Pagination.LINK_HEADER)));

    @Test
    void randomBodiesOnlyEverFailWithSourceException() {
        Random random = new Random(SEED);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 10_000; i++) {
                byte[] body = body(random);
                HttpHeaders headers = headers(random);
                PageParser parser = parsers.get(i % parsers.size());
                try {
                    parser.parse(URI.create("http://h.test/p?page=1"), body, headers, 1);
                } catch (SourceException expected) {
                    // the only allowed failure
                } catch (Throwable t) {
                    fail("case " + i + " threw " + t + " for body: " + new String(body, StandardCharsets.UTF_8), t);
                }
            }
        });
    }

    private static byte[] body(Random r) {
        String seed = SEEDS.get(r.nextInt(SEEDS.size()));
        byte[] b = seed.getBytes(StandardCharsets.UTF_8);
        switch (r.nextInt(6)) {
            case 0: // truncated
                return java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
            case 1: { // a few bytes replaced by JSON-ish characters
                for (int k = 0, n = 1 + r.nextInt(4); k < n; k++) {
                    b[r.nextInt(b.length)] = (byte) ALPHABET.charAt(r.nextInt(ALPHABET.length()));
                }
                return b;
            }
            case 2: { // random bytes anywhere
                for (int k = 0, n = 1 + r.nextInt(3); k < n; k++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                return b;
            }
            case 3: { // a slice spliced elsewhere
                String s = seed;
                int from = r.nextInt(s.length());
                int to = from + r.nextInt(s.length() - from);
                int at = r.nextInt(s.length());
                return (s.substring(0, at) + s.substring(from, to) + s.substring(at)).getBytes(StandardCharsets.UTF_8);
            }
            case 4: { // pure noise of JSON characters
                StringBuilder s = new StringBuilder();
                for (int k = 0, n = r.nextInt(200); k < n; k++) {
                    s.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                }
                return s.toString().getBytes(StandardCharsets.UTF_8);
            }
            default: { // deep nesting and odd values
                int depth = r.nextInt(1500);
                String value = List.of("1e999", "-0", "1E-400", "\"\\ud800\"", "123456789012345678901234567890",
                        "\"2024-02-30T25:61:00Z\"", "{}", "[]").get(r.nextInt(8));
                return ("[{\"id\":1,\"at\":" + value + ",\"deep\":" + "[".repeat(depth) + "]".repeat(depth) + "}]")
                        .getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    private static HttpHeaders headers(Random r) {
        List<String> links = List.of("</p?page=2>; rel=\"next\"", "<>; rel=next", "<http://bad host/>; rel=next",
                "<ftp://x>; rel=next", "garbage", "<\u0000>; rel=\"next", "</p?%zz>; rel=next");
        List<String> totals = List.of("12", "-3", "x", "99999999999999999999", "");
        return HttpHeaders.of(Map.of(
                "Link", List.of(links.get(r.nextInt(links.size()))),
                "X-Total-Count", List.of(totals.get(r.nextInt(totals.size())))), (a, b) -> true);
    }
}
