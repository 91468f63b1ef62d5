package io.gatewaysync.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.gateway.StoredObject;
import io.gatewaysync.run.RunResult;
import io.gatewaysync.run.SourceCatalog;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineTest;
import io.gatewaysync.testsupport.TestJson;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console as an operator of fifty sources meets it, in headless chromium against a real engine:
 * four sources in trouble (two PARTIAL listings, one run with a failed object, one with a blocked
 * record), one running, one paused, the rest healthy. The overview shows every source in trouble above
 * the healthy ones within the first screen, the running one before the healthy ones too; the tiles
 * filter, the search box narrows, a source's detail has a URL of its own (also loaded directly); pause
 * and resume work from the console; skipped ticks are one folded row; a retry is listed as a one-object
 * sync and takes no run number. Screenshots: {@code target/console-screenshots/fleet-*.png}.
 */
class ConsoleFleetBrowserTest extends EngineTest {

    static final String ADMIN = "admin-key-51c0e8a7f2";
    static final int SOURCES = 50;
    static final int WIDTH = 1440;
    static final int HEIGHT = 1000;

    /** Names that sort among the healthy ones: trouble first must come from the health, not the name. */
    static final String PARTIAL_A = "src-12";
    static final String PARTIAL_B = "src-33";
    static final String FAILED_OBJECT = "src-41";
    static final String BLOCKED = "src-47";
    static final String RUNNING = "src-28";
    static final String PAUSED = "src-19";
    static final Set<String> TROUBLE = Set.of(PARTIAL_A, PARTIAL_B, FAILED_OBJECT, BLOCKED);

    HeadlessBrowser browser;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void fiftySources() throws Exception {
        HeadlessBrowser.assumeAvailable();
        source = TestSource.start();
        engine = new EngineHarness(dir)
                .property("gateway.api-keys", "admin:" + ADMIN)
                .property("gateway.host", "127.0.0.1");
        for (int i = 1; i <= SOURCES; i++) {
            String name = name(i);
            source.style(name, TestSource.Style.PAGE).pageSize(name, 5);
            source.generate(name, 8);
            boolean twoWay = name.equals(FAILED_OBJECT) || name.equals(BLOCKED);
            List<String> params = new ArrayList<>(List.of("pagination", "page", "pageSize", "5", "retries", "0",
                    "schedule", i % 3 == 0 ? "0 0 2 * * ?" : i % 3 == 1 ? "0 0/5 * * * ?" : "0 0/15 * * * ?"));
            if (twoWay) {
                params.addAll(List.of("direction", "two-way", "maxTries", name.equals(BLOCKED) ? "1" : "5", "blockMinutes", "30"));
            }
            engine.route(name, source.url("/" + name), params.toArray(String[]::new));
        }
        engine.start();
        for (int i = 1; i <= SOURCES; i++) {
            engine.sync(name(i));
        }
        // A few runs more for a trend, with changes in some of them.
        for (int run = 0; run < 5; run++) {
            for (int i = 1; i <= 10; i++) {
                if (run % 2 == 0) {
                    ObjectNode o = source.get(name(i), String.valueOf(1 + run));
                    source.put(name(i), o.put("name", "changed in run " + run));
                }
                engine.sync(name(i));
            }
        }
        // Trouble: page 2 of two sources answers 500 (PARTIAL) ...
        source.failPage(PARTIAL_A, 2, 500);
        source.failPage(PARTIAL_B, 2, 503);
        assertEquals(RunStatus.PARTIAL, engine.sync(PARTIAL_A).status());
        assertEquals(RunStatus.PARTIAL, engine.sync(PARTIAL_B).status());
        // ... and the write-back of gateway edits fails for the two two-way sources: one object failed in
        // the last run of one, and a record blocked after one try in the other (its next run: blocked=1, failed=0).
        editInGateway(FAILED_OBJECT, "3");
        editInGateway(BLOCKED, "4");
        source.failWrites(500);
        RunResult failedObject = engine.sync(FAILED_OBJECT);
        assertEquals(1, failedObject.failed(), failedObject.line());
        assertEquals(1, engine.sync(BLOCKED).failed());
        RunResult blockedRun = engine.sync(BLOCKED);
        assertEquals(0, blockedRun.failed(), "a blocked record is not tried, so not failed again: " + blockedRun.line());
        assertEquals(1, blockedRun.blocked(), blockedRun.line());
        // Paused, with three skipped ticks: one folded history row, not three.
        assertEquals(200, post("/api/_sources/" + PAUSED + "/pause").statusCode());
        for (int i = 0; i < 3; i++) {
            assertEquals(RunStatus.SKIPPED, engine.sync(PAUSED).status());
        }
        browser = new HeadlessBrowser(WIDTH, HEIGHT);
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
        source.clearFaults();
    }

