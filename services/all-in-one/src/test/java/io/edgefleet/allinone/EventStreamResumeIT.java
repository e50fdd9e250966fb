package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The tenant event stream through the real gateway, telemetry and broker: a client that disconnects and comes back
 * with {@code Last-Event-ID} gets exactly the events it missed, in order, then the live ones, none twice.
 */
class EventStreamResumeIT {

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();
    private static final String PATH = "/api/v1/tenants/resume/events?types=endpoint.registered";

    private static TenantWorld world;
    private static ApiClient operator;
    private static ApiClient viewer;
    private static URI gateway;

    @BeforeAll
    static void tenant() throws Exception {
        world = new TenantWorld(PLATFORM.process(), PLATFORM.api());
        world.tenant("resume");
        operator = world.member("resume", "operator", "olga");
        viewer = world.member("resume", "viewer", "vic");
        gateway = PLATFORM.process().gatewayUri();
    }

    private static List<String> after(List<String> ids, String id) {
        return new ArrayList<>(ids.subList(ids.indexOf(id) + 1, ids.size()));
    }

    @Test
    void aClientThatResumesWithLastEventIdGetsExactlyTheMissedEventsInOrderThenLiveOnes() throws Exception {
        try (EventStreamClient witness = new EventStreamClient(gateway, PATH, viewer.token())) {
            assertThat(witness.status()).isEqualTo(200);
            String lastSeen;
            try (EventStreamClient first = new EventStreamClient(gateway, PATH, viewer.token())) {
                assertThat(first.status()).isEqualTo(200);
                world.endpoint(operator, "resume", "before-1");
                world.endpoint(operator, "resume", "before-2");
                await().atMost(Duration.ofSeconds(10)).until(() -> first.ids().size() == 2);
                lastSeen = first.ids().get(1);
            }
            for (int i = 1; i <= 5; i++) {
                world.endpoint(operator, "resume", "away-" + i);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> witness.ids().size() == 7);
            List<String> missed = after(witness.ids(), lastSeen);
            await().atMost(Duration.ofSeconds(10)).until(() -> viewer.call("GET",
                    "/api/v1/tenants/resume/events/log?types=endpoint.registered&after=" + lastSeen, null)
                    .body().path("events").size() == 5);

            try (EventStreamClient resumed = new EventStreamClient(gateway, PATH, viewer.token(), lastSeen)) {
                assertThat(resumed.status()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(10)).until(() -> resumed.ids().size() == 5);
                assertThat(resumed.ids()).containsExactlyElementsOf(missed);
                world.endpoint(operator, "resume", "live-1");
                await().atMost(Duration.ofSeconds(10)).until(() -> witness.ids().size() == 8);
                await().atMost(Duration.ofSeconds(10)).until(() -> resumed.ids().size() == 6);
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                        .until(() -> resumed.ids().size() == 6);
                assertThat(resumed.ids()).containsExactlyElementsOf(after(witness.ids(), lastSeen));
                assertThat(resumed.data()).allSatisfy(line -> assertThat(line).contains("\"tenant\":\"resume\""));
            }
        }
    }

    @Test
    void anUnknownResumePointIsAnnouncedAndTheStreamReplaysFromTheOldestRetainedEvent() throws Exception {
        world.endpoint(operator, "resume", "gone-check");
        await().atMost(Duration.ofSeconds(10)).until(() -> viewer.call("GET",
                "/api/v1/tenants/resume/events/log?types=endpoint.registered", null).body().path("events").size() > 0);
        String oldest = viewer.call("GET", "/api/v1/tenants/resume/events/log?types=endpoint.registered", null)
                .body().path("events").get(0).path("id").asText();
        try (EventStreamClient resumed = new EventStreamClient(gateway, PATH + "&lastEventId=ffffffff-0000-0000-0000-000000000000",
                viewer.token())) {
            assertThat(resumed.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> !resumed.ids().isEmpty());
            assertThat(resumed.eventTypes().get(0)).isEqualTo("resume-point-gone");
            assertThat(resumed.ids().get(0)).isEqualTo(oldest);
        }
        assertThat(viewer.call("GET", "/api/v1/tenants/resume/events?lastEventId=bad%20id", null).status())
                .isEqualTo(400);
    }
}
