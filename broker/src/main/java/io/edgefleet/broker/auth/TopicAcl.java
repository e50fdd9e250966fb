package io.edgefleet.broker.auth;

import java.util.List;

/**
 * Which topics a client may publish to and which filters it may subscribe to (docs/architecture.md,
 * "Broker authorisation"). Pure and stateless: the broker asks it on every publish and subscribe.
 *
 * <ul>
 *   <li>Agent {@code {e}} of tenant {@code {t}} publishes only {@code edge/v1/{t}/{e}/{presence|heartbeat|state|
 *   metrics|logs|events|replies}}, retains only on {@code presence} and {@code state}, and subscribes only to the
 *   exact filters {@code edge/v1/{t}/{e}/desired} and {@code edge/v1/{t}/{e}/commands}. Every wildcard filter is
 *   refused: none can stay inside those two topics.</li>
 *   <li>A service account may do everything, shared subscriptions ({@code $share/...}) included.</li>
 *   <li>An integration key of tenant {@code {t}} never publishes; it subscribes to
 *   {@code edge/v1/{t}/+/{presence|heartbeat|state|metrics|logs|events}}, {@code fleet/v1/{t}/events/#}, or any
 *   narrower filter inside them, except one naming an admin-only event type ({@code audit.recorded}: user emails and
 *   source addresses, for tenant admins only); a wider filter is allowed, but such events are never delivered to it
 *   ({@link #mayReceive}).</li>
 *   <li>Only service accounts use {@code $share/...} and other {@code $}-topics.</li>
 * </ul>
 */
public final class TopicAcl {

    private static final String EDGE_PREFIX = "edge/v1/";
    private static final List<String> AGENT_PUBLISH =
            List.of("heartbeat", "metrics", "state", "presence", "logs", "events", "replies");
    private static final List<String> AGENT_RETAIN = List.of("presence", "state");
    private static final List<String> AGENT_SUBSCRIBE = List.of("desired", "commands");
    private static final List<String> AGENT_WILL = List.of("presence");
    private static final String INTEGRATION_EDGE_LEAVES = "presence|heartbeat|state|metrics|logs|events";
    private static final String FLEET_PREFIX = "fleet/v1/";
    private static final String EVENTS_LEVEL = "/events/";
    /** Event types whose data only tenant admins may read (the REST audit log needs tenant-admin too). */
    private static final List<String> ADMIN_ONLY_EVENT_TYPES = List.of("audit.recorded");

    /**
     * @param identity who publishes
     * @param topic    the topic name of the PUBLISH (never a filter)
     * @return whether {@code identity} may publish a non-retained message to {@code topic}
     */
    public boolean mayPublish(Identity identity, String topic) {
        return switch (identity.kind()) {
            case SERVICE -> true;
            case AGENT -> isOwnEdgeTopic(identity, topic, AGENT_PUBLISH);
            case INTEGRATION -> false;
        };
    }

    /**
     * @return whether {@code identity} may publish a retained message to {@code topic}
     */
    public boolean mayPublishRetained(Identity identity, String topic) {
        return switch (identity.kind()) {
            case SERVICE -> true;
            case AGENT -> isOwnEdgeTopic(identity, topic, AGENT_RETAIN);
            case INTEGRATION -> false;
        };
    }

    /**
     * @return whether {@code identity} may leave a Last Will on {@code topic}: an agent only on its own presence
     */
    public boolean mayUseWill(Identity identity, String topic) {
        return switch (identity.kind()) {
            case SERVICE -> true;
            case AGENT -> isOwnEdgeTopic(identity, topic, AGENT_WILL);
            case INTEGRATION -> false;
        };
    }

    /**
     * @param identity who subscribes
     * @param filter   the topic filter as sent, a {@code $share/<group>/} prefix included
     * @return whether every topic the filter can match is one {@code identity} may receive
     */
    public boolean maySubscribe(Identity identity, String filter) {
        if (identity.kind() == Identity.Kind.SERVICE) {
            return true;
        }
        if (filter.startsWith("$")) {
            return false;
        }
        return switch (identity.kind()) {
            case AGENT -> isOwnEdgeTopic(identity, filter, AGENT_SUBSCRIBE);
            case INTEGRATION -> isWithin(filter, EDGE_PREFIX + identity.tenant() + "/+/" + INTEGRATION_EDGE_LEAVES)
                    || (isWithin(filter, FLEET_PREFIX + identity.tenant() + "/events/#") && !isAdminOnlyEvent(filter));
            case SERVICE -> true;
        };
    }