    @Test
    void theOverviewPutsTroubleFirstFiltersSearchesAndOpensADetailWithItsOwnUrl() throws Exception {
        // One source running while the page is looked at: its page 2 waits.
        source.delayPage(RUNNING, 2, Duration.ofSeconds(20));
        assertEquals(202, post("/api/_sources/" + RUNNING + "/sync").statusCode());

        // What one poll of the overview costs the engine: GET /api/_sources for fifty sources with their trends.
        get("/api/_sources");
        long t0 = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            assertEquals(SOURCES, get("/api/_sources").path("count").asInt());
        }
        System.out.printf("GET /api/_sources, %d sources with trends: %.1f ms a call (mean of 10)%n", SOURCES,
                (System.nanoTime() - t0) / 1e7);

        browser.driver.get(engine.apiUrl("/console/"));
        browser.signIn(ADMIN);
        browser.await(() -> rows().size() == SOURCES, "all 50 sources listed");
        browser.await(() -> "running".equals(rowAttr(RUNNING, "", "data-state")), RUNNING + " shown running");
        browser.shot("fleet-overview");

        // Trouble first: every source in trouble above every healthy one, all of them on the first screen.
        // Read in one script: the page re-draws itself as it polls.
        List<Map<String, Object>> rows = overviewRows();
        List<String> order = rows.stream().map(r -> (String) r.get("name")).toList();
        int lastTrouble = TROUBLE.stream().mapToInt(order::indexOf).max().orElseThrow();
        int firstHealthy = order.indexOf(rows.stream().filter(r -> "ok".equals(r.get("health"))).findFirst().orElseThrow().get("name"));
        assertTrue(lastTrouble < firstHealthy, "trouble above the healthy ones: " + order);
        assertTrue(order.indexOf(RUNNING) < firstHealthy, "the running source above the healthy ones: " + order);
        assertEquals(0L, ((Number) browser.script("return window.scrollY")).longValue());
        long viewport = ((Number) browser.script("return window.innerHeight")).longValue();
        for (Map<String, Object> r : rows.subList(0, lastTrouble + 1)) {
            long bottom = ((Number) r.get("bottom")).longValue();
            assertTrue(bottom <= viewport, r.get("name") + " is visible without scrolling (bottom " + bottom + " of " + viewport + ")");
        }
        assertTrue(((Number) rows.get(order.indexOf(RUNNING)).get("bottom")).longValue() <= viewport,
                "the running source is visible without scrolling");
        // Nor sideways: the page fits the window, every row's buttons in sight.
        assertEquals(Boolean.TRUE, browser.script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
                "no horizontal scrolling");
        assertEquals(0L, browser.script("return [...document.querySelectorAll('tr.source-row button')]"
                + ".filter(b => b.getBoundingClientRect().right > document.documentElement.clientWidth).length"), "buttons out of sight");
        assertEquals("partial", rowAttr(PARTIAL_A, "", "data-health"));
        assertEquals("partial", rowAttr(PARTIAL_B, "", "data-health"));
        assertEquals("okfail", rowAttr(FAILED_OBJECT, "", "data-health"));
        assertEquals("records", rowAttr(BLOCKED, "", "data-health"));

