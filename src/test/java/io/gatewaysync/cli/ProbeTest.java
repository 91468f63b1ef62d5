package io.gatewaysync.cli;

import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineHarness.CliRun;
import io.gatewaysync.testsupport.RefusingPort;
import io.gatewaysync.testsupport.ShapedSource;
import io.gatewaysync.testsupport.ShapedSource.Shape;
import io.gatewaysync.testsupport.TestSource;
import io.gatewaysync.testsupport.TestSource.Response;
import io.gatewaysync.testsupport.TestSource.Style;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.gatewaysync.testsupport.TestJson.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --probe URL}: against a real source of each listing shape it prints a route file that the
 * engine then syncs completely with no edit ({@code --once} on it); exit 1 when it could only guess,
 * 2 for a bad argument; credentials are used but never printed.
 */
class ProbeTest {

    @TempDir
    Path dir;
    TestSource source;

    @BeforeEach
    void start() {
        source = TestSource.start();
    }

    @AfterEach
    void stop() {
        source.close();
    }

    static CliRun probe(String... args) {
        return EngineHarness.cli(Map.of(), args);
    }

    /** Writes the printed file into a fresh working dir's routes/ and runs {@code --once} on it. */
    CliRun syncPrinted(String name, String yaml) {
        try (EngineHarness harness = new EngineHarness(dir.resolve("engine-" + name))) {
            harness.routeFile(name + ".yaml", yaml);
            return EngineHarness.cli(harness.overrides(), "--once");
        }
    }

    /** The printed file, written to a fresh engine's routes/, syncs all {@code n} objects of source {@code name}. */
    void assertSyncsAll(String name, CliRun probe, int n) {
        CliRun sync = syncPrinted(name, probe.out());
        assertEquals(Cli.OK, sync.code(), sync.err() + sync.out());
        assertTrue(sync.out().startsWith("source=" + name + " status=OK created=" + n + " "), sync.out() + sync.err());
    }

    /** The printed file has {@code parameter} with {@code value}, as decided. */
    static void assertWrites(CliRun probe, String parameter, String value) {
        assertTrue(probe.out().contains("- name: " + parameter + "\n        value: \"" + value + "\"\n"),
                parameter + "=" + value + " in\n" + probe.out());
    }

    /** The printed file has {@code parameter} with {@code value}, marked as a guess. */
    static void assertGuessed(CliRun probe, String parameter, String value) {
        assertTrue(probe.out().contains("- name: " + parameter + "\n        value: \"" + value + "\"  # guessed\n"),
                parameter + "=" + value + " (guessed) in\n" + probe.out());
    }

