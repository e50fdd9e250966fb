package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

/** The console's frame in a real browser: sign-in, overview, tenant switcher, language, the served files. */
class ConsoleShellIT {

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();
    private static ConsoleBrowser browser;
    @RegisterExtension final ConsoleFailureShots shots = new ConsoleFailureShots(() -> browser);

    @BeforeAll
    static void openBrowser() {
        browser = new ConsoleBrowser(PLATFORM.process().gatewayUri());
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @DisplayName("the gateway serves the console and its libraries from the jar, under a strict content policy")
    void consoleFilesAreServed() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI gateway = PLATFORM.process().gatewayUri();
        HttpResponse<String> index = http.send(HttpRequest.newBuilder(gateway.resolve("/console/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("importmap", "js/main.js");
        assertThat(index.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'self'");
        HttpResponse<String> vue = http.send(HttpRequest.newBuilder(gateway.resolve("/console/vendor/vue.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(vue.statusCode()).isEqualTo(200);
        assertThat(vue.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(vue.body()).contains("createApp");
        HttpResponse<String> root = http.send(HttpRequest.newBuilder(gateway.resolve("/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location").orElseThrow()).isEqualTo("/console/");
    }

    @Test
    @DisplayName("a wrong password is a readable message; signing in by keyboard opens the overview")
    void signInWithTheKeyboard() throws Exception {
        browser.reset();
        browser.visible(By.id("login-email")).sendKeys(PlatformProcess.ADMIN_EMAIL, Keys.TAB, "not-the-password", Keys.ENTER);
        browser.waitForText("problem", "wrong");
        browser.screenshot("login-failed");
        assertThat(browser.unlabelledControls()).isEmpty();

        browser.visible(By.id("login-password")).clear();
        browser.visible(By.id("login-password")).sendKeys(PLATFORM.process().adminPassword(), Keys.ENTER);
        browser.test("tile-online");
        browser.waitFor(driver -> browser.test("live").getText().contains("Live"));
        assertThat(browser.test("who").getText()).isNotBlank();
        browser.screenshot("overview");
        assertThat(browser.unlabelledControls()).isEmpty();
    }

    @Test
    @DisplayName("a signed-in reload shows the overview's numbers quickly; every file comes from this origin")
    void overviewLoad() throws Exception {
        browser.signIn(PlatformProcess.ADMIN_EMAIL, PLATFORM.process().adminPassword());
        browser.driver().navigate().refresh();
        browser.waitFor(driver -> browser.test("tile-online").getText().matches("(?s)\\d+.*"));
        long shownAt = ((Number) browser.script("return Math.round(performance.now());")).longValue();
        @SuppressWarnings("unchecked")
        java.util.List<String> origins = (java.util.List<String>) browser.script(
                "return performance.getEntriesByType('resource').map(r => new URL(r.name).origin);");
        long kib = ((Number) browser.script("return Math.round(performance.getEntriesByType('resource')"
                + ".concat(performance.getEntriesByType('navigation')).reduce((s, r) => s + r.transferSize, 0) / 1024);"))
                .longValue();
        assertThat(origins).isNotEmpty().allMatch(origin -> origin.equals(PLATFORM.process().gatewayUri().toString()));
        System.out.printf("console overview: numbers shown %d ms after the reload started, %d KiB transferred"
                + " (Vue and uPlot from the browser cache)%n", shownAt, kib);
    }

    @Test
    @DisplayName("the language switch turns the whole frame to Chinese and back, and is remembered")
    void languageSwitch() throws Exception {
        browser.signIn(PlatformProcess.ADMIN_EMAIL, PLATFORM.process().adminPassword());
        new Select(browser.test("language")).selectByValue("zh-CN");
        browser.waitFor(driver -> driver.findElement(By.cssSelector("nav.side")).getText().contains("边缘容器服务"));
        assertThat(browser.driver().findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("zh-CN");
        browser.screenshot("overview-zh");
        browser.driver().navigate().refresh();
        browser.waitFor(driver -> driver.findElement(By.cssSelector("nav.side")).getText().contains("概览"));
        new Select(browser.test("language")).selectByValue("en");
        browser.waitFor(driver -> driver.findElement(By.cssSelector("nav.side")).getText().contains("Overview"));
    }

    @Test
    @DisplayName("pages the browser keeps in its back/forward cache hold no connection: the next load never queues")
    void pagesLeftBehindHoldNoConnection() throws Exception {
        browser.signIn(PlatformProcess.ADMIN_EMAIL, PLATFORM.process().adminPassword());
        URI gateway = PLATFORM.process().gatewayUri();
        // each visit is a new document with the live event stream open; the browser keeps the ones left behind frozen
        // and has six connections to the gateway: a cached page that kept its stream would leave none for the eighth
        for (int visit = 1; visit <= 8; visit++) {
            browser.driver().get(gateway.resolve("/console/?visit=" + visit + "#/overview").toString());
            browser.waitFor(driver -> browser.test("live").getDomAttribute("class").contains("on"));
            Number queuedMillis = (Number) browser.script("""
                    const n = performance.getEntriesByType('navigation')[0];
                    return n.domainLookupStart - n.fetchStart;""");
            assertThat(queuedMillis.doubleValue()).as("visit %d waited for a connection (ms)", visit).isLessThan(5000);
        }
    }

    @Test
    @DisplayName("the tenant switcher lists the caller's tenants and the overview follows the chosen one")
    void tenantSwitcher() throws Exception {
        TenantWorld world = new TenantWorld(PLATFORM.process(), PLATFORM.api());
        world.tenant("plant-b");
        world.member("plant-b", "operator", "switcher");
        TenantWorld.expect(PLATFORM.api().call("PUT", "/api/v1/tenants/default/members/"
                + userId("switcher@plant-b.example.com"), "{\"role\":\"viewer\"}"), 200, "second membership");
        world.endpoint(PLATFORM.api(), "plant-b", "press-7");

        browser.signIn("switcher@plant-b.example.com", TenantWorld.PASSWORD);
        Select tenants = new Select(browser.test("tenant-switcher"));
        assertThat(tenants.getOptions()).extracting(option -> option.getText()).containsExactly("default", "plant-b");
        tenants.selectByValue("plant-b");
        browser.waitFor(driver -> browser.test("tile-pending").getText().startsWith("1"));
        tenants = new Select(browser.test("tenant-switcher"));
        tenants.selectByValue("default");
        browser.waitFor(driver -> browser.test("tile-pending").getText().startsWith("0"));
    }

    private static String userId(String email) throws Exception {
        for (var user : PLATFORM.api().call("GET", "/api/v1/users", null).body().path("items")) {
            if (user.path("email").asText().equals(email)) {
                return user.path("id").asText();
            }
        }
        throw new IllegalStateException("no user " + email);
    }
}
