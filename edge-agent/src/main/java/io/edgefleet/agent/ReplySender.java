package io.edgefleet.agent;

import io.edgefleet.agent.control.ControlChannel;
import io.edgefleet.agent.store.ReplyOutbox;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the replies waiting in the {@link ReplyOutbox}, oldest first, while connected, and removes each once the
 * broker acknowledged it. A reply whose publish failed stays and goes out on the next flush (after a reconnect, or
 * with the next heartbeat). Used on the agent loop only.
 */
final class ReplySender {

    private static final Logger LOG = LoggerFactory.getLogger(ReplySender.class);

    private final ControlChannel channel;
    private final ReplyOutbox outbox;
    private final Executor onLoop;
    private final Set<Long> inFlight = new HashSet<>();

    ReplySender(ControlChannel channel, ReplyOutbox outbox, Executor onLoop) {
        this.channel = channel;
        this.outbox = outbox;
        this.onLoop = onLoop;
    }

    void flush() {
        if (!channel.isConnected()) {
            return;
        }
        for (ReplyOutbox.Pending pending : outbox.pending()) {
            if (!inFlight.add(pending.seq())) {
                continue;
            }
            channel.publishReply(pending.reply()).whenCompleteAsync((ok, failure) -> {
                inFlight.remove(pending.seq());
                if (failure != null) {
                    LOG.debug("reply to command {} not acknowledged yet: {}", pending.reply().commandId(),
                            failure.toString());
                    return;
                }
                LOG.debug("reply to command {} delivered", pending.reply().commandId());
                try {
                    outbox.acknowledged(pending.seq());
                } catch (IOException e) {
                    LOG.warn("cannot drop the delivered reply to command {} from the outbox: {}",
                            pending.reply().commandId(), e.toString());
                }
            }, onLoop);
        }
    }
}
