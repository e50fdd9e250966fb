package io.edgefleet.deployment.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.deployment.testing.DeploymentHarness;
import io.edgefleet.kit.testing.Http;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One app selected by 10,000 endpoints: the create call compiles, validates and queues every document in its
 * transaction, then the outbox relay publishes them. Prints both times; the bounds are loose on purpose (a 2-core
 * build machine), the numbers go to BENCHMARKS.md.
 */
class DesiredFanOutIT {

    private static final int ENDPOINTS = 10_000;
    private static final String TENANT = "fanout";

    private static DeploymentHarness harness;

    @BeforeAll
    static void start() {
        harness = DeploymentHarness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void tenThousandEndpointsGetTheirFirstDocumentInOneCompile() {
        // endpoint ids in the registry's alphabet: md5 hex with 0, 1, 8, 9 mapped onto letters
        harness.sql("""
                INSERT INTO deployment.endpoints (tenant, id, labels, updated_at)
                SELECT ?, 'ep-' || translate(substr(md5(i::text), 1, 12), '0189', 'wxyz'),
                       jsonb_build_object('site', CASE WHEN i % 10 = 0 THEN 'berlin' ELSE 'qingdao' END, 'n', i::text), now()
                  FROM generate_series(1, ?) AS i
                RETURNING 1""", TENANT, ENDPOINTS);
        Http http = harness.http(TENANT);

        long started = System.nanoTime();
        Http.Response created = http.post("/api/v1/tenants/" + TENANT + "/apps",
                "{\"name\":\"web\",\"spec\":{\"image\":\"edgefleet-test/busybox:1\",\"env\":{\"MODE\":\"prod\"}},"
                        + "\"target\":{\"selector\":\"site=qingdao\"}}");
        long compiled = System.nanoTime();
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> harness.sql("SELECT 1 FROM deployment.outbox LIMIT 1").isEmpty());
        long published = System.nanoTime();

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(harness.sql("SELECT count(*) AS n FROM deployment.desired_state WHERE tenant = ? AND generation = 1",
                TENANT).get(0).get("n")).isEqualTo(9_000L);
        Duration compile = Duration.ofNanos(compiled - started);
        Duration publish = Duration.ofNanos(published - compiled);
        System.out.printf("fan-out: %d endpoints, 9000 selected: compile+commit %d ms, relay to broker %d ms%n",
                ENDPOINTS, compile.toMillis(), publish.toMillis());
        assertThat(compile).isLessThan(Duration.ofSeconds(30));

        // an app that selects none of them: every endpoint is compiled and compared, no document changes
        long again = System.nanoTime();
        Http.Response other = http.post("/api/v1/tenants/" + TENANT + "/apps",
                "{\"name\":\"other\",\"spec\":{\"image\":\"edgefleet-test/busybox:1\"},\"target\":{\"selector\":\"site=nowhere\"}}");
        System.out.printf("fan-out: recompile of %d endpoints without a change %d ms%n", ENDPOINTS,
                Duration.ofNanos(System.nanoTime() - again).toMillis());
        assertThat(other.status()).isEqualTo(201);
        harness.awaitOutboxEmpty();
        assertThat(harness.sql("SELECT count(*) AS n FROM deployment.desired_state WHERE tenant = ? AND generation > 1",
                TENANT).get(0).get("n")).isEqualTo(0L);
    }
}
