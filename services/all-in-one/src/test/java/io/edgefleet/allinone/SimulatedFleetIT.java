package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.simulator.Enrollment;
import io.edgefleet.simulator.Fleet;
import io.edgefleet.simulator.FleetFile;
import io.edgefleet.simulator.Options;
import io.edgefleet.simulator.PlatformApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale simulator's smoke test: 50 simulated agents, enrolled through the REST API, connect to the real
 * all-in-one platform and are online through the API; an app targeting them reaches all 50 (each endpoint's
 * observedGeneration as the API reports it moves on), a container command gets the simulated agent's reply, their
 * metric batches are stored, and a graceful stop takes all 50 offline. Fails when the simulator stops behaving like an
 * agent on the wire (a payload the services refuse, a topic the broker refuses, a missing reply).
 */
class SimulatedFleetIT {

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int AGENTS = 50;
    private static final String LABEL = "smoke";

    @TempDir Path dir;

    private final ApiClient api = PLATFORM.api();

    @Test
    void fiftySimulatedAgentsComeOnlineTakeAnAppAnswerCommandsAndSendMetrics() throws Exception {
        PlatformProcess platform = PLATFORM.process();
        Path fleetFile = dir.resolve("fleet.csv");
        Options options = Options.parse(new String[] {"run", "--agents", Integer.toString(AGENTS),
            "--broker", platform.brokerUrl(), "--gateway", platform.gatewayUri().toString(),
            "--admin-password", platform.adminPassword(), "--fleet-file", fleetFile.toString(),
            "--fleet-label", LABEL, "--ramp-rate", "200", "--heartbeat-interval", "5s", "--metrics-interval", "2s",
            "--samples", "10", "--containers", "2"});
        Enrollment.ApiSupplier signIn = () -> PlatformApi.signIn(options.gateway(), options.adminEmail(),
                options.adminPassword());

        List<FleetFile.Entry> entries = Enrollment.ensure(options, new FleetFile(fleetFile), signIn).fleet();
        assertThat(entries).hasSize(AGENTS);
        assertThat(Files.readAllLines(fleetFile)).hasSize(AGENTS + 1);
        // a second run reuses the file and enrolls nothing
        assertThat(Enrollment.ensure(options, new FleetFile(fleetFile), signIn).created()).isZero();

        try (Fleet fleet = new Fleet(options, entries)) {
            assertThat(fleet.connectAll(30_000)).as("seconds until all connected").isNotNegative();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> count("online") == AGENTS);

            Map<String, Long> before = generations();
            fleet.startFanoutTracking();
            ObjectNode app = JSON.createObjectNode().put("name", "smoke-app");
            app.putObject("spec").put("image", "registry.local/sim/smoke:1").put("pullPolicy", "never");
            app.putObject("target").put("selector", "sim=" + LABEL);
            ApiClient.Response created = api.call("POST", "/api/v1/tenants/default/apps", app.toString());
            assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                Map<String, Long> after = generations();
                assertThat(after).hasSize(AGENTS);
                after.forEach((id, generation) -> assertThat(generation).as(id).isGreaterThan(before.get(id)));
            });
            assertThat(fleet.fanoutDone()).isEqualTo(AGENTS);

            String endpoint = entries.get(7).id();
            String containers = "/api/v1/tenants/default/endpoints/" + endpoint + "/containers/";
            ApiClient.Response restarted = api.call("POST", containers + "sim-c1/actions/restart", null);
            assertThat(restarted.status()).as(String.valueOf(restarted.body())).isEqualTo(200);
            assertThat(restarted.body().path("status").asText()).isEqualTo("SUCCEEDED");
            ApiClient.Response appContainer = api.call("POST", containers + "smoke-app/actions/stop", null);
            assertThat(appContainer.body().path("status").asText()).isEqualTo("SUCCEEDED");
            ApiClient.Response missing = api.call("POST", containers + "sim-c9/actions/restart", null);
            assertThat(missing.body().path("status").asText()).isEqualTo("NOT_FOUND");

            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                JsonNode latest = api.call("GET", "/api/v1/tenants/default/metrics/latest?endpoint=" + endpoint,
                        null).body();
                assertThat(latest.path("endpoints").path(0).path("samples").findValuesAsText("metric"))
                        .contains("node_load15", "container_cpu_percent");
            });
            assertThat(fleet.counters().publishFailures.sum()).isZero();
            assertThat(fleet.counters().refusedConnects.sum()).isZero();
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> count("offline") == AGENTS);
    }

    private int count(String status) throws Exception {
        ApiClient.Response page = api.call("GET", "/api/v1/tenants/default/endpoints?size=1&status=" + status
                + "&selector=sim%3D" + LABEL, null);
        assertThat(page.status()).as(String.valueOf(page.body())).isEqualTo(200);
        return page.body().path("total").asInt();
    }

    private Map<String, Long> generations() throws Exception {
        ApiClient.Response page = api.call("GET", "/api/v1/tenants/default/endpoints?size=500&selector=sim%3D"
                + LABEL, null);
        Map<String, Long> generations = new HashMap<>();
        for (JsonNode endpoint : page.body().path("items")) {
            generations.put(endpoint.path("id").asText(), endpoint.path("observedGeneration").asLong());
        }
        return generations;
    }
}
