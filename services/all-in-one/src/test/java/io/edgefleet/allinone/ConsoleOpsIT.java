package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

/**
 * The operations screens in a real browser against the real platform: alert rules, silences, a real agent's
 * endpoint-offline alert firing and resolving live, and log search and live tail of lines shipped over MQTT.
 */
class ConsoleOpsIT {

    /** Alerts are evaluated every second here, so the offline alert fires within seconds of the agent's death. */
    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform(Map.of("EDGEFLEET_ALERT_EVALUATION_MILLIS", "1000"));
    private static final Duration ALERT_WAIT = Duration.ofSeconds(40);

    private static ConsoleBrowser browser;
    private static TenantWorld world;
    private static ApiClient admin;

    @BeforeAll
    static void world() throws Exception {
        world = new TenantWorld(PLATFORM.process(), PLATFORM.api());
        world.tenant("ops");
        admin = world.member("ops", "tenant-admin", "ada");
        browser = new ConsoleBrowser(PLATFORM.process().gatewayUri());
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @DisplayName("a tenant admin creates a rule (by keyboard) and a silence, and a killed agent's offline alert fires and resolves live")
    void rulesSilencesAndALiveAlert() throws Exception {
        browser.signIn("ada@ops.example.com", TenantWorld.PASSWORD);
        browser.open("/alerts?tab=rules");
        browser.waitFor(driver -> !browser.all("rule-row").isEmpty());

        tuneTheOfflineRule();

        browser.test("rule-create").click();
        browser.visible(By.id("rule-name")).sendKeys("HotCpu");
        new Select(browser.visible(By.id("rule-metric"))).selectByValue("node_cpu_percent");
        browser.visible(By.id("rule-summary")).sendKeys("CPU above 95 %");
        assertThat(browser.unlabelledControls()).isEmpty();
        browser.screenshot("alert-rule-form");
        browser.visible(By.id("rule-threshold")).sendKeys("95", Keys.ENTER);
        browser.waitFor(driver -> !driver.findElements(By.cssSelector("[data-test=rule-row][data-name=HotCpu]")).isEmpty());
        assertThat(browser.visible(By.cssSelector("[data-test=rule-row][data-name=HotCpu]")).getText())
                .contains("node_cpu_percent > 95");
        JsonNode rules = admin.call("GET", "/api/v1/tenants/ops/alert-rules", null).body().path("items");
        assertThat(rules.findValuesAsText("name")).contains("HotCpu");

        browser.test("tab-silences").click();
        browser.test("silence-create").click();
        browser.test("matcher-value").sendKeys("HotCpu");
        browser.test("silence-comment").sendKeys("line 3 maintenance");
        assertThat(browser.unlabelledControls()).isEmpty();
        browser.test("silence-save").click();
        browser.waitForText("silences", "line 3 maintenance");
        assertThat(browser.test("silences").getText()).contains("alertname=\"HotCpu\"");
        browser.screenshot("silences");
        assertThat(admin.call("GET", "/api/v1/tenants/ops/silences", null).body().path("items")).hasSize(1);

        JsonNode endpoint = world.endpoint(admin, "ops", "press-9");
        String id = endpoint.path("id").asText();
        try (AgentProcess agent = new AgentProcess(PLATFORM.process().brokerUrl(), "ops", id,
                endpoint.path("secret").asText(), PLATFORM.newDirectory("agent-" + id), 1).start()) {
            await().atMost(Duration.ofSeconds(15)).until(() ->
                    admin.call("GET", "/api/v1/tenants/ops/endpoints/" + id, null).body().path("status").asText().equals("online"));
            browser.test("tab-firing").click();
            browser.test("alerts-empty");

            agent.kill();
            By offline = By.cssSelector("[data-test=alert-row][data-rule=endpoint-offline]");
            browser.waitFor(driver -> !driver.findElements(offline).isEmpty(), ALERT_WAIT);
            assertThat(browser.visible(offline).getText()).contains("EndpointOffline").contains(id);
            assertThat(browser.unlabelledControls()).isEmpty();
            browser.screenshot("alerts");

            agent.start();
            browser.waitFor(driver -> driver.findElements(offline).isEmpty(), ALERT_WAIT);
            browser.test("tab-resolved").click();
            assertThat(browser.visible(offline).getText()).contains(id);
        }
    }

    /** Tunes the built-in endpoint-offline rule to 2 s, through the form a tenant admin uses. */
    private static void tuneTheOfflineRule() {
        By row = By.cssSelector("[data-test=rule-row][data-name=EndpointOffline]");
        browser.visible(row).findElement(ConsoleBrowser.testId("rule-edit")).click();
        browser.visible(By.id("rule-threshold")).clear();
        browser.visible(By.id("rule-threshold")).sendKeys("2");
        browser.test("rule-save").click();
        browser.waitFor(driver -> driver.findElement(row).getText().contains("> 2"));
    }

    @Test
    @DisplayName("log search finds a shipped line, and the live tail shows lines as they arrive")
    void logSearchAndLiveTail() throws Exception {
        JsonNode endpoint = world.endpoint(admin, "ops", "press-logs");
        String id = endpoint.path("id").asText();
        String topic = "edge/v1/ops/" + id + "/logs";
        Mqtt5BlockingClient agent = MqttAgentClient.connect(PLATFORM.process().mqttPort, id, id, endpoint.path("secret").asText());
        try {
            MqttAgentClient.publish(agent, topic, batch(1, "web", "GET /health 200 from console test"));
            browser.signIn("ada@ops.example.com", TenantWorld.PASSWORD);
            browser.open("/logs");
            browser.visible(By.id("log-endpoint")).sendKeys(id);
            browser.visible(By.id("log-q")).sendKeys("health");
            await().atMost(Duration.ofSeconds(15)).until(() ->
                    admin.call("GET", "/api/v1/tenants/ops/logs?endpoint=" + id, null).body().path("lines").size() == 1);
            browser.test("log-search-submit").click();
            browser.waitFor(driver -> browser.all("log-line").stream().anyMatch(line -> line.getText().contains("GET /health 200")));
            assertThat(browser.unlabelledControls()).isEmpty();
            browser.screenshot("logs");

            browser.visible(By.id("log-q")).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
            browser.test("log-tail").click();
            browser.waitForText("tail-state", "live");
            MqttAgentClient.publish(agent, topic, batch(2, "db", "checkpoint complete"));
            browser.waitFor(driver -> browser.all("log-line").stream().anyMatch(line -> line.getText().contains("checkpoint complete")));
            assertThat(browser.all("log-line")).noneMatch(line -> line.getText().contains("GET /health 200"));
            browser.screenshot("logs-tail");
            browser.test("log-tail").click();
        } finally {
            agent.disconnect();
        }
    }

    private static String batch(long seq, String container, String text) {
        return "{\"stream\":\"console-1\",\"seq\":" + seq + ",\"sentAt\":\"" + Instant.now() + "\",\"lines\":[{\"at\":\""
                + Instant.now() + "\",\"container\":\"" + container + "\",\"app\":\"" + container
                + "\",\"stream\":\"stdout\",\"text\":\"" + text + "\"}]}";
    }
}