    /**
     * The last word on delivery: a subscription allowed by {@link #maySubscribe} may still match topics its client
     * must not read ({@code fleet/v1/{t}/events/#} matches {@code fleet/v1/{t}/events/audit.recorded}).
     *
     * @param identity who would receive the message
     * @param topic    the topic name of the PUBLISH being delivered
     * @return whether the broker may deliver a message on {@code topic} to {@code identity}
     */
    public boolean mayReceive(Identity identity, String topic) {
        return identity.kind() != Identity.Kind.INTEGRATION || !isAdminOnlyEvent(topic);
    }

    /** @return {@code edge/v1/{tenant}/{endpoint}/presence} of an agent, its only Last Will topic */
    public static String presenceTopic(Identity agent) {
        if (agent.kind() != Identity.Kind.AGENT) {
            throw new IllegalArgumentException("only agents have a presence topic, not " + agent);
        }
        return EDGE_PREFIX + agent.tenant() + "/" + agent.name() + "/presence";
    }

    /**
     * {@code fleet/v1/<one level>/events/<admin-only type>}, alone or with deeper levels, compared in place: this runs
     * for every message delivered to an integration key. The tenant level may be {@code +} when given a filter.
     */
    static boolean isAdminOnlyEvent(String topicOrFilter) {
        if (!topicOrFilter.startsWith(FLEET_PREFIX)) {
            return false;
        }
        int slash = topicOrFilter.indexOf('/', FLEET_PREFIX.length());
        if (slash <= FLEET_PREFIX.length() || !topicOrFilter.startsWith(EVENTS_LEVEL, slash)) {
            return false;
        }
        int type = slash + EVENTS_LEVEL.length();
        int end = topicOrFilter.indexOf('/', type);
        int typeLength = (end < 0 ? topicOrFilter.length() : end) - type;
        for (String adminOnly : ADMIN_ONLY_EVENT_TYPES) {
            if (adminOnly.length() == typeLength && topicOrFilter.startsWith(adminOnly, type)) {
                return true;
            }
        }
        return false;
    }

    /** {@code edge/v1/{tenant}/{endpoint}/{leaf}}, compared in place: this runs for every publish. */
    private static boolean isOwnEdgeTopic(Identity agent, String topic, List<String> leaves) {
        if (!topic.startsWith(EDGE_PREFIX)) {
            return false;
        }
        int at = matchLevel(topic, EDGE_PREFIX.length(), agent.tenant());
        at = at < 0 ? -1 : matchLevel(topic, at, agent.name());
        if (at < 0) {
            return false;
        }
        int leafLength = topic.length() - at;
        for (String leaf : leaves) {
            if (leaf.length() == leafLength && topic.startsWith(leaf, at)) {
                return true;
            }
        }
        return false;
    }

    /** @return the index after {@code level/} at {@code from}, or -1 */
    private static int matchLevel(String topic, int from, String level) {
        int end = from + level.length();
        if (topic.length() > end && topic.charAt(end) == '/' && topic.startsWith(level, from)) {
            return end + 1;
        }
        return -1;
    }

    /**
     * Whether every topic matched by {@code filter} is matched by {@code pattern}. A pattern level is a literal,
     * {@code a|b|c} (one of these literals), {@code +} or a trailing {@code #}.
     */
    static boolean isWithin(String filter, String pattern) {
        String[] f = filter.split("/", -1);
        String[] p = pattern.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (i >= p.length) {
                return false;
            }
            if (p[i].equals("#")) {
                return true;
            }
            if (f[i].equals("#")) {
                return false;
            }
            if (p[i].equals("+")) {
                continue;
            }
            if (f[i].equals("+") || !isOneOf(f[i], p[i])) {
                return false;
            }
        }
        // a filter with fewer levels is inside only when the pattern's '#' also matches the parent level
        return f.length == p.length || (f.length == p.length - 1 && p[p.length - 1].equals("#"));
    }

    private static boolean isOneOf(String level, String alternatives) {
        for (String alternative : alternatives.split("\\|", -1)) {
            if (alternative.equals(level)) {
                return true;
            }
        }
        return false;
    }
}