        // Outcomes in words, each its own: the failed object is said, not an OK pill beside "1 failed".
        assertEquals("OK with 1 failed object", rowText(FAILED_OBJECT, ".outcome"));
        assertEquals("OK_WITH_FAILED_OBJECTS", rowAttr(FAILED_OBJECT, ".outcome", "data-outcome"));
        assertEquals("PARTIAL", rowText(PARTIAL_A, ".outcome"));
        assertEquals("OK", rowText(BLOCKED, ".outcome"));
        assertTrue(rowText(BLOCKED, ".records-cell").contains("1 failing")
                && rowText(BLOCKED, ".records-cell").contains("1 of them blocked"),
                rowText(BLOCKED, ""));
        // Cron in words with the expression beside it (on hover), times in 24 hours with the zone named.
        assertTrue(rowText("src-01", ".next-cell").contains("every 5 minutes"),
                rowText("src-01", ""));
        assertEquals("0 0/5 * * * ?", rowAttr("src-01", ".next-cell .sub", "title")
                .replace("Quartz cron: ", ""));
        String ended = rowText("src-01", ".last-cell [data-time]");
        assertTrue(ended.matches("\\d{2}:\\d{2}:\\d{2} [A-Z][A-Za-z0-9+:-]+"), "24-hour time with its zone: " + ended);
        // The paused source: no next run, its skipped ticks as a count.
        String paused = rowText(PAUSED, ".next-cell");
        assertTrue(paused.toLowerCase().contains("paused") && paused.contains("3 ticks skipped"), paused);
        assertFalse(paused.contains("every"), "a paused source shows no schedule as if it ran: " + paused);
        assertNotNull(rowAttr(PAUSED, "button.sync-now", "disabled"));
        // The trend: one bar a run.
        assertEquals(6L, browser.script("return document.querySelectorAll(\"tr.source-row[data-source='src-02'] svg.spark rect.bar\").length"));

        // Tiles filter (and say so in the URL); clicking the active tile shows all again.
        click(".tiles button.tile[data-filter='trouble']");
        browser.await(() -> rows().size() == TROUBLE.size(), "only the four sources in trouble");
        assertTrue(browser.driver.getCurrentUrl().endsWith("#/?show=trouble"), browser.driver.getCurrentUrl());
        browser.await(() -> "true".equals(tile("trouble").getAttribute("aria-pressed")), "the trouble tile pressed");
        browser.shot("fleet-filter-trouble");
        click(".tiles button.tile[data-filter='paused']");
        browser.await(() -> rows().size() == 1 && row(PAUSED) != null, "only the paused source");
        click(".tiles button.tile[data-filter='paused']");
        browser.await(() -> rows().size() == SOURCES, "all again");

        // Search narrows by name (and URL).
        WebElement search = browser.find("#search");
        search.sendKeys("src-4");
        browser.await(() -> rows().size() == 10, "src-40 … src-49");
        assertTrue(browser.driver.getCurrentUrl().endsWith("#/?q=src-4"), browser.driver.getCurrentUrl());
        // Read in one script: the overview redraws on its own (every 2 s while a run is on), and a row found a
        // moment earlier may be gone by the time its attribute is asked for (a stale element).
        browser.await(() -> List.of(FAILED_OBJECT, BLOCKED).equals(browser.script("return Array.from(document.querySelectorAll("
                + "'table.overview tr.source-row')).slice(0, 2).map(r => r.getAttribute('data-source'))")),
                "trouble first within the search too");
        browser.shot("fleet-search");
        search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        browser.await(() -> rows().size() == SOURCES, "search cleared");

