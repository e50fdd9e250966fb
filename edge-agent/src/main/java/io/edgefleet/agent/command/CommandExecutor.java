package io.edgefleet.agent.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.agent.payload.Json;
import io.edgefleet.agent.payload.Reply;
import io.edgefleet.agent.payload.Reply.Status;
import io.edgefleet.agent.reconcile.ContainerLocks;
import io.edgefleet.agent.runtime.ContainerInfo;
import io.edgefleet.agent.runtime.ContainerRuntime;
import io.edgefleet.agent.runtime.RuntimeFailure;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Runs one valid, unexpired command against the engine, on any container (managed or not), holding the container's
 * lock so that the reconciler does not work on it at the same time.
 */
final class CommandExecutor {

    private final ContainerRuntime runtime;
    private final ContainerLocks locks;
    private final Clock clock;

    CommandExecutor(ContainerRuntime runtime, ContainerLocks locks, Clock clock) {
        this.runtime = runtime;
        this.locks = locks;
        this.clock = clock;
    }

    Reply execute(Command command) {
        try {
            Optional<ContainerInfo> target = runtime.find(command.container());
            if (target.isEmpty()) {
                return notFound(command);
            }
            return locks.withLock(locks.keyOf(target.get()), () -> {
                // looked up again under the lock: the reconciler may have replaced or renamed it meanwhile
                Optional<ContainerInfo> current = runtime.find(command.container());
                return current.isEmpty() ? notFound(command) : run(command, current.get());
            });
        } catch (RuntimeFailure e) {
            Status status = e.kind() == RuntimeFailure.Kind.NOT_FOUND ? Status.NOT_FOUND : Status.FAILED;
            return Reply.of(command.id(), status, e.getMessage(), clock.instant());
        }
    }

    private Reply run(Command command, ContainerInfo container) {
        String id = container.id();
        String name = container.name();
        Command.Args args = command.args();
        switch (command.type()) {
            case START -> runtime.start(id);
            case STOP -> runtime.stop(id, args.timeoutSeconds());
            case KILL -> runtime.kill(id, args.signal());
            case RESTART -> runtime.restart(id, args.timeoutSeconds());
            case PAUSE -> runtime.pause(id);
            case RESUME -> runtime.unpause(id);
            case REMOVE -> runtime.remove(id, args.force(), args.volumes());
            case LOGS -> {
                List<String> lines = runtime.logs(id, args.tail(), args.since(), args.timestamps());
                ObjectNode output = Json.mapper().createObjectNode();
                ArrayNode array = output.putArray("lines");
                lines.forEach(array::add);
                return new Reply(command.id(), Status.SUCCEEDED, lines.size() + " log lines of container " + name,
                        output, clock.instant());
            }
            case INSPECT -> {
                JsonNode document = runtime.inspect(id);
                return new Reply(command.id(), Status.SUCCEEDED, "inspected container " + name, document,
                        clock.instant());
            }
            default -> throw new IllegalStateException("unhandled command type " + command.type());
        }
        return Reply.of(command.id(), Status.SUCCEEDED, done(command) + " container " + name + " (" + shortId(id)
                + ")", clock.instant());
    }

    private static String done(Command command) {
        return switch (command.type()) {
            case START -> "started";
            case STOP -> "stopped";
            case KILL -> "sent " + command.args().signal() + " to";
            case RESTART -> "restarted";
            case PAUSE -> "paused";
            case RESUME -> "resumed";
            case REMOVE -> "removed";
            default -> command.type().wire();
        };
    }

    private Reply notFound(Command command) {
        return Reply.of(command.id(), Status.NOT_FOUND, "no container '" + command.container() + "' on this machine",
                clock.instant());
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
