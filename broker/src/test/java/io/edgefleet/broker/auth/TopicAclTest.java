package io.edgefleet.broker.auth;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicAclTest {

    static final String A = "ep-aaaaaaaaaaaa";
    static final String B = "ep-bbbbbbbbbbbb";
    static final Identity AGENT_A = Identity.agent("default", A);
    static final Identity AGENT_OTHER_TENANT = Identity.agent("acme", A);
    static final Identity SERVICE = Identity.service("registry");
    static final Identity INTEGRATION = Identity.integration("default", "ik-aaaaaaaaaaaa");

    final TopicAcl acl = new TopicAcl();

    @Nested
    class Agent {

        @ParameterizedTest
        @ValueSource(strings = {"presence", "heartbeat", "state", "metrics", "logs", "events", "replies"})
        void publishesToItsOwnTopics(String leaf) {
            assertThat(acl.mayPublish(AGENT_A, "edge/v1/default/" + A + "/" + leaf)).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "edge/v1/default/" + B + "/heartbeat",
                "edge/v1/acme/" + A + "/heartbeat",
                "edge/v1/default/" + A + "/desired",
                "edge/v1/default/" + A + "/commands",
                "edge/v1/default/" + A + "/heartbeat/extra",
                "edge/v1/default/" + A + "/",
                "edge/v1/default/" + A,
                "edge/v1/default/" + A + "x/heartbeat",
                "edge/v1/defaultx/" + A + "/heartbeat",
                "edge/v2/default/" + A + "/heartbeat",
                "fleet/v1/default/events/endpoint.deleted",
                "platform/v1/deadletter/agent",
                "$SYS/broker"})
        void cannotPublishAnywhereElse(String topic) {
            assertThat(acl.mayPublish(AGENT_A, topic)).isFalse();
        }

        @Test
        void retainsOnlyPresenceAndState() {
            assertThat(acl.mayPublishRetained(AGENT_A, "edge/v1/default/" + A + "/presence")).isTrue();
            assertThat(acl.mayPublishRetained(AGENT_A, "edge/v1/default/" + A + "/state")).isTrue();
            assertThat(acl.mayPublishRetained(AGENT_A, "edge/v1/default/" + A + "/heartbeat")).isFalse();
            assertThat(acl.mayPublishRetained(AGENT_A, "edge/v1/default/" + B + "/presence")).isFalse();
        }

        @Test
        void leavesItsLastWillOnlyOnItsPresenceTopic() {
            assertThat(acl.mayUseWill(AGENT_A, "edge/v1/default/" + A + "/presence")).isTrue();
            assertThat(acl.mayUseWill(AGENT_A, "edge/v1/default/" + A + "/state")).isFalse();
            assertThat(acl.mayUseWill(AGENT_A, "edge/v1/default/" + B + "/presence")).isFalse();
            assertThat(TopicAcl.presenceTopic(AGENT_A)).isEqualTo("edge/v1/default/" + A + "/presence");
        }

        @Test
        void subscribesOnlyToItsDesiredStateAndCommands() {
            assertThat(acl.maySubscribe(AGENT_A, "edge/v1/default/" + A + "/desired")).isTrue();
            assertThat(acl.maySubscribe(AGENT_A, "edge/v1/default/" + A + "/commands")).isTrue();
            assertThat(acl.maySubscribe(AGENT_A, "edge/v1/default/" + A + "/heartbeat")).isFalse();
        }

        @DisplayName("refuses every wildcard and shared subscription, and other agents' or tenants' topics")
        @ParameterizedTest
        @ValueSource(strings = {
                "edge/v1/default/" + B + "/commands",
                "edge/v1/acme/" + A + "/commands",
                "edge/v1/default/" + A + "/+",
                "edge/v1/default/" + A + "/#",
                "edge/v1/default/+/commands",
                "edge/v1/+/" + A + "/commands",
                "edge/v1/#",
                "#",
                "+/v1/default/" + A + "/commands",
                "$share/g/edge/v1/default/" + A + "/commands",
                "fleet/v1/default/events/#"})
        void refusesFiltersOutsideItsOwnTopics(String filter) {
            assertThat(acl.maySubscribe(AGENT_A, filter)).isFalse();
        }

        @Test
        void sameEndpointIdInAnotherTenantHasOnlyThatTenantsTopics() {
            assertThat(acl.mayPublish(AGENT_OTHER_TENANT, "edge/v1/acme/" + A + "/heartbeat")).isTrue();
            assertThat(acl.mayPublish(AGENT_OTHER_TENANT, "edge/v1/default/" + A + "/heartbeat")).isFalse();
            assertThat(acl.maySubscribe(AGENT_OTHER_TENANT, "edge/v1/default/" + A + "/commands")).isFalse();
        }
    }

    @Nested
    class ServiceAccount {

        @ParameterizedTest
        @ValueSource(strings = {"edge/v1/default/" + A + "/commands", "fleet/v1/default/events/endpoint.deleted",
                "platform/v1/deadletter/registry", "anything/at/all"})
        void publishesAndRetainsEverywhere(String topic) {
            assertThat(acl.mayPublish(SERVICE, topic)).isTrue();
            assertThat(acl.mayPublishRetained(SERVICE, topic)).isTrue();
            assertThat(acl.mayUseWill(SERVICE, topic)).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"#", "edge/v1/+/+/heartbeat", "$share/registry/edge/v1/+/+/heartbeat",
                "$share/registry/fleet/v1/+/events/#"})
        void subscribesToAnythingIncludingSharedSubscriptions(String filter) {
            assertThat(acl.maySubscribe(SERVICE, filter)).isTrue();
        }

        @Test
        void receivesAuditEvents() {
            assertThat(acl.maySubscribe(SERVICE, "fleet/v1/default/events/audit.recorded")).isTrue();
            assertThat(acl.mayReceive(SERVICE, "fleet/v1/default/events/audit.recorded")).isTrue();
            assertThat(acl.mayReceive(AGENT_A, "edge/v1/default/" + A + "/commands")).isTrue();
        }
    }

    @Nested
    class IntegrationKey {

        @ParameterizedTest
        @ValueSource(strings = {
                "edge/v1/default/+/presence",
                "edge/v1/default/+/heartbeat",
                "edge/v1/default/+/state",
                "edge/v1/default/+/metrics",
                "edge/v1/default/+/logs",
                "edge/v1/default/+/events",
                "edge/v1/default/" + A + "/state",
                "fleet/v1/default/events/#",
                "fleet/v1/default/events",
                "fleet/v1/default/events/endpoint.registered",
                "fleet/v1/default/events/+",
                "fleet/v1/default/events/+/deeper/#",
                "fleet/v1/default/events/audit.recordedx",
                "fleet/v1/default/events/audit"})
        void subscribesInsideItsTenantsReadableTopics(String filter) {
            assertThat(acl.maySubscribe(INTEGRATION, filter)).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "edge/v1/default/+/+",
                "edge/v1/default/+/desired",
                "edge/v1/default/+/commands",
                "edge/v1/default/+/replies",
                "edge/v1/default/#",
                "edge/v1/default/+",
                "edge/v1/default/+/state/more",
                "edge/v1/+/+/state",
                "edge/v1/acme/+/state",
                "fleet/v1/acme/events/#",
                "fleet/v1/+/events/#",
                "fleet/v1/default/#",
                "fleet/v1/default/+/#",
                "platform/v1/deadletter/#",
                "#",
                "$share/g/edge/v1/default/+/state"})
        void refusesFiltersThatReachOutside(String filter) {
            assertThat(acl.maySubscribe(INTEGRATION, filter)).isFalse();
        }

        @DisplayName("refuses every filter that names the audit events, which are for tenant admins only")
        @ParameterizedTest
        @ValueSource(strings = {
                "fleet/v1/default/events/audit.recorded",
                "fleet/v1/default/events/audit.recorded/#",
                "fleet/v1/default/events/audit.recorded/+"})
        void refusesFiltersNamingAdminOnlyEvents(String filter) {
            assertThat(acl.maySubscribe(INTEGRATION, filter)).isFalse();
        }

        @DisplayName("is never delivered audit events, whatever filter matched them; every other readable topic is")
        @Test
        void receivesEverythingButAdminOnlyEvents() {
            assertThat(acl.mayReceive(INTEGRATION, "fleet/v1/default/events/audit.recorded")).isFalse();
            assertThat(acl.mayReceive(INTEGRATION, "fleet/v1/default/events/audit.recorded/more")).isFalse();
            assertThat(acl.mayReceive(INTEGRATION, "fleet/v1/default/events/endpoint.registered")).isTrue();
            assertThat(acl.mayReceive(INTEGRATION, "fleet/v1/default/events/audit.recordedx")).isTrue();
            assertThat(acl.mayReceive(INTEGRATION, "fleet/v1/default/events/audit")).isTrue();
            assertThat(acl.mayReceive(INTEGRATION, "edge/v1/default/" + A + "/events")).isTrue();
            assertThat(acl.mayReceive(INTEGRATION, "edge/v1/default/audit.recorded/events")).isTrue();
        }

        @Test
        void neverPublishes() {
            assertThat(acl.mayPublish(INTEGRATION, "edge/v1/default/" + A + "/state")).isFalse();
            assertThat(acl.mayPublish(INTEGRATION, "fleet/v1/default/events/x")).isFalse();
            assertThat(acl.mayPublishRetained(INTEGRATION, "edge/v1/default/" + A + "/state")).isFalse();
            assertThat(acl.mayUseWill(INTEGRATION, "edge/v1/default/" + A + "/presence")).isFalse();
        }
    }

    @ParameterizedTest
    @DisplayName("partition documents (registry credentials in them) are for services only")
    @ValueSource(strings = {
            "fleet/v1/default/partitions/line-1/desired",
            "fleet/v1/default/partitions/line-1/state",
            "fleet/v1/default/partitions/+/desired",
            "fleet/v1/default/partitions/#",
            "fleet/v1/+/partitions/+/desired"})
    void partitionTopicsAreForServicesOnly(String topic) {
        assertThat(acl.maySubscribe(SERVICE, topic)).isTrue();
        assertThat(acl.maySubscribe(AGENT_A, topic)).isFalse();
        assertThat(acl.maySubscribe(INTEGRATION, topic)).isFalse();
        if (!topic.contains("+") && !topic.contains("#")) {
            assertThat(acl.mayPublishRetained(SERVICE, topic)).isTrue();
            assertThat(acl.mayPublish(AGENT_A, topic)).isFalse();
            assertThat(acl.mayPublishRetained(AGENT_A, topic)).isFalse();
            assertThat(acl.mayPublish(INTEGRATION, topic)).isFalse();
        }
    }

    @Test
    void onlyAgentsHaveAPresenceTopic() {
        assertThatThrownBy(() -> TopicAcl.presenceTopic(SERVICE)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b/c", "a/+/c", "a/b/#", "a/b", "a/x/c"})
    void filterIsWithinAPatternWhenEveryTopicItMatchesIsMatchedByThePattern(String filter) {
        assertThat(TopicAcl.isWithin(filter, "a/+/#")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "#", "+/b", "a/#", "b/c/d"})
    void filterReachingOutsideThePatternIsNotWithin(String filter) {
        assertThat(TopicAcl.isWithin(filter, "a/+/#")).isFalse();
    }
}
