package io.edgefleet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.agent.payload.Json;
import io.edgefleet.agent.payload.Reply;
import io.edgefleet.agent.payload.Reply.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLogTest {

    private static final Instant AT = Instant.parse("2025-06-01T08:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    @TempDir
    Path dir;

    private static Reply reply(String id) {
        return Reply.of(id, Status.SUCCEEDED, "stopped container web", AT.plusSeconds(1));
    }

    @Test
    void idsAndRepliesSurviveAReopenAndAnUnansweredIdIsReported() throws IOException {
        try (CommandLog log = CommandLog.open(dir, 100, WEEK, AT)) {
            log.recordReceived("c-1", AT);
            log.recordReply("c-1", AT, reply("c-1"));
            log.recordReceived("c-2", AT);
        }

        try (CommandLog log = CommandLog.open(dir, 100, WEEK, AT.plusSeconds(60))) {
            assertThat(log.find("c-1").orElseThrow().reply()).isEqualTo(reply("c-1"));
            assertThat(log.find("c-2").orElseThrow().reply()).isNull();
            assertThat(log.unanswered()).extracting(CommandLog.Entry::id).containsExactly("c-2");
            assertThat(log.find("c-3")).isEmpty();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(CommandLog.FILE_NAME))))
                .isEqualTo("rw-------");
    }

    @Test
    void onlyTheNewestIdsWithinTheAgeAreKept() throws IOException {
        try (CommandLog log = CommandLog.open(dir, 3, WEEK, AT)) {
            for (int i = 1; i <= 5; i++) {
                log.recordReceived("c-" + i, AT.plusSeconds(i));
            }
            assertThat(log.size()).isEqualTo(3);
            assertThat(log.find("c-2")).isEmpty();
            assertThat(log.find("c-3")).isPresent();
        }

        try (CommandLog log = CommandLog.open(dir, 3, WEEK, AT.plus(WEEK).plusSeconds(5))) {
            assertThat(log.find("c-4")).isEmpty();
            assertThat(log.find("c-5")).isPresent();
        }
    }

    @Test
    void aLineTornByACrashIsSkipped() throws IOException {
        try (CommandLog log = CommandLog.open(dir, 100, WEEK, AT)) {
            log.recordReceived("c-1", AT);
        }
        Files.writeString(dir.resolve(CommandLog.FILE_NAME), "{\"id\":\"c-2\",\"receivedAt\":\"2025-",
                StandardOpenOption.APPEND);

        try (CommandLog log = CommandLog.open(dir, 100, WEEK, AT)) {
            assertThat(log.find("c-1")).isPresent();
            assertThat(log.size()).isEqualTo(1);
        }
    }

    @Test
    void aLargeOutputIsNotKeptButStatusAndDetailAre() throws IOException {
        var lines = Json.mapper().createObjectNode();
        var array = lines.putArray("lines");
        for (int i = 0; i < 5000; i++) {
            array.add("line " + i + " of a container's log output");
        }
        Reply big = new Reply("c-1", Status.SUCCEEDED, "5000 log lines of container web", lines, AT);
        try (CommandLog log = CommandLog.open(dir, 100, WEEK, AT)) {
            log.recordReceived("c-1", AT);
            Reply kept = log.recordReply("c-1", AT, big);
            assertThat(kept.output()).isNull();
            assertThat(kept.detail()).startsWith("5000 log lines of container web (the output is not kept");
        }
    }
}
