package io.edgefleet.tenancy.partition.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.mqtt.DeadLetters;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.edgefleet.kit.mqtt.JsonIngress;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.edgefleet.tenancy.cluster.ClusterClients;
import io.edgefleet.tenancy.cluster.ClusterFailures;
import io.edgefleet.tenancy.partition.Partition;
import io.edgefleet.tenancy.partition.PartitionService;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent of the Kubernetes partitions, inside the platform: applies each partition desired document
 * ({@code fleet/v1/+/partitions/+/desired}, not shared so that the retained ones arrive at every start) into the
 * partition's namespace through its cluster's client, and publishes the partition's state, retained, on
 * {@code fleet/v1/{tenant}/partitions/{partition}/state} after every apply and whenever a periodic read of the
 * Deployments finds it changed. Documents and reads of one partition run one after another; partitions do not wait for
 * each other. An invalid document is dead-lettered; an empty payload (tenant purged) deletes the partition's apps and
 * clears its state.
 */
public final class PartitionWorkloadsVerticle extends VerticleBase {

    public static final String FILTER = "fleet/v1/+/partitions/+/desired";

    private static final Logger LOG = LoggerFactory.getLogger(PartitionWorkloadsVerticle.class);
    private static final Pattern TOPIC =
            Pattern.compile("^fleet/v1/([a-z][a-z0-9-]{1,39})/partitions/([a-z](?:[a-z0-9-]{0,17}[a-z0-9])?)/desired$");

    private final PartitionService partitions;
    private final ClusterClients clusters;
    private final MqttEventClient mqtt;
    private final JsonIngress ingress;
    private final DeadLetters deadLetters;
    private final Duration statusInterval;
    /** Per partition key: the last document received, the last state published, the work queued. */
    private final Map<String, Known> known = new HashMap<>();
    private long timer = -1;

    public PartitionWorkloadsVerticle(PartitionService partitions, ClusterClients clusters, MqttEventClient mqtt,
                                      JsonIngress ingress, DeadLetters deadLetters, Duration statusInterval) {
        this.partitions = Objects.requireNonNull(partitions, "partitions");
        this.clusters = Objects.requireNonNull(clusters, "clusters");
        this.mqtt = Objects.requireNonNull(mqtt, "mqtt");
        this.ingress = Objects.requireNonNull(ingress, "ingress");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.statusInterval = Objects.requireNonNull(statusInterval, "statusInterval");
    }

    /** The retained topic of a partition's state. */
    public static String stateTopic(String tenant, String partition) {
        return "fleet/v1/" + tenant + "/partitions/" + partition + "/state";
    }

    @Override
    public Future<?> start() {
        timer = vertx.setPeriodic(statusInterval.toMillis(), id -> refreshAll());
        return mqtt.subscribe(FILTER, MqttQoS.AT_LEAST_ONCE, this::onDesired);
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return Future.all(known.values().stream().map(k -> k.tail.recover(e -> Future.succeededFuture())).toList());
    }

    private void onDesired(InboundMessage message) {
        Matcher topic = TOPIC.matcher(message.topic());
        if (!topic.matches()) {
            deadLetters.reject(message, "topic: not a partition desired topic fleet/v1/{tenant}/partitions/{partition}/desired");
            return;
        }
        String tenant = topic.group(1);
        String partition = topic.group(2);
        if (message.payload().length() == 0) {
            inOrder(tenant, partition, known -> clear(tenant, partition, known));
            return;
        }
        JsonNode document = ingress.parse(message, "partition-desired").orElse(null);
        if (document == null) {
            return;
        }
        if (!tenant.equals(document.get("tenant").asText()) || !partition.equals(document.get("partition").asText())) {
            deadLetters.reject(message, "topic-mismatch: document of partition '" + document.get("partition").asText()
                    + "' of tenant '" + document.get("tenant").asText() + "' on " + message.topic());
            return;
        }
        inOrder(tenant, partition, known -> apply(tenant, partition, document, known));
    }

    private Future<?> apply(String tenant, String partition, JsonNode document, Known known) {
        known.document = document;
        long generation = document.get("generation").asLong();
        return inCluster(tenant, partition, (client, found) -> WorkloadCluster.apply(client, tenant, partition, document))
                .compose(statuses -> {
                    LOG.info("partition {}/{} generation {} applied: {} app(s)", tenant, partition, generation, statuses.size());
                    return publish(tenant, partition, known, state(tenant, partition, generation, statuses, null));
                }, failure -> {
                    LOG.warn("partition {}/{} generation {} not applied: {}", tenant, partition, generation, failure.getMessage());
                    return publish(tenant, partition, known, state(tenant, partition, generation, List.of(), failure.getMessage()));
                });
    }

