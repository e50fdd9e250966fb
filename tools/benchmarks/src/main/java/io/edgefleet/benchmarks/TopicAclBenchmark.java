package io.edgefleet.benchmarks;

import io.edgefleet.broker.auth.Identity;
import io.edgefleet.broker.auth.TopicAcl;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The broker's topic authorisation ({@link TopicAcl}), asked on every PUBLISH (and every delivery to an integration
 * key) and on every SUBSCRIBE. Inputs are fields, not constants, so the JIT cannot fold the checks away.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TopicAclBenchmark {

    private final TopicAcl acl = new TopicAcl();
    private Identity agent = Identity.agent(Payloads.TENANT, Payloads.ENDPOINT);
    private Identity service = Identity.service("telemetry");
    private Identity integration = Identity.integration(Payloads.TENANT, "ik-m4x2q7v3k5td");
    private String heartbeat = "edge/v1/acme/ep-k3v7q2mxa4td/heartbeat";
    private String state = "edge/v1/acme/ep-k3v7q2mxa4td/state";
    private String otherEndpointsHeartbeat = "edge/v1/acme/ep-aaaaaaaaaaaa/heartbeat";
    private String desired = "edge/v1/acme/ep-k3v7q2mxa4td/desired";
    private String sharedMetrics = "$share/telemetry/edge/v1/+/+/metrics";
    private String tenantHeartbeats = "edge/v1/acme/+/heartbeat";
    private String fleetEvents = "fleet/v1/acme/events/#";
    private String onlineEvent = "fleet/v1/acme/events/endpoint.online";
    private String agentAttribute = agent.toAttribute();

    /** An agent's heartbeat: the most frequent publish of the fleet. */
    @Benchmark
    public boolean agentPublish() {
        return acl.mayPublish(agent, heartbeat);
    }

    /** An agent's retained state report. */
    @Benchmark
    public boolean agentPublishRetained() {
        return acl.mayPublishRetained(agent, state);
    }

    /** An agent publishing as another endpoint: refused. */
    @Benchmark
    public boolean agentPublishRefused() {
        return acl.mayPublish(agent, otherEndpointsHeartbeat);
    }

    /** An agent's subscription to its desired document (once per connect). */
    @Benchmark
    public boolean agentSubscribe() {
        return acl.maySubscribe(agent, desired);
    }

    /** A service's shared wildcard subscription. */
    @Benchmark
    public boolean serviceSubscribeShared() {
        return acl.maySubscribe(service, sharedMetrics);
    }

    /** An integration key subscribing to every heartbeat of its tenant. */
    @Benchmark
    public boolean integrationSubscribeHeartbeats() {
        return acl.maySubscribe(integration, tenantHeartbeats);
    }

    /** An integration key subscribing to the tenant's fleet events. */
    @Benchmark
    public boolean integrationSubscribeEvents() {
        return acl.maySubscribe(integration, fleetEvents);
    }

    /** The check on every message delivered to an integration key. */
    @Benchmark
    public boolean integrationReceive() {
        return acl.mayReceive(integration, onlineEvent);
    }

    /** Reading a connection's identity back from its attribute (once per connection, at authorisation). */
    @Benchmark
    public Optional<Identity> identityFromAttribute() {
        return Identity.fromAttribute(agentAttribute);
    }
}