    void fill(String coll, int n) {
        for (int k = 1; k <= n; k++) {
            source.put(coll, obj("id", Integer.toString(k), "name", coll + " " + k,
                    "updatedAt", "2026-01-0" + (1 + k % 9) + "T10:00:00Z"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"NONE, none", "PAGE, page", "OFFSET, offset", "NEXT_LINK, next-link", "LINK_HEADER, link-header",
            "HYDRA, next-link"})
    void theFileItPrintsSyncsEveryShapeWithNoEdit(Style style, String pagination) {
        String coll = "animals-" + style.name().toLowerCase().replace('_', '-');
        fill(coll, 25);
        source.style(coll, style).pageSize(coll, 10).totals(coll, true);

        CliRun probe = probe("--probe", source.url(coll));

        assertEquals(Cli.OK, probe.code(), probe.err() + probe.out());
        assertTrue(probe.out().contains("value: \"" + pagination + "\""), probe.out());
        assertWrites(probe, "lastChangedPath", "updatedAt");
        assertTrue(probe.out().contains("# Fields: id (string), name (string), updatedAt (date)"), probe.out());
        assertFalse(probe.out().contains("# guessed"), probe.out());
        assertSyncsAll(coll, probe, 25);
    }

    @Test
    void objectsWithoutARecognisableIdAreOnlyAGuess() {
        source.respond("things", request -> Response.json(200, "[{\"name\":\"a\",\"colour\":\"red\"},"
                + "{\"name\":\"a\",\"colour\":\"blue\"}]"));

        CliRun probe = probe("--probe", source.url("things"));

        assertEquals(Cli.FAILURES, probe.code(), probe.err());
        assertTrue(probe.err().contains("could not decide: no id field"), probe.err());
        assertTrue(probe.out().contains("# guessed: idPath"), probe.out());
        assertTrue(probe.out().startsWith("# Written by gateway-sync --probe"), "the file is still printed");
    }

    @Test
    void twoListsOfObjectsAreAmbiguous() {
        source.respond("mixed", request -> Response.json(200, "{\"people\":[{\"id\":1},{\"id\":2}],"
                + "\"groups\":[{\"id\":9}]}"));

        CliRun probe = probe("--probe", source.url("mixed"));

        assertEquals(Cli.FAILURES, probe.code(), probe.err());
        assertTrue(probe.err().contains("which list holds the objects: people, groups"), probe.err());
        assertGuessed(probe, "resultsPath", "people");
    }

    @Test
    void aNestedListUnderAnUnusualKeyIsAGuessThatSyncs() {
        source.respond("rows", request -> Response.json(200, "{\"payload\":{\"rows\":[{\"id\":\"r1\"},"
                + "{\"id\":\"r2\"}]}}"));

        CliRun probe = probe("--probe", source.url("rows"));

        assertEquals(Cli.FAILURES, probe.code(), probe.err());
        assertTrue(probe.out().contains("value: \"payload.rows\"  # guessed"), probe.out());
        assertSyncsAll("rows", probe, 2);
    }

    /**
     * Every shape of {@link ShapedSource} (cursor, Range/Content-Range, HAL, OData, JSON:API, ZGW url ids,
     * items/next), 10 objects in pages of 3: the printed file names the shape's parameters and syncs all
     * 10 with no edit.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "CURSOR     | resultsPath=data, pagination=cursor, cursorPath=meta.next_cursor, cursorParam=cursor",
            "RANGE      | pagination=range, pageSize=3",
            "POSTGREST  | pagination=postgrest, pageSize=3",
            "HAL        | resultsPath=_embedded.zaken, pagination=next-link, nextPath=_links.next.href",
            "ODATA      | resultsPath=value, pagination=next-link, nextPath=['@odata.nextLink']",
            "JSON_API   | resultsPath=data, idPath=id, pagination=next-link, nextPath=links.next",
            "URL_IDS    | resultsPath=results, idPath=url, pagination=next-link, nextPath=next",
            "PATCH_ONLY | resultsPath=items, pagination=next-link, nextPath=next"})
    void everyShapeOfTheEngineIsWrittenAndSyncsEverything(Shape shape, String expected) {
        try (ShapedSource shaped = ShapedSource.start(shape)) {
            shaped.generate(10);

            CliRun probe = probe("--probe", shaped.url());

            assertEquals(Cli.OK, probe.code(), probe.err() + probe.out());
            for (String pair : expected.split(", ")) {
                String[] kv = pair.split("=", 2);
                assertWrites(probe, kv[0], kv[1]);
            }
            assertFalse(probe.out().contains("# guessed"), probe.out());
            assertFalse(probe.out().contains("- name: resultsPath") && shape == Shape.RANGE, probe.out());
            // The probe read the whole listing as the file says before it vouched for the file.
            assertTrue(probe.out().contains("# Read as this file says: 10 object(s) on 4 page(s), the whole listing"), probe.out());
            assertSyncsAll("things", probe, 10);
        }
    }

    /**
     * PostgREST as it is: every reply carries {@code Content-Range: 0-9/*} (no unit), a Range must be
     * {@code 0-9} (without {@code items=}, else it is ignored), {@code offset}/{@code limit} page, at most
     * 10 rows a reply, no count. The items dialect is not answered in kind; PostgREST's own is: the probe
     * writes {@code postgrest} with the cap it saw as the page size.
     */
    @Test
    void postgrestIsPagedInItsOwnRangeDialect() {
        fill("rows", 25);
        source.respond("rows", request -> {
            List<ObjectNode> all = source.all("rows");
            String range = request.header("Range");
            int from = request.param("offset") != null ? Integer.parseInt(request.param("offset"))
                    : range != null && range.matches("\\d+-\\d*") ? Integer.parseInt(range.split("-")[0]) : 0;
            int limit = Math.min(10, request.param("limit") != null ? Integer.parseInt(request.param("limit")) : 10);
            int to = Math.min(all.size(), from + limit);
            ArrayNode rows = JsonNodeFactory.instance.arrayNode();
            all.subList(Math.min(from, all.size()), to).forEach(rows::add);
            String contentRange = rows.isEmpty() ? "*/*" : from + "-" + (to - 1) + "/*";
            return new Response(200, Map.of("Content-Type", "application/json", "Content-Range", contentRange),
                    rows.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        });

        CliRun probe = probe("--probe", source.url("rows"));

        assertEquals(Cli.OK, probe.code(), probe.err() + probe.out());
        assertWrites(probe, "pagination", "postgrest");
        assertWrites(probe, "pageSize", "10");
        assertSyncsAll("rows", probe, 25);
    }

    @Test
    void jsonApiFieldsAreListedAttributeByAttribute() {
        try (ShapedSource shaped = ShapedSource.start(Shape.JSON_API)) {
            shaped.generate(4);
            CliRun probe = probe("--probe", shaped.url());
            assertTrue(probe.out().contains("# Recognised: JSON:API\n"), probe.out());
            assertTrue(probe.out().contains("# Fields: type (string), id (string), attributes.name (string), "
                    + "attributes.n (number)\n"), probe.out());
        }
    }

    /** HAL objects named only by {@code _links.self.href} on the source's origin: that URL is the id. */
    @Test
    void aHalSelfLinkOnTheSourcesOriginIsTheId() {
        source.respond("zaken", request -> {
            ArrayNode items = JsonNodeFactory.instance.arrayNode();
            for (int k = 1; k <= 4; k++) {
                ObjectNode zaak = items.addObject().put("omschrijving", "zaak " + k);
                zaak.putObject("_links").putObject("self").put("href", source.url("zaken") + "/" + k);
            }
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.putObject("_links").putObject("self").put("href", source.url("zaken"));
            body.putObject("_embedded").set("zaken", items);
            return Response.json(200, body);
        });

        CliRun probe = probe("--probe", source.url("zaken"));

        assertEquals(Cli.OK, probe.code(), probe.err() + probe.out());
        assertWrites(probe, "idPath", "_links.self.href");
        assertWrites(probe, "itemUrl", "self");
        assertSyncsAll("zaken", probe, 4);
    }

    @Test
    void aSelfLinkOnAnotherOriginIsNotTakenAsTheId() {
        source.respond("zaken", request -> Response.json(200, "{\"_embedded\":{\"zaken\":["
                + "{\"_links\":{\"self\":{\"href\":\"http://192.0.2.1/zaken/1\"}}},"
                + "{\"_links\":{\"self\":{\"href\":\"http://192.0.2.1/zaken/2\"}}}]}}"));

        CliRun probe = probe("--probe", source.url("zaken"));

        assertEquals(Cli.FAILURES, probe.code(), probe.out());
        assertTrue(probe.err().contains("could not decide: no id field"), probe.err());
        assertFalse(probe.out().contains("itemUrl"), probe.out());
    }

    /** BAG/ZGW style: the id is a field of an {@code identificatie} object. */
    @Test
    void anIdInsideAnIdentificatieObjectIsANestedIdPath() {
        source.respond("panden", request -> Response.json(200, "{\"results\":["
                + "{\"identificatie\":{\"domein\":\"NL.IMBAG\",\"nummer\":\"0363100012345678\"},\"status\":\"a\"},"
                + "{\"identificatie\":{\"domein\":\"NL.IMBAG\",\"nummer\":\"0363100012345679\"},\"status\":\"b\"}],"
                + "\"next\":null}"));

        CliRun probe = probe("--probe", source.url("panden"));

        assertEquals(Cli.OK, probe.code(), probe.err() + probe.out());
        assertWrites(probe, "idPath", "identificatie.nummer");
        assertSyncsAll("panden", probe, 2);
    }

    /** No field is unique alone, two id-like fields are together: a composite id, written but only a guess. */
    @Test
    void twoFieldsUniqueTogetherAreAGuessedCompositeId() {
        source.respond("vestigingen", request -> Response.json(200, "["
                + "{\"kvkNummer\":\"100\",\"vestigingCode\":\"1\",\"naam\":\"a\"},"
                + "{\"kvkNummer\":\"100\",\"vestigingCode\":\"2\",\"naam\":\"b\"},"
                + "{\"kvkNummer\":\"200\",\"vestigingCode\":\"1\",\"naam\":\"c\"}]"));

        CliRun probe = probe("--probe", source.url("vestigingen"));

        assertEquals(Cli.FAILURES, probe.code(), probe.err() + probe.out());
        assertGuessed(probe, "idPath", "kvkNummer,vestigingCode");
        assertSyncsAll("vestigingen", probe, 3);
    }

    @Test
    void aResultsPathGivenIsTakenAsItIs() {
        source.respond("mixed", request -> Response.json(200, "{\"people\":[{\"id\":1},{\"id\":2}],"
                + "\"groups\":[{\"id\":9},{\"id\":8},{\"id\":7}]}"));

        CliRun probe = probe("--probe", source.url("mixed"), "--resultsPath", "people");

        assertEquals(Cli.OK, probe.code(), probe.err() + probe.out());
        assertFalse(probe.out().contains("# guessed"), probe.out());
        assertTrue(probe.out().contains("# Read as this file says: 2 object(s) on 1 page(s), the whole listing"), probe.out());
    }

    @Test
    void aNextLinkTheSourceIgnoresIsOnlyAGuess() {
        // Every page, page=2 included, is the first: the written file would stop after it.
        source.respond("stuck", request -> Response.json(200, "{\"results\":[{\"id\":1},{\"id\":2}],\"next\":\""
                + source.url("stuck") + "?page=2\"}"));

        CliRun probe = probe("--probe", source.url("stuck"));

        assertEquals(Cli.FAILURES, probe.code(), probe.out());
        assertTrue(probe.err().contains("could not decide: the listing as written is incomplete")
                && probe.err().contains("page 2 is identical to an earlier page"), probe.err());
        assertTrue(probe.err().contains("probe: guessed: pagination"), "the guess that makes it exit 1 is said: " + probe.err());
    }

    @Test
    void aCursorParameterTheSourceIgnoresIsOnlyAGuess() {
        source.respond("tokens", request -> Response.json(200, "{\"data\":[{\"id\":1},{\"id\":2}],"
                + "\"nextPageToken\":\"abc\"}"));

        CliRun probe = probe("--probe", source.url("tokens"));

        assertEquals(Cli.FAILURES, probe.code(), probe.out());
        assertGuessed(probe, "cursorParam", "pageToken");
        assertTrue(probe.err().contains("could not decide: how to follow the next page (a cursor at 'nextPageToken')"),
                probe.err());
    }

    @Test
    void aNullNextLinkOnASinglePageStillSaysNextLink() {
        source.respond("few", request -> Response.json(200, "{\"results\":[{\"id\":1},{\"id\":2}],\"next\":null}"));

        CliRun probe = probe("--probe", source.url("few"));

        assertEquals(Cli.OK, probe.code(), probe.err());
        assertWrites(probe, "pagination", "next-link");
        assertEquals(1, source.requestCount("GET") - 1, "no page/offset requests were needed: " + source.requests());
    }

    @Test
    void badArgumentsExitTwoWithAClearMessage() {
        CliRun noUrl = probe("--probe");
        assertEquals(Cli.CONFIGURATION_ERROR, noUrl.code());
        assertTrue(noUrl.err().contains("--probe needs the URL"), noUrl.err());

        CliRun unknown = probe("--probe", source.url("pets"), "--bogus", "1");
        assertEquals(Cli.CONFIGURATION_ERROR, unknown.code());
        assertTrue(unknown.err().contains("unknown argument '--bogus'"), unknown.err());

        CliRun basicWithoutPassword = probe("--probe", source.url("pets"), "--auth", "basic", "--username", "u");
        assertEquals(Cli.CONFIGURATION_ERROR, basicWithoutPassword.code());
        assertTrue(basicWithoutPassword.err().contains("password"), basicWithoutPassword.err());

        CliRun notHttp = probe("--probe", "ftp://127.0.0.1/pets");
        assertEquals(Cli.CONFIGURATION_ERROR, notHttp.code());
        assertTrue(notHttp.err().contains("parameter 'url'"), notHttp.err());
        assertEquals(0, source.requestCount("GET"), "a bad argument sends nothing");
    }

    @Test
    void anUnreachableOrNonJsonSourceIsNamedAndExitsOne() throws Exception {
        CliRun unreachable;
        String closed;
        try (RefusingPort refusing = new RefusingPort()) {
            closed = refusing.url("/pets");
            unreachable = probe("--probe", closed, "--retries", "0");
        }
        assertEquals(Cli.FAILURES, unreachable.code());
        assertTrue(unreachable.err().contains(closed), unreachable.err());
        assertEquals("", unreachable.out());

        source.respond("page", request -> new Response(200, Map.of("Content-Type", "text/html"),
                "<html>login</html>".getBytes()));
        CliRun html = probe("--probe", source.url("page"));
        assertEquals(Cli.FAILURES, html.code());
        assertTrue(html.err().contains(source.url("page")), html.err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bearer | --token | {{env:PETS_TOKEN}}",
            "basic | --password | {{env:PETS_PASSWORD}}",
            "api-key | --apiKey | {{env:PETS_API_KEY}}"})
    void secretsAreSentButPrintedOnlyAsPlaceholders(String auth, String option, String placeholder) {
        String secret = "s3cr3t-" + auth + "-value";
        fill("pets", 3);
        source.style("pets", Style.NEXT_LINK);

        CliRun probe = auth.equals("basic")
                ? probe("--probe", source.url("pets"), "--auth", auth, "--username", "probe-user", option, secret)
                : probe("--probe", source.url("pets"), "--auth", auth, option, secret);

        assertEquals(Cli.OK, probe.code(), probe.err());
        assertFalse(probe.out().contains(secret), probe.out());
        assertFalse(probe.err().contains(secret), probe.err());
        assertTrue(probe.out().contains("value: \"" + placeholder + "\""), probe.out());
        assertTrue(probe.err().contains("set " + placeholder.substring(6, placeholder.length() - 2)), probe.err());
        TestSource.Request first = source.requestLog().get(0);
        String sent = auth.equals("api-key") ? first.header("X-Api-Key") : first.header("Authorization");
        assertTrue(sent != null && (sent.contains(secret) || auth.equals("basic")), "the credential was sent: " + sent);
    }

    @Test
    void aSecretEchoedInAnErrorIsNotPrinted() {
        String secret = "tok-echoed-back-123";
        source.respond("pets", request -> Response.json(401, "{\"error\":\"bad token " + secret + "\"}"));

        CliRun probe = probe("--probe", source.url("pets"), "--auth", "bearer", "--token", secret, "--retries", "0");

        assertEquals(Cli.FAILURES, probe.code());
        assertFalse(probe.err().contains(secret), probe.err());
        assertFalse(probe.out().contains(secret), probe.out());
    }

    /**
     * A FeathersJS-like service: {@code $skip}/{@code $limit} and {@code {"total","limit","skip","data"}};
     * every other query parameter is a filter (here: nothing matches), as Feathers does. The probe must not
     * take the empty, filtered answer to {@code ?page=2} for the listing's end. (The real FeathersJS is
     * probed in RealServerProbeTest.)
     */
    @Test
    void aParameterTakenAsAFilterIsNotPagingAndTheServersOwnDialectIsUsed() {
        fill("people", 45);
        source.respond("people", request -> {
            if (!request.path().equals("/people")) {
                return null;
            }
            boolean filtered = request.query().keySet().stream().anyMatch(k -> !k.startsWith("$"));
            int skip = request.param("$skip") == null ? 0 : Integer.parseInt(request.param("$skip"));
            com.fasterxml.jackson.databind.node.ArrayNode data = io.gatewaysync.testsupport.TestJson.MAPPER.createArrayNode();
            if (!filtered) {
                source.all("people").stream().skip(skip).limit(10).forEach(data::add);
            }
            return Response.json(200, obj("total", filtered ? 0 : 45, "limit", 10, "skip", skip, "data", data));
        });

        CliRun probe = probe("--probe", source.url("people"));

        assertEquals(Cli.OK, probe.code(), probe.err() + probe.out());
        assertWrites(probe, "pagination", "auto");
        assertTrue(probe.out().contains("# Read as this file says: 45 object(s) on 5 page(s), the whole listing; the source states 45"),
                probe.out());
        assertFalse(probe.err().contains("INFO"), "only the probe's own findings on stderr: " + probe.err());
        assertSyncsAll("people", probe, 45);
    }

    /** A file that would read fewer objects than the source states is exit 1, with the reason on stderr. */
    @Test
    void aFileThatCannotReachTheStatedTotalIsExitOne() {
        fill("short", 30);
        // States 30, serves 10, and ignores every paging parameter (also page 2 is "the same first page").
        source.respond("short", request -> {
            com.fasterxml.jackson.databind.node.ArrayNode results = io.gatewaysync.testsupport.TestJson.MAPPER.createArrayNode();
            source.all("short").stream().limit(10).forEach(results::add);
            return Response.json(200, obj("count", 30, "results", results));
        });

        CliRun probe = probe("--probe", source.url("short"));

        assertEquals(Cli.FAILURES, probe.code(), probe.err() + probe.out());
        assertTrue(probe.err().contains("the listing states 30 objects but ended after 10"), probe.err());
    }

    /** OData: the id is the key the service's $metadata declares, not a guess from field names. */
    @Test
    void anODataKeyComesFromMetadata() {
        source.respond("odata", request -> {
            if (request.path().endsWith("/$metadata")) {
                return new Response(200, Map.of("Content-Type", "application/xml"), ("<?xml version=\"1.0\"?>"
                        + "<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">"
                        + "<edmx:DataServices><Schema Namespace=\"Shop\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">"
                        + "<EntityType Name=\"Book\"><Key><PropertyRef Name=\"isbn\"/></Key>"
                        + "<Property Name=\"isbn\" Type=\"Edm.String\" Nullable=\"false\"/><Property Name=\"ID\" Type=\"Edm.Int32\"/></EntityType>"
                        + "<EntityContainer Name=\"C\"><EntitySet Name=\"Books\" EntityType=\"Shop.Book\"/></EntityContainer>"
                        + "</Schema></edmx:DataServices></edmx:Edmx>").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return Response.json(200, "{\"@odata.context\":\"" + source.url("odata") + "/$metadata#Books\",\"value\":["
                    + "{\"ID\":1,\"isbn\":\"978-1\"},{\"ID\":1,\"isbn\":\"978-2\"}]}");
        });

        CliRun probe = probe("--probe", source.url("odata") + "/Books");

        assertWrites(probe, "idPath", "isbn");
    }
}
