package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console's deploy screens in a real browser against the real all-in-one, a real agent and this machine's
 * Docker engine: the deploy form places an app on a node found by the fuzzy filter and the container really runs
 * with the form's memory limit, port, env and label; an edit rolls out to the node; bad values are refused with each
 * field's message; a viewer gets no mutating buttons; templates, config sets and registries work from their screens.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleDeployIT {

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();
    private static final String PREFIX = "cdeploy_";
    private static final String APP = "console-web";
    private static ConsoleBrowser browser;
    private static AgentProcess agent;
    private static String endpoint;
    private static String otherEndpoint;
    private static int hostPort;

    @BeforeAll
    static void agentAndBrowser() throws Exception {
        DockerEngine.ensureTestBaseImage();
        removeContainers();
        ApiClient api = PLATFORM.api();
        JsonNode created = api.createEndpoint("press-line-7", "{\"site\":\"qingdao\",\"line\":\"seven\"}");
        endpoint = created.path("id").asText();
        otherEndpoint = api.createEndpoint("paint-shop-2", "{\"site\":\"pune\"}").path("id").asText();
        agent = new AgentProcess(PLATFORM.process().brokerUrl(), "default", endpoint, created.path("secret").asText(),
                PLATFORM.newDirectory("agent-" + endpoint), 2, PREFIX).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.status(endpoint).equals("online"));
        try (ServerSocket socket = new ServerSocket(0)) {
            hostPort = socket.getLocalPort();
        }
        browser = new ConsoleBrowser(PLATFORM.process().gatewayUri());
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (agent != null) {
            agent.close();
        }
        removeContainers();
    }

    private static void removeContainers() throws Exception {
        DockerEngine.run("sh", "-c", "docker ps -aq --filter name=^/" + PREFIX + " | xargs -r docker rm -f >/dev/null 2>&1 || true");
    }

    private static String docker(String format) throws Exception {
        return DockerEngine.run("sh", "-c", "docker inspect --format '" + format + "' " + PREFIX + APP + " 2>/dev/null || echo absent");
    }

    private static String httpGet() throws Exception {
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + "/"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private static void signInAs(String email, String password) {
        browser.open("/login");
        browser.script("sessionStorage.clear();");
        browser.driver().navigate().refresh();
        browser.signIn(email, password);
    }

    private static void type(String testName, String text) {
        WebElement field = browser.test(testName);
        field.clear();
        field.sendKeys(text);
    }

    /** The last element with this data-test name (rows added by "+ Add ..." come last). */
    private static WebElement last(String testName) {
        var all = browser.all(testName);
        return all.get(all.size() - 1);
    }

    private static WebElement fieldError(String pointer) {
        return browser.visible(By.cssSelector("[data-test=field-error][data-field='" + pointer + "']"));
    }

    private static int appCount() throws Exception {
        return PLATFORM.api().call("GET", "/api/v1/tenants/default/apps", null).body().path("items").size();
    }

    @Test
    @Order(1)
    @DisplayName("the deploy form puts busybox httpd on the node found by the fuzzy filter; it runs with the form's settings, an edit rolls out to it")
    void deployFromTheForm() throws Exception {
        signInAs(PlatformProcess.ADMIN_EMAIL, PLATFORM.process().adminPassword());
        browser.open("/deploy");
        type("image", DockerEngine.TEST_BASE_IMAGE);
        type("app-name", APP);
        type("endpoint-filter", "seven press");
        browser.waitFor(driver -> browser.all("endpoint-" + otherEndpoint).isEmpty());
        browser.test("endpoint-" + endpoint).click();
        type("memory-limit", "64");
        browser.test("add-port").click();
        type("host-port", Integer.toString(hostPort));
        type("container-port", "8080");
        browser.test("env-add").click();
        last("env-key").sendKeys("SITE");
        last("env-value").sendKeys("console");
        browser.test("labels-add").click();
        last("labels-key").sendKeys("tier");
        last("labels-value").sendKeys("web");
        type("command", "sh -c \"mkdir -p /tmp/www && echo hello-$SITE > /tmp/www/index.html && exec busybox httpd -f -p 8080 -h /tmp/www\"");
        new Select(browser.test("restart-policy")).selectByValue("unless-stopped");
        browser.screenshot("deploy-form");
        assertThat(browser.unlabelledControls()).isEmpty();
        browser.test("deploy-submit").click();

        browser.waitFor(driver -> driver.getCurrentUrl().endsWith("#/apps/" + APP));
        browser.waitForText("app-revision", "1");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> docker("{{.State.Status}}").equals("running"));
        assertThat(docker("{{.HostConfig.Memory}}")).isEqualTo(Long.toString(64L * 1024 * 1024));
        assertThat(docker("{{index .Config.Labels \"tier\"}}")).isEqualTo("web");
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> assertThat(httpGet()).contains("hello-console"));

        browser.test("edit-app").click();
        browser.waitFor(driver -> browser.all("env-value").stream().anyMatch(e -> "console".equals(e.getDomProperty("value"))));
        last("env-value").clear();
        last("env-value").sendKeys("console-two");
        browser.test("deploy-submit").click();
        browser.waitForText("app-revision", "2");
        browser.waitFor(driver -> browser.test("rollout-revision").getText().equals("2"), Duration.ofSeconds(30));
        // succeeded means the agent reported revision 2 Running on the node
        browser.waitFor(driver -> driver.findElement(By.cssSelector("[data-test=rollout-endpoint][data-endpoint='" + endpoint
                + "'] [data-status]")).getDomAttribute("data-status").equals("succeeded"), Duration.ofSeconds(90));
        browser.waitFor(driver -> browser.test("rollout-state").getDomAttribute("data-status").equals("succeeded"));
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> assertThat(httpGet()).contains("hello-console-two"));
        browser.screenshot("app-detail");
        assertThat(browser.unlabelledControls()).isEmpty();
        assertThat(browser.all("rollback")).hasSize(1);

        browser.open("/apps");
        WebElement row = browser.visible(By.cssSelector("[data-test=app-row][data-app='" + APP + "']"));
        assertThat(row.getText()).contains(DockerEngine.TEST_BASE_IMAGE, endpoint, "2");
        browser.waitFor(driver -> row.findElement(By.cssSelector("[data-status]")).getDomAttribute("data-status").equals("succeeded"));
        browser.screenshot("apps-list");
        assertThat(browser.unlabelledControls()).isEmpty();
    }

    @Test
    @Order(2)
    @DisplayName("negative memory, port 70000 and an empty image are each refused with that field's message, and nothing is created")
    void badValuesAreRefusedBesideTheirFields() throws Exception {
        signInAs(PlatformProcess.ADMIN_EMAIL, PLATFORM.process().adminPassword());
        int before = appCount();
        browser.open("/deploy");
        type("app-name", "bad-values");
        browser.test("endpoint-" + endpoint).click();
        type("memory-limit", "-5");
        browser.test("add-port").click();
        type("host-port", "70000");
        type("container-port", "80");
        browser.test("deploy-submit").click();
        browser.test("problem");
        for (String[] field : new String[][] {{"/spec/image", "image"}, {"/spec/memoryLimitMiB", "memory-limit"},
                {"/spec/ports/0/hostPort", "host-port"}}) {
            WebElement message = fieldError(field[0]);
            assertThat(message.getText()).as(field[0]).isNotBlank();
            WebElement input = browser.test(field[1]);
            assertThat(input.getDomAttribute("aria-invalid")).as(field[1]).isEqualTo("true");
            assertThat(input.getDomAttribute("aria-describedby")).isEqualTo(message.getDomAttribute("id"));
        }
        assertThat(fieldError("/spec/ports/0/hostPort").getText()).contains("65535");
        assertThat(browser.all("field-error")).extracting(e -> e.getDomAttribute("data-field"))
                .doesNotContain("/spec/ports/0/containerPort", "/name");
        browser.screenshot("deploy-form-errors");
        assertThat(appCount()).isEqualTo(before);
        assertThat(PLATFORM.api().call("GET", "/api/v1/tenants/default/apps/bad-values", null).status()).isEqualTo(404);

        new Select(browser.test("language")).selectByValue("zh-CN");
        browser.waitFor(driver -> driver.findElement(By.tagName("main")).getText().contains("镜像地址"));
        assertThat(browser.driver().findElement(By.tagName("main")).getText())
                .contains("部署应用", "应用名称", "网络选择", "部署位置", "资源配置", "数据卷", "环境变量", "启动命令", "重启策略",
                        "拉取策略", "端口服务", "主机端口", "容器端口", "协议", "标签(选填)");
        assertThat(browser.test("endpoint-filter").getDomAttribute("placeholder")).isEqualTo("输入关键词模糊过滤");
        browser.screenshot("deploy-form-zh");
        new Select(browser.test("language")).selectByValue("en");
    }

    @Test
    @Order(3)
    @DisplayName("a viewer sees apps and their detail but no deploy, edit, delete, rollback or rollout buttons; /deploy says the role is missing")
    void viewerSeesNoMutatingButtons() throws Exception {
        new TenantWorld(PLATFORM.process(), PLATFORM.api()).member("default", "viewer", "watcher");
        signInAs("watcher@default.example.com", TenantWorld.PASSWORD);
        browser.open("/apps");
        browser.visible(By.cssSelector("[data-test=app-row][data-app='" + APP + "']"));
        assertThat(browser.all("deploy-app")).isEmpty();
        assertThat(browser.driver().findElement(By.cssSelector("nav.side")).getText()).doesNotContain("Deploy app");
        browser.open("/apps/" + APP);
        browser.test("app-facts");
        browser.test("rollout-panel");
        browser.test("revisions");
        for (String button : new String[] {"edit-app", "delete-app", "rollback", "rollout-pause", "rollout-resume",
                "rollout-abort", "rollout-promote"}) {
            assertThat(browser.all(button)).as(button).isEmpty();
        }
        browser.open("/deploy");
        assertThat(browser.test("role-required").getText()).contains("operator");
        assertThat(browser.all("deploy-form")).isEmpty();
        browser.open("/templates");
        browser.test("templates-table");
        assertThat(browser.all("new-template")).isEmpty();
        assertThat(browser.all("instantiate")).isEmpty();
    }

    @Test
    @Order(4)
    @DisplayName("a template instantiated from the catalogue creates an app; a config set made in the editor is listed with its versions; registries never show a password")
    void templatesConfigSetsAndRegistries() throws Exception {
        TenantWorld.expect(PLATFORM.api().call("POST", "/api/v1/tenants/default/templates", """
                {"name": "web-tpl", "description": "busybox web server",
                 "params": [{"name": "memory", "type": "integer", "required": false, "default": 32}],
                 "app": {"image": "%s", "memoryLimitMiB": "${memory}",
                         "command": ["sh", "-c", "exec busybox httpd -f -p 8080"]}}""".formatted(DockerEngine.TEST_BASE_IMAGE)),
                201, "create template");
        signInAs(PlatformProcess.ADMIN_EMAIL, PLATFORM.process().adminPassword());
        browser.open("/templates");
        WebElement row = browser.visible(By.cssSelector("[data-test=template-row][data-template=web-tpl]"));
        browser.screenshot("templates");
        row.findElement(ConsoleBrowser.testId("instantiate")).click();
        type("instance-app", "from-template");
        type("param-memory", "48");
        browser.test("endpoint-" + endpoint).click();
        assertThat(browser.unlabelledControls()).isEmpty();
        browser.test("instantiate-submit").click();
        browser.waitFor(driver -> driver.getCurrentUrl().endsWith("#/apps/from-template"));
        browser.waitForText("app-revision", "1");
        JsonNode app = PLATFORM.api().call("GET", "/api/v1/tenants/default/apps/from-template", null).body();
        assertThat(app.path("spec").path("memoryLimitMiB").asInt()).isEqualTo(48);
        assertThat(app.path("target").path("endpoints").get(0).asText()).isEqualTo(endpoint);

        browser.open("/config-sets");
        browser.test("new-config-set").click();
        type("config-set-name", "plant-settings");
        browser.test("entries-add").click();
        last("entries-key").sendKeys("LINE");
        last("entries-value").sendKeys("seven");
        browser.test("add-file").click();
        last("file-name").sendKeys("app.conf");
        last("file-content").sendKeys("mode=fast\n");
        assertThat(browser.unlabelledControls()).isEmpty();
        browser.test("config-set-save").click();
        WebElement set = browser.visible(By.cssSelector("[data-test=config-set-row][data-config-set=plant-settings]"));
        assertThat(set.findElement(ConsoleBrowser.testId("config-set-version")).getText()).isEqualTo("1");
        browser.waitFor(driver -> browser.all("file-content").stream().anyMatch(e -> "mode=fast\n".equals(e.getDomProperty("value"))));
        last("file-content").sendKeys("threads=4\n");
        browser.test("config-set-save").click();
        browser.waitFor(driver -> driver.findElement(By.cssSelector("[data-config-set=plant-settings] [data-test=config-set-version]"))
                .getText().equals("2"));
        browser.waitFor(driver -> browser.test("config-set-versions").findElements(By.cssSelector("tbody tr")).size() == 2);
        assertThat(PLATFORM.api().call("GET", "/api/v1/tenants/default/config-sets/plant-settings", null).body()
                .path("files").path("app.conf").asText()).isEqualTo("mode=fast\nthreads=4\n");
        browser.screenshot("config-sets");

        browser.open("/registries");
        browser.test("new-registry").click();
        type("registry-name", "factory-reg");
        type("registry-host", "reg.factory.example:5000");
        type("registry-username", "robot");
        type("registry-password", "Sieve-Lantern-93");
        assertThat(browser.unlabelledControls()).isEmpty();
        browser.test("registry-save").click();
        WebElement registry = browser.visible(By.cssSelector("[data-test=registry-row][data-registry=factory-reg]"));
        assertThat(registry.getText()).contains("reg.factory.example:5000", "robot");
        // by keyboard: the "saved" notice may still cover the button
        registry.findElement(ConsoleBrowser.testId("edit-registry")).sendKeys(Keys.ENTER);
        assertThat(browser.test("registry-password").getDomProperty("value")).isEmpty();
        assertThat(browser.driver().getPageSource()).doesNotContain("Sieve-Lantern-93");
        browser.screenshot("registries");
        browser.visible(By.cssSelector("dialog[open] [data-test=registry-form] button[type=button]")).click();
    }

    @Test
    @Order(5)
    @DisplayName("every control of the fully expanded form has a label, and the form is filled and submitted with the keyboard only")
    void formIsLabelledAndWorksWithTheKeyboard() throws Exception {
        signInAs(PlatformProcess.ADMIN_EMAIL, PLATFORM.process().adminPassword());
        browser.open("/deploy");
        for (String add : new String[] {"add-host", "add-volume", "env-add", "add-port", "labels-add", "add-config-set"}) {
            browser.test(add).click();
        }
        new Select(browser.test("restart-policy")).selectByValue("on-failure");
        new Select(browser.test("strategy-select")).selectByValue("canary");
        browser.test("canary-count");
        assertThat(browser.unlabelledControls()).isEmpty();

        browser.open("/apps");
        browser.open("/deploy");
        WebElement image = browser.test("image");
        image.click();
        image.sendKeys(DockerEngine.TEST_BASE_IMAGE, Keys.TAB);
        active().sendKeys("keyboard-app", Keys.TAB);
        assertThat(active().getDomAttribute("id")).isEqualTo("network");
        active().sendKeys(Keys.TAB);
        assertThat(active().getDomAttribute("data-test")).isEqualTo("add-host");
        active().sendKeys(Keys.TAB);
        assertThat(active().getDomAttribute("data-test")).isEqualTo("placement-endpoints");
        active().sendKeys(Keys.TAB);
        assertThat(active().getDomAttribute("id")).isEqualTo("endpoint-filter");
        active().sendKeys("line-7", Keys.TAB);
        assertThat(active().getDomAttribute("data-test")).isEqualTo("endpoint-" + endpoint);
        active().sendKeys(Keys.SPACE);
        active().sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
        active().sendKeys(Keys.ENTER);
        browser.waitFor(driver -> driver.getCurrentUrl().endsWith("#/apps/keyboard-app"));
        JsonNode app = PLATFORM.api().call("GET", "/api/v1/tenants/default/apps/keyboard-app", null).body();
        assertThat(app.path("target").path("endpoints").get(0).asText()).isEqualTo(endpoint);
        assertThat(app.path("spec").path("image").asText()).isEqualTo(DockerEngine.TEST_BASE_IMAGE);
    }

    private static WebElement active() {
        return browser.driver().switchTo().activeElement();
    }
}
