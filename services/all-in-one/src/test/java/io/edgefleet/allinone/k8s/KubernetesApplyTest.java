package io.edgefleet.allinone.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rendered object is accepted by fabric8's API server mock in CRUD mode and reads back as it was sent. */
class KubernetesApplyTest {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    // the mock logs every request at INFO; kept referenced so the level holds
    private static final Logger MOCK_LOG = quiet("io.fabric8.mockwebserver.MockWebServer");

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.WARNING);
        return logger;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyRenderedObjectAppliesAndReadsBackUnchanged(String overlay) {
        Rendered rendered = KubernetesManifestsTest.rendered(overlay);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        try (KubernetesClient client = server.createClient()) {
            String namespace = rendered.objects().get(0).getMetadata().getNamespace();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                    .create();
            for (HasMetadata object : rendered.objects()) {
                assertEquals(namespace, object.getMetadata().getNamespace(), describe(object) + " is in another namespace");
                client.resource(object).create();
            }
            for (HasMetadata object : rendered.objects()) {
                HasMetadata stored = client.resource(object).get();
                assertNotNull(stored, describe(object) + " did not read back");
                assertEquals(content(object), content(stored), describe(object) + " changed on the way");
            }
            Map<String, Integer> sent = countByKind(rendered.objects());
            Map<String, Integer> listed = new TreeMap<>();
            for (HasMetadata object : rendered.objects()) {
                listed.computeIfAbsent(object.getKind(),
                        kind -> client.resources(object.getClass()).inNamespace(namespace).list().getItems().size());
            }
            assertEquals(sent, listed, "objects listed per kind");
        } finally {
            server.destroy();
        }
    }

    /** The object without the fields the server fills in (metadata's uid, version, timestamps; status). */
    private static Map<String, Object> content(HasMetadata object) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = new TreeMap<>(JSON.convertValue(object, Map.class));
        map.remove("status");
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) map.remove("metadata");
        map.put("name", metadata.get("name"));
        map.put("labels", metadata.get("labels"));
        return map;
    }

    private static Map<String, Integer> countByKind(List<HasMetadata> objects) {
        Map<String, Integer> counts = new TreeMap<>();
        objects.forEach(o -> counts.merge(o.getKind(), 1, Integer::sum));
        return counts;
    }

    private static String describe(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }
}