    private Future<?> refresh(String tenant, String partition, Known known) {
        JsonNode document = known.document;
        if (document == null) {
            return Future.succeededFuture();
        }
        long generation = document.get("generation").asLong();
        return inCluster(tenant, partition, (client, found) -> WorkloadCluster.status(client, tenant, partition, document))
                .compose(statuses -> publish(tenant, partition, known, state(tenant, partition, generation, statuses, null)),
                        failure -> publish(tenant, partition, known,
                                state(tenant, partition, generation, List.of(), failure.getMessage())));
    }

    private Future<?> clear(String tenant, String partition, Known known) {
        known.document = null;
        known.published = null;
        return inCluster(tenant, partition, (client, found) -> {
                    WorkloadCluster.clear(client, tenant, partition);
                    return null;
                })
                .onFailure(failure -> LOG.warn("apps of partition {}/{} not deleted after its document was cleared: {}",
                        tenant, partition, failure.getMessage()))
                .transform(done -> mqtt.publish(stateTopic(tenant, partition), Buffer.buffer(), MqttQoS.AT_LEAST_ONCE, true))
                .onSuccess(v -> LOG.info("partition {}/{} has no document any more: its apps are deleted", tenant, partition));
    }

    /** Runs {@code work} with the partition's cluster client; fails with a message fit for the state's error. */
    private <T> Future<T> inCluster(String tenant, String partition, ClusterWork<T> work) {
        return partitions.find(tenant, partition).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new IllegalStateException("tenant " + tenant + " has no partition named " + partition));
            }
            Partition p = found.get();
            return clusters.<T>withCluster(p.clusterId(), client -> work.run(client, p))
                    .recover(failure -> Future.failedFuture(new IllegalStateException(
                            ClusterFailures.forOperation(p.clusterName(), failure).detail(), failure)));
        });
    }

    private ObjectNode state(String tenant, String partition, long generation, List<AppStatus> statuses, String error) {
        ObjectNode state = JsonNodeFactory.instance.objectNode().put("tenant", tenant).put("partition", partition)
                .put("observedGeneration", generation);
        if (error != null) {
            state.put("error", error.length() > AppStatus.MAX_MESSAGE ? error.substring(0, AppStatus.MAX_MESSAGE) : error);
        }
        statuses.stream().map(AppStatus::toJson).forEach(state.putArray("apps")::add);
        if (!state.has("apps")) {
            state.putArray("apps");
        }
        return state;
    }

    /** Publishes the state, retained, unless it equals the last one published for the partition. */
    private Future<Void> publish(String tenant, String partition, Known known, ObjectNode state) {
        if (state.equals(known.published)) {
            return Future.succeededFuture();
        }
        ObjectNode document = state.deepCopy().put("reportedAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        return mqtt.publish(stateTopic(tenant, partition), Json.buffer(document), MqttQoS.AT_LEAST_ONCE, true)
                .onSuccess(v -> known.published = state)
                .onFailure(e -> LOG.warn("state of partition {}/{} not published: {}", tenant, partition, e.getMessage()));
    }

    private void refreshAll() {
        known.forEach((key, entry) -> {
            if (entry.document != null && entry.idle) {
                inOrder(entry.tenant, entry.partition, k -> refresh(entry.tenant, entry.partition, k));
            }
        });
    }

    private void inOrder(String tenant, String partition, Function<Known, Future<?>> work) {
        Known entry = known.computeIfAbsent(tenant + "/" + partition, key -> new Known(tenant, partition));
        entry.idle = false;
        Supplier<Future<?>> task = () -> work.apply(entry);
        Future<?> next = entry.tail.transform(ignored -> task.get())
                .onFailure(e -> LOG.error("work on partition {}/{} failed", tenant, partition, e));
        entry.tail = next;
        next.onComplete(done -> {
            if (entry.tail == next) {
                entry.idle = true;
            }
        });
    }

    /** A blocking call with a cluster's client, on the cluster workers. */
    @FunctionalInterface
    private interface ClusterWork<T> {
        T run(KubernetesClient client, Partition partition);
    }

    /** What this verticle holds about one partition; touched only on its event loop. */
    private static final class Known {
        private final String tenant;
        private final String partition;
        private JsonNode document;
        private ObjectNode published;
        private Future<?> tail = Future.succeededFuture();
        private boolean idle = true;

        private Known(String tenant, String partition) {
            this.tenant = tenant;
            this.partition = partition;
        }
    }
}
