package io.edgefleet.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.schemas.hostile.HostileText;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Topic names and filters built from hostile levels (wildcards where none belong, traversal, empty and very long
 * levels, U+0000, look-alike prefixes) never widen what an agent or integration key may reach: an agent publishes
 * and subscribes only to its exact own topics, and a filter granted to an integration key matches none of the topics
 * it must not read. No input makes the ACL throw.
 */
class TopicAclHostileTopicsTest {

    private static final String TENANT = "default";
    private static final String ENDPOINT = "ep-aaaaaaaaaaaa";
    private static final Identity AGENT = Identity.agent(TENANT, ENDPOINT);
    private static final Identity KEY = Identity.integration(TENANT, "ik-aaaaaaaaaaaa");
    private static final List<String> AGENT_PUBLISH = List.of("presence", "heartbeat", "state", "metrics", "logs",
            "events", "replies");
    /** Topics no integration key of {@link #TENANT} may read, whatever filter it was granted. */
    private static final List<String> SECRET_TOPICS = List.of(
            "edge/v1/" + TENANT + "/" + ENDPOINT + "/desired", "edge/v1/" + TENANT + "/" + ENDPOINT + "/commands",
            "edge/v1/" + TENANT + "/" + ENDPOINT + "/replies", "edge/v1/acme/" + ENDPOINT + "/state",
            "edge/v1/acme/" + ENDPOINT + "/heartbeat", "fleet/v1/acme/events/endpoint.online",
            "fleet/v1/" + TENANT + "/tenant", "fleet/v1/" + TENANT + "/endpoints/" + ENDPOINT,
            "fleet/v1/" + TENANT + "/partitions/p1/desired", "platform/v1/deadletter/registry",
            "platform/v1/events/audit.recorded", "edge/v1/" + TENANT + "/" + ENDPOINT + "/state/extra",
            "edge/v1/" + TENANT + "/" + ENDPOINT, "$SYS/broker/clients");

    private final TopicAcl acl = new TopicAcl();

    @Provide
    Arbitrary<String> topics() {
        Arbitrary<String> level = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of(TENANT, ENDPOINT, "acme", "ep-bbbbbbbbbbbb", "edge", "v1",
                        "fleet", "events", "audit.recorded", "desired", "commands", "state", "heartbeat", "replies",
                        "tenant", "endpoints", "partitions")),
                net.jqwik.api.Tuple.of(2, HostileText.topicLevel()));
        Arbitrary<String> prefix = Arbitraries.of("edge/v1/", "fleet/v1/", "edge/v1/" + TENANT + "/",
                "edge/v1/" + TENANT + "/" + ENDPOINT + "/", "fleet/v1/" + TENANT + "/events/", "$share/g/edge/v1/",
                "/edge/v1/", "edge//v1/", "Edge/v1/", "edge/v2/", "", "platform/v1/");
        return prefix.flatMap(p -> level.list().ofMinSize(0).ofMaxSize(4).map(levels -> p + String.join("/", levels)));
    }

    @Property
    void anAgentPublishesOnlyToItsExactOwnTopics(@ForAll("topics") String topic) {
        boolean own = AGENT_PUBLISH.stream().anyMatch(leaf -> topic.equals("edge/v1/" + TENANT + "/" + ENDPOINT + "/" + leaf));

        assertThat(acl.mayPublish(AGENT, topic)).as(topic).isEqualTo(own);
        assertThat(acl.mayPublishRetained(AGENT, topic)).as(topic).isEqualTo(own
                && (topic.endsWith("/presence") || topic.endsWith("/state")));
        assertThat(acl.mayPublish(KEY, topic)).isFalse();
    }

    @Property
    void anAgentSubscribesOnlyToItsExactDesiredAndCommandsTopics(@ForAll("topics") String filter) {
        boolean own = filter.equals("edge/v1/" + TENANT + "/" + ENDPOINT + "/desired")
                || filter.equals("edge/v1/" + TENANT + "/" + ENDPOINT + "/commands");

        assertThat(acl.maySubscribe(AGENT, filter)).as(filter).isEqualTo(own);
    }

    @Property
    void aFilterGrantedToAnIntegrationKeyMatchesNoTopicItMustNotRead(@ForAll("topics") String filter) {
        if (!acl.maySubscribe(KEY, filter)) {
            return;
        }
        for (String secret : SECRET_TOPICS) {
            assertThat(matches(filter, secret)).as("granted %s matches %s", filter, secret).isFalse();
        }
        assertThat(filter).doesNotStartWith("$");
    }

    /** MQTT 5 topic matching (section 4.7), written out here independently of the broker. */
    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        if (topic.startsWith("$") && (f[0].equals("+") || f[0].equals("#"))) {
            return false;
        }
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return i == f.length - 1;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
