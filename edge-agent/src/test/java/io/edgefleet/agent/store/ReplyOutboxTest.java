package io.edgefleet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.agent.payload.Reply;
import io.edgefleet.agent.payload.Reply.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplyOutboxTest {

    private static final Instant AT = Instant.parse("2025-06-01T08:00:00Z");

    @TempDir
    Path dir;

    private static Reply reply(String id) {
        return Reply.of(id, Status.FAILED, "container web is not running", AT);
    }

    @Test
    void repliesStayInOrderUntilAcknowledgedAlsoAcrossAReopen() throws IOException {
        ReplyOutbox outbox = ReplyOutbox.open(dir, 10);
        var first = outbox.add(reply("c-1"));
        outbox.add(reply("c-2"));
        outbox.add(reply("c-3"));
        outbox.acknowledged(first.seq());

        ReplyOutbox reopened = ReplyOutbox.open(dir, 10);
        assertThat(reopened.pending()).extracting(pending -> pending.reply().commandId())
                .containsExactly("c-2", "c-3");
        var fourth = reopened.add(reply("c-4"));
        assertThat(fourth.seq()).isGreaterThan(reopened.pending().get(1).seq());
    }

    @Test
    void aFullOutboxDropsTheOldestReply() throws IOException {
        ReplyOutbox outbox = ReplyOutbox.open(dir, 2);
        outbox.add(reply("c-1"));
        outbox.add(reply("c-2"));
        outbox.add(reply("c-3"));

        assertThat(ReplyOutbox.open(dir, 2).pending()).extracting(pending -> pending.reply().commandId())
                .containsExactly("c-2", "c-3");
    }
}
