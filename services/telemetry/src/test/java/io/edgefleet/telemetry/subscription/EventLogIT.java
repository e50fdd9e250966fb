package io.edgefleet.telemetry.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.kit.testing.Http;
import io.edgefleet.telemetry.testing.TelemetryHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventLogIT {

    private static TelemetryHarness telemetry;

    @BeforeAll
    static void start() {
        telemetry = TelemetryHarness.start();
    }

    @AfterAll
    static void stop() {
        telemetry.close();
    }

    private static EventEnvelope publish(String tenant, String type) {
        EventEnvelope event = EventEnvelope.create("registry", type, tenant, "ep-aaaaaaaaaaaa", Map.of("n", 1));
        telemetry.publish(event.topic(), event.toJson(), false);
        return event;
    }

    private static List<String> ids(JsonNode page) {
        return StreamSupport.stream(page.path("events").spliterator(), false).map(e -> e.path("id").asText()).toList();
    }

    @Test
    void eventsAreLoggedOnceInOrderAndReadAfterAGivenIdInPages() {
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            EventEnvelope event = publish("logged", i % 2 == 0 ? "endpoint.online" : "app.updated");
            published.add(event.id());
            if (i == 3) {
                telemetry.publish(event.topic(), event.toJson(), false);
            }
        }
        publish("elsewhere", "endpoint.online");
        Http http = telemetry.http("logged");
        String base = "/api/v1/tenants/logged/events/log";
        await().atMost(Duration.ofSeconds(10)).until(() -> ids(http.get(base).json()).size() == 7);
        assertThat(ids(http.get(base).json())).containsExactlyElementsOf(published);

        List<String> paged = new ArrayList<>();
        JsonNode page = http.get(base + "?after=" + published.get(1) + "&limit=2").json();
        paged.addAll(ids(page));
        while (page.path("hasMore").asBoolean()) {
            page = http.get(base + "?after=" + paged.get(paged.size() - 1) + "&limit=2").json();
            paged.addAll(ids(page));
        }
        assertThat(paged).containsExactlyElementsOf(published.subList(2, 7));
        assertThat(ids(http.get(base + "?types=app.").json()))
                .containsExactly(published.get(1), published.get(3), published.get(5));
        assertThat(http.get(base).json().path("events").get(0).path("type").asText())
                .isEqualTo("io.edgefleet.endpoint.online.v1");

        JsonNode newest = http.get(base + "?order=newest&limit=3").json();
        assertThat(ids(newest)).containsExactly(published.get(6), published.get(5), published.get(4));
        assertThat(newest.path("hasMore").asBoolean()).isTrue();
        assertThat(http.get(base + "?order=newest&after=" + published.get(1)).status()).isEqualTo(400);
        assertThat(http.get(base + "?order=sideways").json().path("detail").asText()).contains("order");
    }

    @Test
    void anUnknownResumePointIsGoneAndAuditEntriesNeedTheInternalHeader() {
        EventEnvelope audit = publish("audited", "audit.recorded");
        EventEnvelope online = publish("audited", "endpoint.online");
        Http http = telemetry.http("audited");
        String base = "/api/v1/tenants/audited/events/log";
        await().atMost(Duration.ofSeconds(10)).until(() -> ids(http.get(base).json()).size() == 1);
        assertThat(ids(http.get(base).json())).containsExactly(online.id());
        assertThat(ids(http.withHeader("X-Edgefleet-Include-Audit", "true").get(base).json()))
                .containsExactly(audit.id(), online.id());

        Http.Response gone = http.get(base + "?after=00000000-0000-0000-0000-000000000000");
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.json().path("type").asText()).contains("resume-point-gone");
        assertThat(telemetry.http("logged").get(base).status()).isEqualTo(404);
        assertThat(http.get(base + "?limit=5000").status()).isEqualTo(400);
        assertThat(http.get(base + "?types=Endpoint*").status()).isEqualTo(400);
    }
}
