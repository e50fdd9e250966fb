package io.edgefleet.allinone;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium driven through chromium-driver, pointed at a running gateway's console. Elements are
 * found by their {@code data-test} names or by accessible text; {@link #screenshot} keeps a PNG of the screen in
 * {@code target/console-screenshots} (kept by the build as an artifact, never committed).
 */
public final class ConsoleBrowser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "console-screenshots").toAbsolutePath();
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final URI gateway;
    private final ChromeDriver driver;

    public ConsoleBrowser(URI gateway) {
        this.gateway = gateway;
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("SE_AVOID_STATS", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--lang=en-US", "--window-size=1440,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1440, 900));
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens a console route, e.g. {@code "/nodes"} for {@code /console/#/nodes}. */
    public ConsoleBrowser open(String route) {
        long start = System.nanoTime();
        driver.get(gateway.resolve("/console/#" + route).toString());
        awaitStarted();
        reportIfSlow("open " + route, start);
        return this;
    }

    /** Prints what the page did when a step a user would expect to be quick took longer than five seconds. */
    private void reportIfSlow(String step, long startNanos) {
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        if (millis > 5000) {
            System.out.printf("console step '%s' took %d ms; %s; browser log: %s%n", step, millis, pageState(),
                    consoleLog());
        }
    }

    /**
     * Waits until the console's modules have started. Starting a container on this machine adds a network
     * interface, and chromium then aborts the requests in flight (ERR_NETWORK_CHANGED): such a load is retried
     * once; any other failure to start fails the test.
     */
    private void awaitStarted() {
        for (int attempt = 1; ; attempt++) {
            try {
                waitFor(d -> Boolean.TRUE.equals(script(
                        "return document.documentElement.hasAttribute('data-started');")), Duration.ofSeconds(20));
                return;
            } catch (org.openqa.selenium.TimeoutException e) {
                boolean networkChanged = consoleLog().stream().anyMatch(line -> line.contains("ERR_NETWORK_CHANGED"));
                if (attempt > 1 || !networkChanged) {
                    throw e;
                }
                driver.navigate().refresh();
            }
        }
    }

    /** Forgets the session and the language choice, as a new browser tab would start (then opens the login page). */
    public ConsoleBrowser reset() {
        driver.get(gateway.resolve("/console/").toString());
        script("sessionStorage.clear(); localStorage.clear();");
        driver.get(gateway.resolve("/console/?fresh=" + System.nanoTime() + "#/login").toString());
        awaitStarted();
        return this;
    }

    /** Signs in through the login form (in a fresh session) and waits for the shell. */
    public ConsoleBrowser signIn(String email, String password) {
        long start = System.nanoTime();
        reset();
        reportIfSlow("reset before signing in " + email, start);
        WebElement emailField = visible(By.id("login-email"));
        emailField.clear();
        emailField.sendKeys(email);
        driver.findElement(By.id("login-password")).sendKeys(password);
        test("login-submit").click();
        visible(By.cssSelector("[data-test=logout]"));
        reportIfSlow("sign in " + email, start);
        return this;
    }

    public static By testId(String name) {
        return By.cssSelector("[data-test=\"" + name + "\"]");
    }

    /** The visible element with this data-test name (waits for it). */
    public WebElement test(String name) {
        return visible(testId(name));
    }

    public List<WebElement> all(String name) {
        return driver.findElements(testId(name));
    }

    public WebElement visible(By by) {
        return waitFor(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** The form control whose label reads exactly this text (how a user finds it; fails when it has no label). */
    public WebElement labelled(String label) {
        WebElement labelElement = visible(By.xpath("//label[normalize-space(.)='" + label + "']"));
        return driver.findElement(By.id(labelElement.getDomAttribute("for")));
    }

    public <T> T waitFor(Function<? super WebDriver, T> condition) {
        return waitFor(condition, WAIT);
    }

    public <T> T waitFor(Function<? super WebDriver, T> condition, Duration timeout) {
        try {
            return new WebDriverWait(driver, timeout, Duration.ofMillis(100)).until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            e.addInfo("console state", pageState());
            throw e;
        }
    }

    /** What the page showed and which API calls it had finished, for a failed wait's message. */
    private String pageState() {
        try {
            return "url " + driver.getCurrentUrl() + "; page text: " + script(
                    "return (document.body ? document.body.innerText : '').slice(0, 600);")
                    + "; finished API calls (path ms status): " + script("""
                    return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/'))
                        .slice(-15).map(e => e.name.replace(location.origin, '') + ' ' + Math.round(e.duration)
                        + ' ' + (e.responseStatus || '')).join(', ');""");
        } catch (RuntimeException e) {
            return "unavailable: " + e;
        }
    }

    /** Waits until the element named by data-test shows this text somewhere in it. */
    public void waitForText(String name, String text) {
        waitFor(ExpectedConditions.textToBePresentInElementLocated(testId(name), text));
    }

    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** The form controls (input, select, textarea) on the page that no label names. */
    @SuppressWarnings("unchecked")
    public List<String> unlabelledControls() {
        return (List<String>) script("""
                return [...document.querySelectorAll('input, select, textarea')]
                  .filter(el => el.type !== 'hidden' && el.offsetParent !== null)
                  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                                && !el.getAttribute('aria-labelledby'))
                  .map(el => el.outerHTML.slice(0, 120));""");
    }

    /** Saves a PNG of the current screen as target/console-screenshots/{name}.png. */
    public Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    /** What the page wrote to the browser console since the last call (errors, failed requests). */
    public List<String> consoleLog() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::toString).toList();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
