package io.edgefleet.agent.payload;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.agent.payload.AppStatus.Phase;
import io.edgefleet.agent.payload.Reply.Status;
import io.edgefleet.agent.runtime.ContainerInfo;
import io.edgefleet.agent.runtime.ManagedLabels;
import io.edgefleet.schemas.JsonSchemas;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Replies and the state with apps and containers match the contract in edgefleet-schemas. */
class ReconcilePayloadSchemaTest {

    private static final JsonSchemas SCHEMAS = JsonSchemas.load();
    private static final Instant AT = PayloadsTest.AT;

    private static void assertValid(String schema, Object payload) throws IOException {
        assertThat(SCHEMAS.validate(schema, PayloadsTest.json(payload))).as("%s %s", schema, payload).isEmpty();
    }

    static ContainerInfo managed() {
        return new ContainerInfo("3f1c2b9e0000", "web", "edgefleet-test/busybox:1", "running", "Up 3 minutes (healthy)",
                Map.of(ManagedLabels.MANAGED, "true", ManagedLabels.APP, "web", ManagedLabels.REVISION, "2"),
                Instant.parse("2025-06-01T08:00:00.123456789Z"), Map.of("bridge", "172.17.0.2"),
                List.of(new ContainerInfo.Port(8080, "0.0.0.0", 18080, "tcp"),
                        new ContainerInfo.Port(9999, null, null, "udp")), 1, "healthy");
    }

    @Test
    void everyReplyStatusMatchesTheReplySchema() throws IOException {
        var lines = Json.mapper().createObjectNode();
        lines.putArray("lines").add("hello");
        assertValid("reply", new Reply("c-1", Status.SUCCEEDED, "12 log lines of container web", lines, AT));
        for (Status status : Status.values()) {
            assertValid("reply", Reply.of("c-1", status, "why", AT));
        }
    }

    @Test
    void aStateWithAppsAndContainersMatchesTheStateSchema() throws IOException {
        ContainerInfo unmanaged = new ContainerInfo("9a9a", "other", "x", "exited", "Exited (0) 2 hours ago", Map.of(),
                AT, Map.of(), List.of(), 0, "none");
        StateReport report = new StateReport(7, AT, "0.1.0", PayloadsTest.facts("20.10.24"),
                List.of(new AppStatus("web", 2, Phase.Running, null, "3f1c2b9e0000", 1, AT),
                        new AppStatus("db", null, Phase.Failed, "x".repeat(2000), null, null, AT)),
                List.of(ContainerReport.of(managed()), ContainerReport.of(unmanaged)));

        assertValid("state", report);
        var json = PayloadsTest.json(report);
        assertThat(json.path("containers").get(0).path("app").asText()).isEqualTo("web");
        assertThat(json.path("containers").get(1).has("app")).isFalse();
    }

    @Test
    void aChangedStatusTextAloneIsNoReasonToPublishAgain() {
        StateReport before = new StateReport(1, AT, "0.1.0", PayloadsTest.facts("20.10.24"), List.of(),
                List.of(ContainerReport.of(managed())));
        ContainerInfo later = managed();
        ContainerInfo laterText = new ContainerInfo(later.id(), later.name(), later.image(), later.state(),
                "Up 4 minutes (healthy)", later.labels(), later.created(), later.ipAddresses(), later.ports(),
                later.restartCount(), later.health());
        ContainerInfo restarted = new ContainerInfo(later.id(), later.name(), later.image(), later.state(),
                later.status(), later.labels(), later.created(), later.ipAddresses(), later.ports(), 2,
                later.health());

        assertThat(new StateReport(1, AT.plusSeconds(60), "0.1.0", before.facts(), List.of(),
                List.of(ContainerReport.of(laterText))).differsMateriallyFrom(before)).isFalse();
        assertThat(new StateReport(1, AT, "0.1.0", before.facts(), List.of(),
                List.of(ContainerReport.of(restarted))).differsMateriallyFrom(before)).isTrue();
        assertThat(new StateReport(2, AT, "0.1.0", before.facts(), List.of(), before.containers())
                .differsMateriallyFrom(before)).isTrue();
    }
}
