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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The web console in a real browser (headless Debian chromium through chromedriver) against a real
 * engine with sources on loopback: sign in with a key, see the sources and their last runs, press
 * "Sync now" and see the new run, retry a failing record and see it leave the list; a wrong key and
 * a read key get what they should. Screenshots go to {@code target/console-screenshots/}.
 *
 * <p>chromium and chromedriver come from Debian ({@code src/test/browser/ensure-chromium.sh}, run by
 * Maven before the tests); when they are missing the test fails and says so. {@code -Dconsole.browser=off}
 * turns it off on a machine that cannot have them.
 */
class ConsoleBrowserTest extends EngineTest {

    static final String READ = "read-key-3b7e9d21c0";
    static final String ADMIN = "admin-key-8a41f6c2d9";
    static final Path SHOTS = Paths.get("target", "console-screenshots");
    static final String CHROMIUM = System.getProperty("chromium.binary", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("chromedriver.binary", "/usr/bin/chromedriver");

    ChromeDriver browser;
    ChromeDriverService service;
    Path profile;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startEngineAndBrowser() throws IOException {
        if ("off".equals(System.getProperty("console.browser"))) {
            org.junit.jupiter.api.Assumptions.abort("-Dconsole.browser=off");
        }
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            fail("the browser test needs chromium and chromedriver (" + CHROMIUM + ", " + CHROMEDRIVER + "): run "
                    + "src/test/browser/ensure-chromium.sh as root, or apt-get install chromium chromium-driver "
                    + "(or -Dconsole.browser=off on a machine that cannot have them)");
        }
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

        Files.createDirectories(SHOTS);
        profile = Files.createTempDirectory("console-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1440,1300", "--lang=en-GB");
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1440, 1300));
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
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
        signIn(ADMIN);
        await(() -> pets().findElements(By.cssSelector("tr.record[data-source-id='3']")).size() == 1, "record 3 listed as failing");
        assertEquals("admin key", browser.findElement(By.id("role")).getText().toLowerCase());
        assertTrue(text(card("orders")).contains(source.url("/orders")), text(card("orders")));
        assertTrue(text(pets()).contains("two-way"), text(pets()));
        long lastRun = lastRun("pets");
        assertEquals("#" + lastRun, pets().findElement(By.cssSelector(".last-run-number")).getText());
        await(() -> pets().findElements(By.cssSelector("tr.run")).size() == 2, "both runs of pets in its history");
        assertEquals(2, card("orders").findElements(By.cssSelector("svg.chart g.run-bar")).size(), "the chart: one column a run");
        assertTrue(text(pets()).contains("HTTP 500") || text(pets()).contains("500"), text(pets()));
        shot("admin-overview");

        // Sync now: the button starts a run; its number shows as the last run once it is done.
        source.delayPage("orders", 3, Duration.ofSeconds(6));
        long ordersBefore = lastRun("orders");
        card("orders").findElement(By.cssSelector("button.sync-now")).click();
        await(() -> "running".equals(card("orders").getAttribute("data-state")), "orders shown running");
        // Pages 1 and 2 are in before page 3 waits: the live progress counts them, of the total the source reports.
        await(() -> card("orders").findElements(By.cssSelector(".progress-line")).stream()
                .anyMatch(p -> p.getText().contains("20 of 85 objects (23%)")), "live progress shown");
        shot("admin-running");
        await(() -> "idle".equals(card("orders").getAttribute("data-state"))
                && ("#" + (ordersBefore + 1)).equals(card("orders").findElement(By.cssSelector(".last-run-number")).getText()),
                "the new run of orders shown as the last run");
        assertEquals(ordersBefore + 1, lastRun("orders"));
        // ... and at the top of the run history, started by the API, and in the chart.
        String newRun = "tr.run[data-run='" + (ordersBefore + 1) + "']";
        await(() -> !card("orders").findElements(By.cssSelector(newRun)).isEmpty(), "the new run in the history table");
        WebElement row = card("orders").findElement(By.cssSelector("table.grid tbody tr"));
        assertEquals(String.valueOf(ordersBefore + 1), row.getAttribute("data-run"), "newest first");
        assertTrue(row.getText().contains("api") && row.getText().contains("OK"), row.getText());
        assertEquals(1, card("orders").findElements(By.cssSelector("svg.chart g.run-bar[data-run='" + (ordersBefore + 1) + "']")).size());

        // Retry: the source takes writes again; the record leaves the list and the object is written back.
        source.clearFaults();
        pets().findElement(By.cssSelector("tr.record[data-source-id='3'] button.retry")).click();
        await(() -> pets().findElements(By.cssSelector("tr.record[data-source-id='3']")).isEmpty(), "record 3 gone from the list");
        await(() -> text(pets()).contains("every record synced"), "no failing records left");
        assertEquals("edited in gateway", source.get("pets", "3").path("name").asText());
        assertEquals(0, engine.record("pets", "3").tryCounter());
        assertTrue(browser.findElement(By.id("flash")).getText().contains("done"), browser.findElement(By.id("flash")).getText());
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
        signInForm().sendKeys("not-a-key-of-this-engine");
        browser.findElement(By.id("signin-button")).click();
        WebElement error = new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-error")));
        assertTrue(error.getText().contains("401") && error.getText().contains("did not accept"), error.getText());
        assertFalse(browser.findElement(By.id("app")).isDisplayed());
        assertFalse(browser.getCurrentUrl().contains("not-a-key"), "the key never goes into the URL");
        shot("wrong-key");

        signIn(READ);
        assertEquals("read-only key", browser.findElement(By.id("role")).getText().toLowerCase());
        assertNotNull(pets().findElement(By.cssSelector("button.sync-now")).getAttribute("disabled"), "a read key cannot sync");
        assertTrue(text(pets()).contains("#" + lastRun("pets")), text(pets()));
        // The key is kept for this tab (sessionStorage), not in localStorage or the URL.
        JavascriptExecutor js = browser;
        assertEquals(READ, js.executeScript("return sessionStorage.getItem('gateway-sync.apiKey')"));
        assertEquals(0L, js.executeScript("return localStorage.length"));
        // Failing records: a read key is told it needs an admin key.
        StoredObject three = engine.gatewayObjectFor("pets", "3");
        assertEquals(200, put("/api/pets/" + three.id(), three.data().deepCopy().put("name", "x")));
        source.failWrites(500);
        engine.sync("pets");
        browser.findElement(By.id("refresh")).click();
        await(() -> text(pets()).contains("needs an admin key"), "a read key told it needs an admin key");
        assertEquals(30, card("orders").findElements(By.cssSelector("svg.chart g.run-bar")).size(), "the last 30 runs");
        assertEquals(8, card("orders").findElements(By.cssSelector("tr.run")).size(), "the latest runs in the table");
        card("orders").findElement(By.cssSelector("button.show-all")).click();
        await(() -> card("orders").findElements(By.cssSelector("tr.run")).size() == 30, "all 30 loaded runs in the table");
        assertEquals(String.valueOf(lastRun("orders")), card("orders").findElements(By.cssSelector("svg.chart g.run-bar"))
                .get(29).getAttribute("data-run"), "the newest run at the right");
        shot("read-key");
    }

    @Test
    void anEngineWithoutKeysOpensTheConsoleWithoutSigningIn() throws Exception {
        engine.close();
        engine = new EngineHarness(dir.resolve("open")).route("pets", source.url("/pets"), "pagination", "next-link").start();
        engine.sync("pets");
        browser.get(engine.apiUrl("/console/"));
        card("pets");
        assertFalse(browser.findElement(By.id("signin")).isDisplayed(), "no sign-in without keys");
        assertEquals("no api keys on this engine", browser.findElement(By.id("role")).getText().toLowerCase());
        assertFalse(browser.findElement(By.id("signout")).isDisplayed());
        assertNull(pets().findElement(By.cssSelector("button.sync-now")).getAttribute("disabled"), "full access on loopback");
        await(() -> pets().findElements(By.cssSelector("tr.run")).size() == 1, "its run in the history");
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

    private WebElement signInForm() {
        return new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("key")));
    }

    private void signIn(String key) {
        WebElement input = signInForm();
        input.clear();
        input.sendKeys(key);
        browser.findElement(By.id("signin-button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("article.source[data-source='pets']")));
        assertFalse(browser.getCurrentUrl().contains(key), "the key never goes into the URL");
    }

    private WebElement card(String name) {
        return new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("article.source[data-source='" + name + "']")));
    }

    private WebElement pets() {
        return card("pets");
    }

    private long lastRun(String name) {
        return engine.bean("sourceCatalog", SourceCatalog.class).get(name).lastResult().number();
    }

    /** The page is re-drawn as it polls: a condition is tried again on elements found anew. */
    private void await(java.util.function.BooleanSupplier condition, String what) throws IOException {
        try {
            awaitOrFail(condition, what);
        } catch (org.openqa.selenium.TimeoutException e) {
            shot("failed-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
            throw e;
        }
    }

    private void awaitOrFail(java.util.function.BooleanSupplier condition, String what) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage(what)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(d -> condition.getAsBoolean());
    }

    private static String text(WebElement element) {
        return element.getText();
    }

    private void shot(String name) throws IOException {
        Files.write(SHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}
