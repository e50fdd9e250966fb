package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
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
 * The edge node screens in a real browser against the real all-in-one, a real agent started with the command the
 * console shows, and the real Docker engine: add, go online live, facts, container actions, logs, inspect, charts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleNodesIT {

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SLOW = Duration.ofSeconds(60);
    private static final String PREFIX = "cnit" + UUID.randomUUID().toString().substring(0, 6) + "_";
    private static final String APP = "web";
    private static final String SCRATCH = PREFIX + "scratch";
    private static final String WATCHED = PREFIX + "watched";
    private static ConsoleBrowser browser;
    private static Process agent;
    private static String nodeId;

    @RegisterExtension final ConsoleFailureShots shots = new ConsoleFailureShots(() -> browser);
    private final ApiClient api = PLATFORM.api();

    @BeforeAll
    static void openBrowser() throws Exception {
        DockerEngine.ensureTestBaseImage();
        browser = new ConsoleBrowser(PLATFORM.process().gatewayUri());
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (agent != null) {
            agent.destroyForcibly().waitFor();
        }
        DockerEngine.run("sh", "-c", "docker rm -f " + PREFIX + APP + " " + SCRATCH + " " + WATCHED
                + " >/dev/null 2>&1 || true");
    }

    @Test
    @Order(1)
    @DisplayName("a node added in the console goes online live with the shown command; its containers obey the table")
    void addRunAndOperateANode() throws Exception {
        signIn(PlatformProcess.ADMIN_EMAIL, PLATFORM.process().adminPassword());
        browser.open("/nodes");
        browser.test("nodes-table");
        browser.script("window.nodesMarker = 'no reload';");

        browser.test("node-add").click();
        browser.labelled("Node name").sendKeys("press-01");
        browser.test("node-label-key").sendKeys("site");
        browser.test("node-label-value").sendKeys("qingdao");
        browser.test("node-submit").click();
        String jarCommand = browser.test("run-jar").getText();
        assertThat(browser.test("secret-value").getText()).matches("[A-Za-z0-9_-]{43}");
        assertThat(browser.test("run-docker").getText()).startsWith("docker run");
        assertThat(browser.test("run-install").getText())
                .startsWith("curl -fsSL " + PLATFORM.process().gatewayUri().toString().replace("127.0.0.1", "localhost")
                        + "/agent/install.sh | sudo sh -s -- ");
        browser.screenshot("node-add-secret");
        browser.test("secret-close").click();

        WebElement row = browser.visible(By.cssSelector("[data-test=node-row][data-node=press-01]"));
        nodeId = row.getDomAttribute("data-id");
        assertThat(row.getText()).contains("site=qingdao").contains("pending");
        agent = startShownAgent(jarCommand);
        browser.waitFor(d -> statusOf("press-01").equals("online"), SLOW);
        browser.waitFor(d -> !rowOf("press-01").findElements(By.xpath("td[4][normalize-space(.)!='—']")).isEmpty(), SLOW);
        assertThat(browser.script("return window.nodesMarker;")).isEqualTo("no reload");
        browser.screenshot("nodes-list");

        deployAppFromTheForm();
        // no network: a new veth on this machine makes chromium abort its requests in flight (ERR_NETWORK_CHANGED)
        DockerEngine.run("docker", "run", "-d", "--network", "none", "--name", SCRATCH, DockerEngine.TEST_BASE_IMAGE,
                "sleep", "3600");
        browser.open("/nodes");
        rowOf("press-01").findElement(By.cssSelector("[data-test=node-link]")).click();
        browser.waitFor(d -> !browser.test("fact-cpu").getText().isBlank());
        assertThat(browser.test("fact-hostname").getText()).isNotBlank();
        String app = PREFIX + APP;
        browser.waitFor(d -> stateOf(app).equals("running"), SLOW);
        browser.waitFor(d -> !containerRows(SCRATCH).isEmpty(), SLOW);

        containerRow(app).findElement(By.cssSelector("[data-test=container-select]")).click();
        browser.test("containers-stop").click();
        browser.waitFor(d -> stateOf(app).equals("exited"), SLOW);
        assertThat(dockerState(app)).isEqualTo("exited");
        assertThat(containerRow(app).findElement(By.cssSelector("[data-test=container-select]")).isSelected()).isTrue();
        browser.test("containers-start").click();
        browser.waitFor(d -> stateOf(app).equals("running"), SLOW);
        assertThat(dockerState(app)).isEqualTo("running");
        assertThat(containerRow(app).findElement(By.cssSelector("[data-test=container-result]")).getText())
                .isEqualTo("done");

        containerRow(app).findElement(By.cssSelector("[data-test=container-logs]")).click();
        browser.waitFor(d -> browser.test("output-logs").getText().contains("console-nodes-hello"), SLOW);
        assertThat(browser.unlabelledControls()).isEmpty();
        browser.test("output-close").click();
        containerRow(app).findElement(By.cssSelector("[data-test=container-inspect]")).click();
        browser.waitFor(d -> browser.test("output-inspect").getText().contains("\"Name\": \"/" + app + "\""), SLOW);
        browser.test("output-close").click();

        containerRow(SCRATCH).findElement(By.cssSelector("[data-test=container-delete]")).click();
        assertThat(browser.test("confirm-message").getText()).contains(SCRATCH);
        browser.test("confirm-yes").click();
        browser.waitFor(d -> containerRows(SCRATCH).isEmpty(), SLOW);
        assertThat(dockerState(SCRATCH)).isEqualTo("absent");
        assertThat(browser.unlabelledControls()).isEmpty();

        // the app's own container: deleted from the table, the agent recreates it from the desired state (the
        // confirmation says so); deleting the app removes it for good
        String removedId = DockerEngine.run("docker", "inspect", "--format", "{{.Id}}", app).strip();
        containerRow(app).findElement(By.cssSelector("[data-test=container-delete]")).click();
        assertThat(browser.test("confirm-message").getText()).contains(app, APP, "creates it again");
        browser.test("confirm-yes").click();
        // read in the page: the table is re-rendered while the agent recreates the container
        browser.waitFor(d -> {
            Object ids = browser.script("return [...document.querySelectorAll('[data-test=container-row]')]"
                    + ".filter(row => row.dataset.container === arguments[0]).map(row => row.dataset.id);", app);
            return ids instanceof List<?> list && !list.isEmpty() && !list.contains(removedId);
        }, SLOW);
        assertThat(DockerEngine.run("sh", "-c", "docker inspect " + removedId + " >/dev/null 2>&1 && echo present"
                + " || echo absent").strip()).isEqualTo("absent");
        assertThat(browser.script("return window.nodesMarker;")).isEqualTo("no reload");
        browser.screenshot("node-detail");

        new Select(browser.test("language")).selectByValue("zh-CN");
        browser.waitFor(d -> browser.test("containers").getText().contains("容器IP"));
        assertThat(browser.test("containers").getText()).contains("名称", "状态", "端口", "镜像", "操作", "删除");
        browser.screenshot("node-detail-zh");
        new Select(browser.test("language")).selectByValue("en");

        await().atMost(SLOW).pollInterval(Duration.ofSeconds(1)).until(() -> api.call("GET", "/api/v1/tenants/default"
                + "/metrics/series?metric=node_cpu_percent&endpoint=" + nodeId, null).body().path("series").size() > 0);
        browser.test("range-15m").click();
        browser.waitFor(d -> !d.findElements(By.cssSelector("[data-test=chart-node-cpu] canvas")).isEmpty(), SLOW);
        browser.waitFor(d -> !d.findElements(By.cssSelector("[data-test=chart-container-cpu] canvas")).isEmpty(), SLOW);
        browser.script("document.querySelector('[data-test=node-charts]').scrollIntoView();");
        browser.screenshot("node-charts");

        browser.open("/apps/" + APP);
        browser.test("delete-app").click();
        browser.test("confirm-yes").click();
        await().atMost(SLOW).pollInterval(Duration.ofMillis(500)).until(() -> dockerState(app).equals("absent"));
        browser.open("/nodes/" + nodeId);
        browser.waitFor(d -> containerRows(app).isEmpty(), SLOW);
    }

    @Test
    @Order(2)
    @DisplayName("filters by label selector, status and name follow the URL; 25 nodes page into 20 and 5 with the total")
    void filtersAndPagination() throws Exception {
        for (int i = 1; i <= 25; i++) {
            api.createEndpoint("pg-%02d".formatted(i), "{\"batch\":\"pg\",\"line\":\"" + (i % 2 == 0 ? "b" : "a") + "\"}");
        }
        signIn(PlatformProcess.ADMIN_EMAIL, PLATFORM.process().adminPassword());
        browser.open("/nodes");
        browser.labelled("Label selector").sendKeys("batch=pg", Keys.ENTER);
        browser.waitForText("total", "25 in total");
        assertThat(browser.all("node-row")).hasSize(20);
        assertThat(browser.driver().getCurrentUrl()).contains("selector=batch%3Dpg");
        browser.driver().findElement(By.cssSelector("nav.pager button[aria-label='Next page']")).click();
        browser.waitFor(d -> browser.all("node-row").size() == 5);
        assertThat(browser.driver().getCurrentUrl()).contains("page=2");
        assertThat(browser.test("nodes-table").getText()).contains("pg-21", "pg-25").doesNotContain("pg-01");

        WebElement selector = browser.labelled("Label selector");
        selector.clear();
        selector.sendKeys("batch=pg,line in (a)", Keys.ENTER);
        browser.waitForText("total", "13 in total");
        browser.labelled("Name contains").sendKeys("pg-1", Keys.ENTER);
        browser.waitForText("total", "5 in total");
        new Select(browser.labelled("Status")).selectByValue("online");
        browser.waitForText("total", "0 in total");
        assertThat(browser.test("nodes-table").getText()).contains("No edge node matches");
        assertThat(browser.driver().getCurrentUrl()).contains("status=online").contains("name=pg-1");

        browser.open("/nodes?status=pending&selector=batch%3Dpg");
        browser.waitForText("total", "25 in total");
        assertThat(new Select(browser.labelled("Status")).getFirstSelectedOption().getDomAttribute("value"))
                .isEqualTo("pending");
        new Select(browser.test("language")).selectByValue("zh-CN");
        browser.waitForText("total", "共 25 条");
        new Select(browser.test("language")).selectByValue("en");

        selector = browser.labelled("Label selector");
        selector.clear();
        selector.sendKeys("site in (", Keys.ENTER);
        browser.waitFor(d -> !browser.all("problem").isEmpty());
    }

    @Test
    @Order(3)
    @DisplayName("a viewer sees no mutating button; a user of another tenant gets 'not found' for this tenant's node")
    void viewerAndOtherTenant() throws Exception {
        TenantWorld world = new TenantWorld(PLATFORM.process(), api);
        world.member("default", "viewer", "watcher");
        world.tenant("plant-x");
        world.member("plant-x", "operator", "outsider");
        // the first test deleted its containers; the viewer needs one to look at
        DockerEngine.run("docker", "run", "-d", "--network", "none", "--name", WATCHED, DockerEngine.TEST_BASE_IMAGE,
                "sleep", "3600");
        await().atMost(SLOW).pollInterval(Duration.ofMillis(500)).until(() -> api.call("GET",
                "/api/v1/tenants/default/endpoints/" + nodeId + "/containers", null).body().toString().contains(WATCHED));

        signIn("watcher@default.example.com", TenantWorld.PASSWORD);
        browser.open("/nodes?selector=site%3Dqingdao");
        browser.waitFor(d -> !d.findElements(By.cssSelector("[data-test=node-row][data-node=press-01]")).isEmpty(), SLOW);
        assertThat(mutatingButtons()).isEmpty();
        ApiClient.Response linked = api.call("PATCH", "/api/v1/tenants/default/endpoints/" + nodeId,
                "{\"linkProfile\":{\"preset\":\"satellite\",\"replyTimeoutSeconds\":6}}");
        assertThat(linked.status()).as(String.valueOf(linked.body())).isEqualTo(200);
        browser.open("/nodes/" + nodeId);
        browser.test("node-facts");
        browser.waitForText("fact-link", "satellite: keep alive 120 s, commands valid 300 s, reply wait 6 s, reconnect 5–300 s");
        api.call("PATCH", "/api/v1/tenants/default/endpoints/" + nodeId, "{\"linkProfile\":null}");
        browser.waitFor(d -> !browser.all("container-row").isEmpty(), SLOW);
        assertThat(mutatingButtons()).isEmpty();
        assertThat(browser.all("container-select")).isEmpty();
        assertThat(browser.all("container-logs")).isNotEmpty();

        signIn("outsider@plant-x.example.com", TenantWorld.PASSWORD);
        browser.open("/nodes/" + nodeId);
        browser.waitForText("problem", "Not found");
        assertThat(browser.all("node-facts")).isEmpty();
        assertThat(browser.all("containers")).isEmpty();
        assertThat(browser.driver().findElement(By.tagName("main")).getText()).doesNotContain("press-01");
    }

    @Test
    @Order(4)
    @DisplayName("every control is labelled, and a node is added with the keyboard alone")
    void labelsAndKeyboard() throws Exception {
        signIn(PlatformProcess.ADMIN_EMAIL, PLATFORM.process().adminPassword());
        browser.open("/nodes");
        browser.test("nodes-table");
        assertThat(browser.unlabelledControls()).isEmpty();
        browser.test("node-add").sendKeys(Keys.ENTER);
        browser.test("node-name");
        assertThat(browser.unlabelledControls()).isEmpty();
        WebElement focused = browser.driver().switchTo().activeElement();
        assertThat(focused.getDomAttribute("id")).isEqualTo("node-name");
        focused.sendKeys("kbd-01", Keys.TAB);
        browser.driver().switchTo().activeElement().sendKeys("line", Keys.TAB);
        browser.driver().switchTo().activeElement().sendKeys("k", Keys.ENTER);
        browser.test("run-jar");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.waitFor(d -> browser.all("node-secret").isEmpty());
        browser.visible(By.cssSelector("[data-test=node-row][data-node=kbd-01]"));
        JsonNode created = api.call("GET", "/api/v1/tenants/default/endpoints?nameContains=kbd-01", null).body();
        assertThat(created.path("items")).as(created.toString()).hasSize(1);
        assertThat(created.path("items").get(0).path("labels").toString()).isEqualTo("{\"line\":\"k\"}");
    }

    /** Signs in, in English and in the user's first tenant (the browser tab remembers the previous user's tenant). */
    private static void signIn(String email, String password) {
        browser.signIn(email, password);
        new Select(browser.test("language")).selectByValue("en");
        Select tenants = new Select(browser.test("tenant-switcher"));
        String first = tenants.getOptions().get(0).getDomAttribute("value");
        if (!first.equals(tenants.getFirstSelectedOption().getDomAttribute("value"))) {
            tenants.selectByValue(first);
        }
    }

    private static List<WebElement> mutatingButtons() {
        List<WebElement> found = new ArrayList<>();
        for (String name : List.of("node-add", "node-edit", "node-rotate", "node-delete", "containers-start",
                "containers-stop", "containers-kill", "containers-restart", "containers-pause", "containers-resume",
                "container-delete")) {
            found.addAll(browser.all(name));
        }
        return found;
    }

    /** Runs the jar command as the console shows it, with this build's jar and test-only flags appended. */
    private static Process startShownAgent(String shown) throws Exception {
        String jar = Path.of(System.getProperty("edgefleet.agentJar", "../../edge-agent/target/edgefleet-agent.jar"))
                .toAbsolutePath().toString();
        List<String> command = new ArrayList<>();
        for (String word : Arrays.asList(shown.trim().split("\\s+"))) {
            command.add(switch (word) {
                case "java" -> PlatformProcess.javaBin();
                case "edgefleet-agent.jar" -> jar;
                default -> word;
            });
        }
        assertThat(command).contains("--secret", "--endpoint-id", nodeId);
        command.addAll(List.of("--data-dir", PLATFORM.newDirectory("agent-" + nodeId).toString(),
                "--container-name-prefix", PREFIX, "--metrics-interval", "2"));
        Path log = Path.of("target", "e2e-logs", "agent-console-" + nodeId + ".log").toAbsolutePath();
        java.nio.file.Files.createDirectories(log.getParent());
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Deploys busybox httpd onto the node from the console's deploy form, placed with its fuzzy filter. */
    private void deployAppFromTheForm() {
        browser.open("/deploy");
        type("image", DockerEngine.TEST_BASE_IMAGE);
        type("app-name", APP);
        type("endpoint-filter", "press");
        browser.test("endpoint-" + nodeId).click();
        type("memory-limit", "32");
        type("command", "sh -c \"echo console-nodes-hello; mkdir -p /tmp/www && echo hi > /tmp/www/index.html"
                + " && exec busybox httpd -f -p 8080 -h /tmp/www\"");
        browser.test("deploy-submit").click();
        browser.waitFor(driver -> driver.getCurrentUrl().endsWith("#/apps/" + APP));
    }

    private static void type(String testName, String text) {
        WebElement field = browser.test(testName);
        field.clear();
        field.sendKeys(text);
    }

    private static WebElement rowOf(String node) {
        return browser.visible(By.cssSelector("[data-test=node-row][data-node='" + node + "']"));
    }

    private static String statusOf(String node) {
        return rowOf(node).findElement(By.cssSelector("[data-test=node-status]")).getDomAttribute("data-status");
    }

    private static List<WebElement> containerRows(String name) {
        return browser.driver().findElements(By.cssSelector("[data-test=container-row][data-container='" + name + "']"));
    }

    private static WebElement containerRow(String name) {
        return browser.visible(By.cssSelector("[data-test=container-row][data-container='" + name + "']"));
    }

    private static String stateOf(String container) {
        List<WebElement> rows = containerRows(container);
        return rows.isEmpty() ? "absent"
                : rows.get(0).findElement(By.cssSelector("[data-test=container-state]")).getDomAttribute("data-status");
    }

    private static String dockerState(String container) throws Exception {
        return DockerEngine.run("sh", "-c", "docker inspect --format '{{.State.Status}}' " + container
                + " 2>/dev/null || echo absent").strip();
    }
}
