package io.edgefleet.deployment.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigMergeTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    private static SetVersion version(String name, int version, String entries, String files) throws Exception {
        return new SetVersion(name, version, (ObjectNode) json(entries), (ObjectNode) json(files), OffsetDateTime.now(),
                "user:test");
    }

    private static Map<String, SetVersion> versions(SetVersion... versions) {
        java.util.HashMap<String, SetVersion> byKey = new java.util.HashMap<>();
        for (SetVersion version : versions) {
            byKey.put(SetVersion.key(version.name(), version.version()), version);
        }
        return byKey;
    }

    @Test
    void aLaterSetOverridesAnEarlierOneAndTheSpecsOwnEnvOverridesBoth() throws Exception {
        JsonNode spec = json("{\"image\":\"a:1\",\"env\":{\"A\":\"spec\"}}");
        ArrayNode refs = (ArrayNode) json("[{\"name\":\"one\",\"resolvedVersion\":1,\"env\":true},"
                + "{\"name\":\"two\",\"resolvedVersion\":3,\"env\":true}]");

        JsonNode merged = ConfigMerge.apply(spec, refs, versions(
                version("one", 1, "{\"A\":\"one\",\"B\":\"one\",\"C\":\"one\"}", "{}"),
                version("two", 3, "{\"B\":\"two\"}", "{}")));

        assertThat(merged.path("env")).isEqualTo(json("{\"A\":\"spec\",\"B\":\"two\",\"C\":\"one\"}"));
        assertThat(spec.path("env").size()).as("the stored spec is not changed").isEqualTo(1);
    }

    @Test
    void filesAreMountedUnderTheMountPathSortedByNameAndTheSpecsOwnFileWins() throws Exception {
        JsonNode spec = json("{\"image\":\"a:1\",\"files\":[{\"path\":\"/etc/app/b.conf\",\"content\":\"own\"}]}");
        ArrayNode refs = (ArrayNode) json("[{\"name\":\"s\",\"resolvedVersion\":2,\"env\":false,\"mountPath\":\"/etc/app\"}]");

        JsonNode merged = ConfigMerge.apply(spec, refs, versions(
                version("s", 2, "{\"X\":\"1\"}", "{\"c.conf\":\"c\",\"b.conf\":\"set\",\"a.conf\":\"a\"}")));

        assertThat(merged.path("files")).isEqualTo(json("[{\"path\":\"/etc/app/b.conf\",\"content\":\"own\"},"
                + "{\"path\":\"/etc/app/a.conf\",\"content\":\"a\"},{\"path\":\"/etc/app/c.conf\",\"content\":\"c\"}]"));
        assertThat(merged.has("env")).as("env false").isFalse();
    }

    @Test
    void aSpecWithoutReferencesIsReturnedAsItIsAndAMissingVersionIsAnError() throws Exception {
        JsonNode spec = json("{\"image\":\"a:1\"}");

        assertThat(ConfigMerge.apply(spec, null, Map.of())).isSameAs(spec);
        assertThatThrownBy(() -> ConfigMerge.apply(spec, (ArrayNode) json("[{\"name\":\"s\",\"resolvedVersion\":4}]"),
                Map.of())).hasMessageContaining("s@4");
    }

    @Test
    void requestedReferencesDefaultEnvToTrueDropAResolvedVersionAndSortRegistries() throws Exception {
        ConfigRefs refs = ConfigRefs.fromBody(json("{\"configSets\":[{\"name\":\"s\",\"resolvedVersion\":9,"
                + "\"mountPath\":\"/etc/s/\"},{\"name\":\"p\",\"version\":2,\"env\":false}],\"registries\":[\"z\",\"a\"]}"));

        assertThat(refs.configSets()).isEqualTo(json("[{\"name\":\"s\",\"env\":true,\"mountPath\":\"/etc/s\"},"
                + "{\"name\":\"p\",\"version\":2,\"env\":false}]"));
        assertThat(refs.registries()).isEqualTo(json("[\"a\",\"z\"]"));
        assertThat(refs.follows("s")).isTrue();
        assertThat(refs.follows("p")).as("pinned").isFalse();
        assertThat(refs.following("s", 5).configSets().get(0).path("resolvedVersion").asInt()).isEqualTo(5);
        assertThat(ConfigRefs.fromBody(json("{\"configSets\":[],\"registries\":[]}"))).isEqualTo(ConfigRefs.NONE);
    }
}
