package io.gatewaysync.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.gateway.StoredObject;
import io.gatewaysync.run.SourceCatalog;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineTest;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web console in a real browser (headless Debian chromium through chromedriver, {@link HeadlessBrowser})
 * against a real engine with sources on loopback: sign in with a key, see the sources and their last
 * runs, open a source's detail, press "Sync now" and see the new run, retry a failing record and see it
 * leave the list; a wrong key and a read key get what they should. Screenshots go to
 * {@code target/console-screenshots/}. The fleet view (fifty sources) is {@link ConsoleFleetBrowserTest}.
 */
class ConsoleBrowserTest extends EngineTest {

    static final String READ = "read-key-3b7e9d21c0";
    static final String ADMIN = "admin-key-8a41f6c2d9";

    HeadlessBrowser session;
    ChromeDriver browser;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startEngineAndBrowser() throws IOException {
        HeadlessBrowser.assumeAvailable();
        source = TestSource.start();
        source.style("pets", TestSource.Style.NEXT_LINK).pageSize("pets", 5);
        source.generate("pets", 24);
        source.style("orders", TestSource.Style.PAGE).pageSize("orders", 10);
        source.generate("orders", 40);
        engine = new EngineHarness(dir)
                .route("pets", source.url("/pets"), "direction", "two-way", "pagination", "next-link",
                        "retries", "0", "maxTries", "2", "blockMinutes", "30", "schedule", "0 0/15 * * * ?")
                .route("orders", source.url("/orders"), "pagination", "page", "pageSize", "10", "schedule", "0 0 2 * * ?")
                .property("gateway.api-keys", "read:" + READ + ",admin:" + ADMIN)
                .property("gateway.host", "127.0.0.1")
                .start();
        engine.sync("pets");
        engine.sync("orders");
        source.generate("orders", 45);
        engine.sync("orders");
        session = new HeadlessBrowser(1440, 1300);
        browser = session.driver;
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void anAdminSeesTheSourcesSyncsOneNowAndRetriesAFailingRecord() throws Exception {
        // Object 3 fails: edited in the gateway, and the source refuses its write-back.
        StoredObject three = engine.gatewayObjectFor("pets", "3");
        ObjectNode edited = three.data().deepCopy().put("name", "edited in gateway");
        assertEquals(200, put("/api/pets/" + three.id(), edited));
        source.failWrites(500);
        engine.sync("pets");
        assertEquals(1, engine.record("pets", "3").tryCounter());

        browser.get(engine.apiUrl("/console"));
        assertTrue(browser.getCurrentUrl().endsWith("/console/"), browser.getCurrentUrl());
        session.signIn(ADMIN);
        assertEquals("admin key", browser.findElement(By.id("role")).getText().toLowerCase());
        // The overview: pets (an object failed) above orders (healthy), though it sorts after it by name... and before.
        await(() -> "okfail".equals(row("pets").getAttribute("data-health")), "pets: an object failed");
        await(() -> "OK with 1 failed object".equals(row("pets").findElement(By.cssSelector(".outcome")).getText()), "the outcome in words");
        await(() -> row("orders").getText().contains("daily at 02:00"), "the schedule in words");
        shot("admin-overview");

        open("orders");
        await(() -> text(detail()).contains(source.url("/orders")), "the URL of orders");
        await(() -> text(detail()).contains("daily at 02:00 (0 0 2 * * ?)"), "the schedule in words and as cron");
        await(() -> detail().findElements(By.cssSelector("svg.chart g.run-bar")).size() == 2, "the chart: one column a run");
        open("pets");
        await(() -> detail().findElements(By.cssSelector("tr.record[data-source-id='3']")).size() == 1, "record 3 listed as failing");
        await(() -> text(detail()).contains("two-way"), "pets is two-way");
        long lastRun = lastRun("pets");
        await(() -> ("#" + lastRun).equals(detail().findElement(By.cssSelector(".last-run-number")).getText()), "its last run number");
        await(() -> detail().findElements(By.cssSelector("tr.run")).size() == 2, "both runs of pets in its history");
        await(() -> text(detail()).contains("500"), "the record's error");
        shot("admin-detail-pets");

        // Sync now: the button starts a run; its number shows as the last run once it is done.
        open("orders");
        source.delayPage("orders", 3, Duration.ofSeconds(6));
        long ordersBefore = lastRun("orders");
        click("article.detail-view button.sync-now");
        await(() -> "running".equals(detail().getAttribute("data-state")), "orders shown running");
        // Pages 1 and 2 are in before page 3 waits: the live progress counts them, of the total the source reports.
        await(() -> detail().findElements(By.cssSelector(".progress-line")).stream()
                .anyMatch(p -> p.getText().contains("20 of 85 objects (23%)")), "live progress shown");
        shot("admin-running");
        await(() -> "idle".equals(detail().getAttribute("data-state"))
                && ("#" + (ordersBefore + 1)).equals(detail().findElement(By.cssSelector(".last-run-number")).getText()),
                "the new run of orders shown as the last run");
        assertEquals(ordersBefore + 1, lastRun("orders"));
        // ... and at the top of the run history, started by the API, and in the chart.
        String newRun = "tr.run[data-run='" + (ordersBefore + 1) + "']";
        await(() -> !detail().findElements(By.cssSelector(newRun)).isEmpty(), "the new run in the history table");
        await(() -> String.valueOf(ordersBefore + 1).equals(detail().findElement(By.cssSelector("table.runs-table tbody tr"))
                .getAttribute("data-run")), "newest first");
        String newest = (String) session.script("return document.querySelector('table.runs-table tbody tr').innerText");
        assertTrue(newest.contains("api") && newest.contains("OK"), newest);
        assertEquals(1, detail().findElements(By.cssSelector("svg.chart g.run-bar[data-run='" + (ordersBefore + 1) + "']")).size());

        // Retry: the source takes writes again; the record leaves the list and the object is written back.
        open("pets");
        source.clearFaults();
        await(() -> detail().findElements(By.cssSelector("tr.record[data-source-id='3'] button.retry")).size() == 1, "retry button");
        click("article.detail-view tr.record[data-source-id='3'] button.retry");
        await(() -> detail().findElements(By.cssSelector("tr.record[data-source-id='3']")).isEmpty(), "record 3 gone from the list");
        await(() -> text(detail()).contains("every record synced"), "no failing records left");
        assertEquals("edited in gateway", source.get("pets", "3").path("name").asText());
        assertEquals(0, engine.record("pets", "3").tryCounter());
        assertTrue(browser.findElement(By.id("flash")).getText().contains("done"), browser.findElement(By.id("flash")).getText());
        // The retry is a one-object sync, listed apart from the runs.
        await(() -> detail().findElements(By.cssSelector("tr.object-sync")).size() == 1, "the retry as a one-object sync");
        assertEquals(2, detail().findElements(By.cssSelector("tr.run")).size(), "the runs are still the two runs");
        shot("admin-after-retry");

        // Sign out forgets the key.
        browser.findElement(By.id("signout")).click();
        await(() -> browser.findElement(By.id("signin")).isDisplayed(), "sign-in shown after sign-out");
        assertNull(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('gateway-sync.apiKey')"));
    }

    @Test
    void aWrongKeyShowsAnErrorAndAReadKeySeesNoRecordsAndCannotSync() throws Exception {
        // A longer history for orders: 32 more runs, each changing a few objects; the chart shows the last 30.
        for (int run = 0; run < 32; run++) {
            for (int i = 1; i <= run % 6; i++) {
                ObjectNode order = source.get("orders", String.valueOf(i + run));
                source.put("orders", order.put("name", "changed in run " + run));
            }
            engine.sync("orders");
        }
        browser.get(engine.apiUrl("/console/"));
        session.signInForm().sendKeys("not-a-key-of-this-engine");
        browser.findElement(By.id("signin-button")).click();
        WebElement error = new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-error")));
        assertTrue(error.getText().contains("401") && error.getText().contains("did not accept"), error.getText());
        assertFalse(browser.findElement(By.id("app")).isDisplayed());
        assertFalse(browser.getCurrentUrl().contains("not-a-key"), "the key never goes into the URL");
        shot("wrong-key");

        session.signIn(READ);
        assertEquals("read-only key", browser.findElement(By.id("role")).getText().toLowerCase());
        assertNotNull(row("pets").findElement(By.cssSelector("button.sync-now")).getAttribute("disabled"), "a read key cannot sync");
        assertNotNull(row("pets").findElement(By.cssSelector("button.pause")).getAttribute("disabled"), "a read key cannot pause");
        await(() -> text(row("pets")).contains("#" + lastRun("pets")), "the last run number of pets");
        // The key is kept for this tab (sessionStorage), not in localStorage or the URL.
        JavascriptExecutor js = browser;
        assertEquals(READ, js.executeScript("return sessionStorage.getItem('gateway-sync.apiKey')"));
        assertEquals(0L, js.executeScript("return localStorage.length"));
        // Failing records: a read key is told it needs an admin key.
        StoredObject three = engine.gatewayObjectFor("pets", "3");
        assertEquals(200, put("/api/pets/" + three.id(), three.data().deepCopy().put("name", "x")));
        source.failWrites(500);
        engine.sync("pets");
        open("pets");
        await(() -> text(detail()).contains("needs an admin key"), "a read key told it needs an admin key");
        open("orders");
        await(() -> detail().findElements(By.cssSelector("svg.chart g.run-bar")).size() == 30, "the last 30 runs");
        assertEquals(10, detail().findElements(By.cssSelector("tr.run")).size(), "the latest runs in the table");
        click("article.detail-view button.show-all");
        await(() -> detail().findElements(By.cssSelector("tr.run")).size() == 34, "all 34 loaded runs in the table");
        assertEquals(String.valueOf(lastRun("orders")), detail().findElements(By.cssSelector("svg.chart g.run-bar"))
                .get(29).getAttribute("data-run"), "the newest run at the right");
        shot("read-key");
    }

    @Test
    void anEngineWithoutKeysOpensTheConsoleWithoutSigningIn() throws Exception {
        engine.close();
        engine = new EngineHarness(dir.resolve("open")).route("pets", source.url("/pets"), "pagination", "next-link").start();
        engine.sync("pets");
        browser.get(engine.apiUrl("/console/"));
        row("pets");
        assertFalse(browser.findElement(By.id("signin")).isDisplayed(), "no sign-in without keys");
        assertEquals("no api keys on this engine", browser.findElement(By.id("role")).getText().toLowerCase());
        assertFalse(browser.findElement(By.id("signout")).isDisplayed());
        assertNull(row("pets").findElement(By.cssSelector("button.sync-now")).getAttribute("disabled"), "full access on loopback");
        open("pets");
        await(() -> detail().findElements(By.cssSelector("tr.run")).size() == 1, "its run in the history");
        shot("no-keys");
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** A PUT through the gateway API with the admin key: an edit of the data layer's user. */
    private int put(String path, ObjectNode body) throws Exception {
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(engine.apiUrl(path)))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A source's detail, by its own URL (as a bookmark would open it). */
    private void open(String name) throws IOException {
        browser.get(engine.apiUrl("/console/#/sources/" + name));
        await(() -> !browser.findElements(By.cssSelector("article.detail-view[data-source='" + name + "'][data-loaded]")).isEmpty(),
                "the detail of " + name);
    }

    private WebElement row(String name) {
        return session.find("table.overview tr.source-row[data-source='" + name + "']");
    }

    private WebElement detail() {
        return session.find("article.detail-view");
    }

    private long lastRun(String name) {
        return engine.bean("sourceCatalog", SourceCatalog.class).get(name).lastResult().number();
    }

    /** Clicks the element, found anew if the page re-drew it in between. */
    private void click(String css) throws IOException {
        await(() -> {
            session.find(css).click();
            return true;
        }, "click " + css);
    }

    private void await(java.util.function.BooleanSupplier condition, String what) throws IOException {
        session.await(condition, what);
    }

    private static String text(WebElement element) {
        return element.getText();
    }

    private void shot(String name) throws IOException {
        session.shot(name);
    }
}
