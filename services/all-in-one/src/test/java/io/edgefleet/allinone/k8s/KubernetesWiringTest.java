package io.edgefleet.allinone.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgefleet.broker.BrokerConfig;
import io.edgefleet.deployment.DeploymentConfig;
import io.edgefleet.gateway.GatewayConfig;
import io.edgefleet.kit.config.DbConfig;
import io.edgefleet.kit.config.HttpConfig;
import io.edgefleet.kit.config.MqttConfig;
import io.edgefleet.registry.RegistryConfig;
import io.edgefleet.telemetry.TelemetryConfig;
import io.edgefleet.tenancy.TenancyConfig;
import io.edgefleet.tenancy.auth.SigningKey;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each container's environment, built as the kubelet would from the rendered ConfigMap and env and from the Secrets
 * {@code k8s/create-secrets.sh} makes, is accepted by the part's own {@code fromEnv} and wires the parts together as
 * {@code AllInOne} does: shared internal token, each service's MQTT secret known to the broker, URLs and hosts that
 * name rendered Services on the right ports.
 */
class KubernetesWiringTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyPartAcceptsItsEnvironmentAndFindsTheOthers(String overlay) {
        Rendered rendered = KubernetesManifestsTest.rendered(overlay);
        OperatorSecrets secrets = OperatorSecrets.generate();
        Wiring wiring = new Wiring(rendered, secrets);

        BrokerConfig broker = BrokerConfig.fromEnv(wiring.env("broker"));
        assertEquals(wiring.port("broker", "mqtt"), broker.mqttPort());
        assertEquals(wiring.mountPath("broker", "data"), broker.dataDir().toString(), "broker data dir is its volume");
        wiring.assertServiceUrl(broker.registryUrl(), "registry");

        RegistryConfig registry = RegistryConfig.fromEnv(wiring.env("registry"));
        wiring.assertService("registry", registry.http(), registry.mqtt(), Optional.of(registry.db()), broker);
        assertEquals(broker.internalToken(), registry.internalToken());
        wiring.assertPublicBrokerUrl(URI.create(registry.publicBrokerUrl()));
        wiring.assertPublicGatewayUrl(URI.create(registry.publicGatewayUrl()));

        TenancyConfig tenancy = TenancyConfig.fromEnv(wiring.env("tenancy"));
        wiring.assertService("tenancy", tenancy.http(), tenancy.mqtt(), Optional.of(tenancy.db()), broker);
        assertEquals(broker.internalToken(), tenancy.internalToken());
        assertTrue(tenancy.jwtPrivateKeyPem().isPresent(), "replicas must share one JWT signing key");
        SigningKey.fromPem(tenancy.jwtPrivateKeyPem());
        assertTrue(tenancy.bootstrapEmail().isPresent() && tenancy.bootstrapPassword().isPresent());

        DeploymentConfig deployment = DeploymentConfig.fromEnv(wiring.env("deployment"));
        wiring.assertService("deployment", deployment.http(), deployment.mqtt(), Optional.of(deployment.db()), broker);
        assertEquals(broker.internalToken(), deployment.internalToken());
        assertTrue(deployment.secrets().isPresent(), "deployment seals registry credentials with the platform key");
        assertEquals(wiring.env("tenancy").get("EDGEFLEET_SECRET_KEY"), wiring.env("deployment").get("EDGEFLEET_SECRET_KEY"));

        TelemetryConfig telemetry = TelemetryConfig.fromEnv(wiring.env("telemetry"));
        wiring.assertService("telemetry", telemetry.http(), telemetry.mqtt(), Optional.of(telemetry.db()), broker);
        assertEquals(broker.internalToken(), telemetry.internalToken());

