package io.gatewaysync.web;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Headless Debian chromium through chromedriver for the console's browser tests: started with a profile
 * of its own, screenshots under {@code target/console-screenshots/}, waits that retry on a page that
 * re-draws itself as it polls. {@code -Dconsole.browser=off} turns the tests off on a machine that
 * cannot have chromium ({@code src/test/browser/ensure-chromium.sh} installs it where it can).
 */
final class HeadlessBrowser implements AutoCloseable {

    static final Path SHOTS = Paths.get("target", "console-screenshots");
    static final String CHROMIUM = System.getProperty("chromium.binary", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("chromedriver.binary", "/usr/bin/chromedriver");

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;

    /** Skips the test under {@code -Dconsole.browser=off}; fails it, saying what to install, without chromium. */
    static void assumeAvailable() {
        if ("off".equals(System.getProperty("console.browser"))) {
            org.junit.jupiter.api.Assumptions.abort("-Dconsole.browser=off");
        }
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            fail("the browser test needs chromium and chromedriver (" + CHROMIUM + ", " + CHROMEDRIVER + "): run "
                    + "src/test/browser/ensure-chromium.sh as root, or apt-get install chromium chromium-driver "
                    + "(or -Dconsole.browser=off on a machine that cannot have them)");
        }
    }

    HeadlessBrowser(int width, int height) throws IOException {
        Files.createDirectories(SHOTS);
        profile = Files.createTempDirectory("console-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                "--lang=en-GB");
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Signs in with {@code key} on the sign-in form and waits for the overview's rows. */
    void signIn(String key) {
        WebElement input = signInForm();
        input.clear();
        input.sendKeys(key);
        driver.findElement(By.id("signin-button")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr.source-row, article.source")));
        assertFalse(driver.getCurrentUrl().contains(key), "the key never goes into the URL");
    }

    WebElement signInForm() {
        return new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("key")));
    }

    /** The element, once present (the page draws itself after its API calls). */
    WebElement find(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    /** The page is re-drawn as it polls: a condition is tried again on elements found anew; a failure leaves a screenshot. */
    void await(BooleanSupplier condition, String what) throws IOException {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(30)).withMessage(what)
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .ignoring(org.openqa.selenium.NoSuchElementException.class)
                    .until(d -> condition.getAsBoolean());
        } catch (org.openqa.selenium.TimeoutException e) {
            shot("failed-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
            throw e;
        }
    }

    Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    void shot(String name) throws IOException {
        Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            service.stop();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
