package io.edgefleet.agent.desired;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefleet.schemas.JsonSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppSpecTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode example(String name) throws IOException {
        try (InputStream in = AppSpecTest.class.getResourceAsStream("/schemas/examples/" + name)) {
            assertThat(in).as("schema example %s on the classpath", name).isNotNull();
            return MAPPER.readTree(in);
        }
    }

    private static AppSpec spec(String json) throws IOException {
        return AppSpec.fromJson(MAPPER.readTree(json));
    }

    @Test
    void theSchemasFullExampleIsReadFieldByField() throws IOException {
        AppSpec spec = AppSpec.fromJson(example("app-spec.valid.json"));

        assertThat(spec.image()).isEqualTo("127.0.0.1:5000/vision/inspector:1.4");
        assertThat(spec.pullPolicy()).isEqualTo(PullPolicy.ALWAYS);
        assertThat(spec.command()).containsExactly("--config", "/etc/inspector/config.yaml", "--verbose");
        assertThat(spec.entrypoint()).containsExactly("/usr/local/bin/inspector");
        assertThat(spec.workingDir()).isEqualTo("/var/lib/inspector");
        assertThat(spec.user()).isEqualTo("1000:1000");
        assertThat(spec.env()).containsEntry("EMPTY", "").containsEntry("LINE", "3").hasSize(3);
        assertThat(spec.labels()).containsEntry("com.example.team", "vision");
        assertThat(spec.network()).isEqualTo("line3-net");
        assertThat(spec.hostEntries()).containsExactly(new HostEntry("plc.local", "192.168.10.50"),
                new HostEntry("historian", "fd00::15"));
        assertThat(spec.memoryReservationMiB()).isEqualTo(128);
        assertThat(spec.memoryLimitMiB()).isEqualTo(512);
        assertThat(spec.cpuLimit()).isEqualTo(1.5);
        assertThat(spec.volumes()).containsExactly(
                new VolumeMount.Bind("/etc/inspector", "/etc/inspector", true),
                new VolumeMount.Named("inspector-data", "/var/lib/inspector", false, null, Map.of()),
                new VolumeMount.Named("recipes-nfs", "/recipes", true, "local",
                        Map.of("type", "nfs", "o", "addr=10.0.0.5,ro,nfsvers=4", "device", ":/export/recipes")));
        assertThat(spec.restartPolicy()).isEqualTo(new RestartPolicy("on-failure", 5));
        assertThat(spec.ports()).containsExactly(new PortMapping("0.0.0.0", 8080, 80, "tcp"),
                new PortMapping(null, 5140, 514, "udp"), new PortMapping(null, null, 9100, "tcp"));
        assertThat(spec.healthcheck()).isEqualTo(new Healthcheck(
                List.of("CMD-SHELL", "wget -q -O- http://localhost/health || exit 1"), 10, 3, 3, 15));
        assertThat(spec.init()).isTrue();
        assertThat(spec.logOptions()).isEqualTo(new LogOptions("json-file", Map.of("max-size", "10m",
                "max-file", "3")));
        assertThat(spec.gpus()).isEqualTo(new GpuRequest(-1, List.of(), List.of("gpu", "utility")));
        assertThat(spec.restartOnUnhealthy()).isTrue();
        assertThat(spec.validate()).isEmpty();
    }

    @Test
    void absentFieldsTakeTheDocumentedDefaults() throws IOException {
        AppSpec spec = AppSpec.fromJson(example("app-spec.valid-minimal.json"));

        assertThat(spec.pullPolicy()).isEqualTo(PullPolicy.IF_NOT_PRESENT);
        assertThat(spec.network()).isEqualTo("bridge");
        assertThat(spec.restartPolicy()).isEqualTo(RestartPolicy.DEFAULT);
        assertThat(spec.restartPolicy().name()).isEqualTo("unless-stopped");
        assertThat(spec.command()).isEmpty();
        assertThat(spec.env()).isEmpty();
        assertThat(spec.volumes()).isEmpty();
        assertThat(spec.memoryLimitMiB()).isNull();
        assertThat(spec.init()).isNull();
        assertThat(spec.healthcheck()).isNull();
        assertThat(spec.restartOnUnhealthy()).isFalse();
        assertThat(spec).isEqualTo(AppSpec.ofImage(spec.image()));
    }

    @Test
    void canonicalJsonIsSchemaValidReadsBackEqualAndIgnoresHowTheSpecWasWritten() throws IOException {
        AppSpec full = AppSpec.fromJson(example("app-spec.valid.json"));

        assertThat(JsonSchemas.load().validate("app-spec", full.toJson())).isEmpty();
        assertThat(AppSpec.fromJson(full.toJson())).isEqualTo(full);
        AppSpec one = spec("{\"image\": \"b:1\", \"env\": {\"A\": \"1\", \"B\": \"2\"}}");
        AppSpec two = spec("{\"env\": {\"B\": \"2\", \"A\": \"1\"}, \"network\": \"bridge\", \"image\": \"b:1\"}");
        assertThat(one.toJson().toString()).isEqualTo(two.toJson().toString())
                .isEqualTo("{\"image\":\"b:1\",\"pullPolicy\":\"ifNotPresent\",\"env\":{\"A\":\"1\",\"B\":\"2\"},"
                        + "\"network\":\"bridge\",\"restartPolicy\":{\"name\":\"unless-stopped\"},"
                        + "\"restartOnUnhealthy\":false}");
        assertThat(JsonSchemas.load().validate("app-spec", one.toJson())).isEmpty();
        assertThat(spec("{\"image\": \"b:1\", \"env\": {\"A\": \"2\"}}").toJson())
                .isNotEqualTo(one.toJson());
    }

    @Test
    void aLimitBelowTheReservationIsAProblemNamingBothValues() throws IOException {
        assertThat(spec("{\"image\": \"b:1\", \"memoryReservationMiB\": 256, \"memoryLimitMiB\": 128}").validate())
                .containsExactly("/memoryLimitMiB: must be at least memoryReservationMiB (256), got 128");
        assertThat(spec("{\"image\": \"b:1\", \"memoryReservationMiB\": 128, \"memoryLimitMiB\": 128}").validate())
                .isEmpty();
    }

    @Test
    void memoryBelowDockersMinimumIsAProblem() throws IOException {
        assertThat(spec("{\"image\": \"b:1\", \"memoryLimitMiB\": 4}").validate())
                .containsExactly("/memoryLimitMiB: Docker needs at least 6 MiB, got 4");
    }

    @Test
    void aRelativeBindSourceAndAReusedTargetAreProblems() throws IOException {
        AppSpec spec = spec("""
                {"image": "b:1", "volumes": [
                  {"type": "bind", "source": "data", "target": "/data"},
                  {"type": "volume", "name": "cache", "target": "/data"}]}
                """);

        assertThat(spec.validate()).containsExactly(
                "/volumes/0/source: a bind mount needs an absolute host path, got 'data'",
                "/volumes/1/target: '/data' is mounted twice");
    }

    @Test
    void reservedLabelKeysAreProblems() throws IOException {
        assertThat(spec("{\"image\": \"b:1\", \"labels\": {\"io.edgefleet.app\": \"x\", \"ok\": \"1\"}}").validate())
                .containsExactly("/labels/io.edgefleet.app: keys starting with 'io.edgefleet.' are reserved for "
                        + "edgefleet");
    }

    @Test
    void aHostPortPublishedTwiceIsAProblemUnlessProtocolsOrAddressesDiffer() throws IOException {
        assertThat(spec("""
                {"image": "b:1", "ports": [{"hostPort": 8080, "containerPort": 80},
                                           {"hostPort": 8080, "containerPort": 81}]}
                """).validate()).containsExactly("/ports/1/hostPort: host port 8080/tcp is published twice");
        assertThat(spec("""
                {"image": "b:1", "ports": [{"hostIp": "127.0.0.1", "hostPort": 8080, "containerPort": 80},
                                           {"hostPort": 8080, "containerPort": 81}]}
                """).validate()).containsExactly("/ports/1/hostPort: host port 8080/tcp is published twice");
        assertThat(spec("""
                {"image": "b:1", "ports": [{"hostPort": 8080, "containerPort": 80},
                                           {"hostPort": 8080, "containerPort": 80, "protocol": "udp"},
                                           {"hostIp": "127.0.0.1", "hostPort": 9090, "containerPort": 90},
                                           {"hostIp": "127.0.0.2", "hostPort": 9090, "containerPort": 91}]}
                """).validate()).isEmpty();
    }

    @Test
    void publishedPortsNeedANetworkThatCanPublish() throws IOException {
        assertThat(spec("{\"image\": \"b:1\", \"network\": \"host\", \"ports\": [{\"hostPort\": 80, "
                + "\"containerPort\": 80}]}").validate())
                .containsExactly("/ports: ports cannot be published with network 'host'");
    }

    @Test
    void retriesOutsideOnFailureAndGpuCountWithIdsAreProblems() throws IOException {
        assertThat(spec("{\"image\": \"b:1\", \"restartPolicy\": {\"name\": \"always\", \"maximumRetryCount\": 2}, "
                + "\"gpus\": {\"count\": 1, \"deviceIds\": [\"0\"]}}").validate())
                .containsExactly("/restartPolicy/maximumRetryCount: only allowed with policy 'on-failure', not "
                        + "'always'", "/gpus: set either count or deviceIds, not both");
    }
}