        // A source's detail is one click away, with a URL of its own.
        click("table.overview tr.source-row[data-source='" + FAILED_OBJECT + "'] a.source-link");
        browser.await(() -> browser.driver.getCurrentUrl().endsWith("#/sources/" + FAILED_OBJECT), "the detail's URL");
        browser.find("article.detail-view[data-source='" + FAILED_OBJECT + "']");
        browser.await(() -> !detail().findElements(By.cssSelector("tr.record[data-source-id='3']")).isEmpty(), "its failing record");
        browser.await(() -> detail().findElements(By.cssSelector("svg.chart g.run-bar")).size() == 2, "its two runs in the chart");
        String page = detailText("");
        assertTrue(page.contains("OK with 1 failed object"), page);
        // The record's error: the end (the upstream's reason) shown, the whole of it expandable and copyable.
        String error = detailText("tr.record[data-source-id='3'] .error-cell");
        assertTrue(error.contains("500"), error);
        assertEquals(1L, browser.script("return document.querySelectorAll(\"tr.record[data-source-id='3'] .error-cell button.copy\").length"),
                "a copy button by the error");
        // The gateway id: its distinguishing tail, the whole id in the title.
        String gatewayId = engine.record(FAILED_OBJECT, "3").gatewayId();
        assertEquals("…" + gatewayId.substring(gatewayId.length() - 12), detailText("tr.record[data-source-id='3'] button.id-copy"));
        assertTrue(((String) browser.script("return document.querySelector(\"tr.record[data-source-id='3'] button.id-copy\").title"))
                .startsWith(gatewayId));
        // One click shows the whole message, end included (where the upstream's reason is).
        String lastError = engine.record(FAILED_OBJECT, "3").lastError();
        if (lastError.length() > 110) {
            assertTrue(error.startsWith("…") && lastError.endsWith(error.substring(1).strip()), error + " | " + lastError);
            click("article.detail-view tr.record[data-source-id='3'] .error-cell details > summary");
            browser.await(() -> lastError.equals(detailText("tr.record[data-source-id='3'] .error-cell pre")), "the whole error shown");
        } else {
            assertTrue(error.contains(lastError), error + " | " + lastError);
        }
        browser.shot("fleet-detail-failed-object");

        // A retry is a one-object sync: listed apart, no run number; the next run's number follows the last run's.
        long lastRun = engine.bean("sourceCatalog", SourceCatalog.class).get(FAILED_OBJECT).lastResult().number();
        source.clearFaults();
        click("article.detail-view tr.record[data-source-id='3'] button.retry");
        browser.await(() -> detail().findElements(By.cssSelector("tr.record[data-source-id='3']")).isEmpty(), "record 3 synced");
        browser.await(() -> detail().findElements(By.cssSelector("tr.object-sync")).size() == 1, "the retry listed as a one-object sync");
        assertEquals(2, detail().findElements(By.cssSelector("tr.run")).size(), "not in the run history");
        JsonNode objects = get("/api/_runs?source=" + FAILED_OBJECT + "&kind=objects");
        assertTrue(objects.path("results").get(0).path("runNumber").isNull(), objects.toString());
        assertEquals("object", objects.path("results").get(0).path("kind").asText());
        assertEquals(lastRun + 1, engine.sync(FAILED_OBJECT).number(), "the retry took no run number");
        browser.shot("fleet-detail-after-retry");