        GatewayConfig gateway = GatewayConfig.fromEnv(wiring.env("gateway"));
        wiring.assertService("gateway", gateway.http(), gateway.mqtt(), Optional.empty(), broker);
        assertEquals(broker.internalToken(), gateway.internalToken());
        wiring.assertServiceUrl(gateway.registryUrl(), "registry");
        wiring.assertServiceUrl(gateway.tenancyUrl(), "tenancy");
        wiring.assertServiceUrl(gateway.deploymentUrl(), "deployment");
        wiring.assertServiceUrl(gateway.telemetryUrl(), "telemetry");
    }

    private record Wiring(Rendered rendered, OperatorSecrets secrets) {

        Map<String, String> env(String workload) {
            return ContainerEnv.of(rendered.workload(workload).container(), rendered, secrets);
        }

        int port(String workload, String name) {
            Container container = rendered.workload(workload).container();
            return container.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort)
                    .findFirst().orElseThrow(() -> new AssertionError(workload + " has no port named " + name));
        }

        String mountPath(String workload, String volume) {
            return rendered.workload(workload).container().getVolumeMounts().stream()
                    .filter(m -> m.getName().equals(volume)).findFirst()
                    .orElseThrow(() -> new AssertionError(workload + " mounts no volume " + volume)).getMountPath();
        }

        void assertService(String name, HttpConfig http, MqttConfig mqtt, Optional<DbConfig> db, BrokerConfig broker) {
            assertEquals(port(name, "http"), http.port(), name + " listens where its probes and Service look");
            assertEquals("0.0.0.0", http.host(), name + " must listen on the pod's address");
            assertEquals("svc:" + name, mqtt.username());
            assertTrue(broker.serviceAccounts().check(name, mqtt.password().getBytes(StandardCharsets.UTF_8)),
                    "the broker does not accept " + name + "'s MQTT secret");
            assertServicePort(mqtt.host(), mqtt.port(), "broker");
            db.ifPresent(this::assertDatabase);
        }

        void assertDatabase(DbConfig db) {
            Optional<StatefulSet> postgres = rendered.find(StatefulSet.class, "postgres");
            if (postgres.isEmpty()) {
                assertTrue(rendered.find(Service.class, db.host()).isEmpty(), "prod's database is outside the cluster");
                return;
            }
            assertServicePort(db.host(), db.port(), "postgres");
            Map<String, String> server = env("postgres");
            assertEquals(server.get("POSTGRES_USER"), db.user());
            assertEquals(server.get("POSTGRES_DB"), db.database());
            assertEquals(server.get("POSTGRES_PASSWORD"), db.password());
        }

        void assertServiceUrl(URI url, String workload) {
            assertEquals("http", url.getScheme(), url.toString());
            assertServicePort(url.getHost(), url.getPort(), workload);
        }

        /** {@code host:port} is a rendered Service that forwards to {@code workload}'s pods on the matching port. */
        void assertServicePort(String host, int port, String workload) {
            Service service = rendered.find(Service.class, host)
                    .orElseThrow(() -> new AssertionError("no Service named " + host));
            Map<String, String> podLabels = rendered.workload(workload).template().getMetadata().getLabels();
            assertTrue(service.getSpec().getSelector().entrySet().stream()
                    .allMatch(e -> e.getValue().equals(podLabels.get(e.getKey()))), "Service " + host + " misses " + workload);
            ServicePort servicePort = service.getSpec().getPorts().stream().filter(p -> p.getPort() == port).findFirst()
                    .orElseThrow(() -> new AssertionError("Service " + host + " has no port " + port));
            var target = servicePort.getTargetPort();
            int targetPort = target.getIntVal() != null ? target.getIntVal() : port(workload, target.getStrVal());
            assertTrue(rendered.workload(workload).container().getPorts().stream()
                    .anyMatch(p -> p.getContainerPort() == targetPort), host + ":" + port + " leads nowhere");
        }

        /**
         * The install command's gateway URL is not the registry's default (localhost, which an edge machine cannot
         * use); with a NodePort gateway it names the node port.
         */
        void assertPublicGatewayUrl(URI url) {
            assertTrue(!"localhost".equals(url.getHost()), "EDGEFLEET_PUBLIC_GATEWAY_URL is left at " + url);
            Service external = rendered.find(Service.class, "gateway-public").orElseThrow();
            assertServicePort("gateway-public", external.getSpec().getPorts().get(0).getPort(), "gateway");
            if ("NodePort".equals(external.getSpec().getType())) {
                assertEquals(external.getSpec().getPorts().get(0).getNodePort(), url.getPort(),
                        "EDGEFLEET_PUBLIC_GATEWAY_URL " + url);
            }
        }

        /** The agents' broker URL names the port of the Service that takes MQTT from outside. */
        void assertPublicBrokerUrl(URI url) {
            Service external = rendered.find(Service.class, "broker-mqtt").orElseThrow();
            ServicePort mqtt = external.getSpec().getPorts().get(0);
            int reachable = "NodePort".equals(external.getSpec().getType()) ? mqtt.getNodePort() : mqtt.getPort();
            assertEquals(reachable, url.getPort() == -1 ? 1883 : url.getPort(), "EDGEFLEET_PUBLIC_BROKER_URL " + url);
            assertServicePort("broker-mqtt", mqtt.getPort(), "broker");
        }
    }
}
