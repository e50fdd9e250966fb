package io.edgefleet.deployment.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues a command: stores it, publishes it to the agent ({@code edge/v1/{tenant}/{endpoint}/commands}, QoS 1, not
 * retained, straight to the broker rather than through the outbox so the agent has it within milliseconds) and waits a
 * while for the reply. The record is written first, so the reply always finds it.
 */
public final class CommandSender {

    /** What a call gets: the command as it stands, and whether its reply is in. */
    public record Outcome(Command command, boolean answered) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(CommandSender.class);

    private final CommandStore store;
    private final CommandWaiters waiters;
    private final MqttEventClient mqtt;

    public CommandSender(CommandStore store, CommandWaiters waiters, MqttEventClient mqtt) {
        this.store = Objects.requireNonNull(store, "store");
        this.waiters = Objects.requireNonNull(waiters, "waiters");
        this.mqtt = Objects.requireNonNull(mqtt, "mqtt");
    }

    /**
     * Sends {@code type} with {@code args} for {@code container} to the endpoint, valid for {@code ttl} from now, and
     * waits up to {@code wait} for the reply. Fails with 503 (and the command stays {@code UNDELIVERED}) when the broker
     * does not take it.
     */
    public Future<Outcome> send(String tenant, String endpoint, CommandType type, String container, JsonNode args,
                                String issuedBy, Duration wait, Duration ttl) {
        OffsetDateTime now = Instant.now().truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
        Command command = new Command(UUID.randomUUID().toString(), tenant, endpoint, type.wireName(), container, args,
                issuedBy, now, now.plus(ttl), Command.PENDING, null, null);
        String topic = "edge/v1/" + tenant + "/" + endpoint + "/commands";
        return store.insert(command).compose(v -> {
            Future<Optional<Command>> reply = waiters.await(command.id(), wait);
            return mqtt.publish(topic, Json.buffer(command.toWire()), MqttQoS.AT_LEAST_ONCE, false)
                    .recover(failure -> undelivered(command, failure))
                    .compose(sent -> store.mark(command.id(), Command.SENT))
                    .compose(marked -> reply)
                    .compose(replied -> replied.isPresent()
                            ? Future.succeededFuture(new Outcome(replied.get(), true))
                            // the reply may have been consumed by another instance, or overtaken this wait's end
                            : store.get(tenant, command.id()).map(stored -> {
                                Command current = stored.orElse(command.withStatus(Command.SENT));
                                return new Outcome(current, current.answered());
                            }));
        });
    }

    private <T> Future<T> undelivered(Command command, Throwable failure) {
        waiters.cancel(command.id());
        LOG.warn("command {} ({} on {}) for endpoint {} of tenant {} not delivered: {}", command.id(), command.type(),
                command.container(), command.endpoint(), command.tenant(), failure.getMessage());
        return store.mark(command.id(), Command.UNDELIVERED).transform(ignored -> Future.failedFuture(
                ProblemException.unavailable("the command could not be handed to the broker; retry shortly")));
    }
}