        // The detail's URL loads it directly, and the way back is the overview.
        browser.driver.get(engine.apiUrl("/console/#/sources/" + PAUSED));
        browser.await(() -> !browser.driver.findElements(By.cssSelector("article.detail-view[data-source='" + PAUSED + "']")).isEmpty(),
                "the paused source's detail from its URL");
        browser.await(() -> detail().findElements(By.cssSelector("tr.skipped-row")).size() == 1, "one folded row of skips");
        assertTrue(detailText("tr.skipped-row").contains("3 ticks skipped"), detailText("tr.skipped-row"));
        assertTrue(detailText("").contains("SKIPPED (paused)"), detailText(""));
        browser.shot("fleet-detail-paused");
        click("article.detail-view a.back");
        browser.await(() -> rows().size() == SOURCES, "back on the overview");
        // No run in flight when the engine stops.
        browser.await(() -> engine.bean("sourceCatalog", SourceCatalog.class).get(RUNNING).currentRun() == null,
                RUNNING + " done");
    }

    @Test
    void pauseAndResumeFromTheConsole() throws Exception {
        browser.driver.get(engine.apiUrl("/console/"));
        browser.signIn(ADMIN);
        browser.await(() -> rows().size() == SOURCES, "all 50 sources listed");
        String name = "src-04";
        assertEquals("idle", rowAttr(name, "", "data-state"));
        click("table.overview tr.source-row[data-source='" + name + "'] button.pause");
        browser.await(() -> "paused".equals(rowAttr(name, "", "data-state")), name + " shown paused");
        assertTrue(engine.bean("sourceCatalog", SourceCatalog.class).get(name).paused(), "paused in the engine");
        assertEquals("paused", get("/api/_sources/" + name).path("state").asText());
        assertTrue(get("/api/_sources/" + name).path("nextRun").isNull(), "a paused source has no next run");
        String next = rowText(name, ".next-cell");
        assertTrue(next.toLowerCase().contains("paused"), next);
        assertNotNull(rowAttr(name, "button.sync-now", "disabled"));
        assertTrue(browser.find("#flash").getText().contains("paused"), browser.find("#flash").getText());
        assertNoticeCoversNoButton();
        browser.shot("fleet-paused-from-console");
        // A tick of its schedule is skipped, and counted as such.
        assertEquals(RunStatus.SKIPPED, engine.sync(name).status());

        click("table.overview tr.source-row[data-source='" + name + "'] button.resume");
        browser.await(() -> "idle".equals(rowAttr(name, "", "data-state")), name + " resumed");
        assertFalse(engine.bean("sourceCatalog", SourceCatalog.class).get(name).paused());
        browser.await(() -> rowText(name, ".next-cell").contains("every 5 minutes"),
                "its schedule shown again");
        assertEquals(RunStatus.OK, engine.sync(name).status());
        browser.shot("fleet-resumed-from-console");

        // A laptop's window: still one row a source, nothing to scroll sideways.
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 768));
        browser.await(() -> Boolean.TRUE.equals(browser.script(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth")), "fits 1366 px");
        browser.shot("fleet-overview-1366");
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static String name(int i) {
        return String.format("src-%02d", i);
    }

    /** An edit of the data layer's user through the gateway API (with the admin key). */
    private void editInGateway(String name, String sourceId) throws Exception {
        StoredObject object = engine.gatewayObjectFor(name, sourceId);
        ObjectNode edited = object.data().deepCopy().put("name", "edited in gateway");
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(engine.apiUrl("/api/" + name + "/" + object.id())))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(edited.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
    }

    private List<WebElement> rows() {
        return browser.driver.findElements(By.cssSelector("table.overview tr.source-row"));
    }

    private WebElement row(String name) {
        return browser.find("table.overview tr.source-row[data-source='" + name + "']");
    }

    /** The text of an element of a source's row, read in one script (the page re-draws itself as it polls). */
    private String rowText(String name, String css) {
        return (String) browser.script("const e = document.querySelector(arguments[0]); return e ? e.innerText : null",
                ("table.overview tr.source-row[data-source='" + name + "'] " + css).trim());
    }

    /** The text of an element of the detail view, read in one script. */
    private String detailText(String css) {
        return (String) browser.script("const e = document.querySelector(arguments[0]); return e ? e.innerText : null",
                ("article.detail-view " + css).trim());
    }

    private String rowAttr(String name, String css, String attribute) {
        return (String) browser.script("const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null",
                ("table.overview tr.source-row[data-source='" + name + "'] " + css).trim(), attribute);
    }

    /** Clicks the element, found anew if the page re-drew it in between. */
    private void click(String css) throws IOException {
        browser.await(() -> {
            browser.find(css).click();
            return true;
        }, "click " + css);
    }

    private WebElement tile(String filter) {
        return browser.find(".tiles button.tile[data-filter='" + filter + "']");
    }

    private WebElement detail() {
        return browser.find("article.detail-view");
    }

    /** The overview's rows in their order: name, health and where each ends on the screen, read at once. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> overviewRows() {
        return (List<Map<String, Object>>) browser.script("""
                return [...document.querySelectorAll('table.overview tr.source-row')].map(r => ({
                  name: r.dataset.source, health: r.dataset.health, bottom: Math.ceil(r.getBoundingClientRect().bottom)}));""");
    }

    /** No notice lies over any button: notices take their own place in the page. */
    private void assertNoticeCoversNoButton() {
        Object overlaps = browser.script("""
                const notices = [...document.querySelectorAll('#flash .notice')].map(n => n.getBoundingClientRect());
                return [...document.querySelectorAll('button')].filter(b => {
                  const r = b.getBoundingClientRect();
                  if (!r.width || b.closest('#flash')) return false;
                  return notices.some(n => r.left < n.right && r.right > n.left && r.top < n.bottom && r.bottom > n.top);
                }).map(b => b.textContent);""");
        assertEquals(List.of(), overlaps, "buttons under a notice");
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(engine.apiUrl(path))).header("Authorization", "Bearer " + ADMIN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(engine.apiUrl(path)))
                .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return TestJson.parse(r.body());
    }
}
