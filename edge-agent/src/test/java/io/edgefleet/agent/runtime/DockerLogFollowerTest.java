package io.edgefleet.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerLogFollowerTest {

    private record Line(Instant at, String stream, String text) {
    }

    private final List<Line> lines = new ArrayList<>();
    private final List<Throwable> ends = new ArrayList<>();
    private final LogSink sink = new LogSink() {
        @Override
        public void line(Instant at, String stream, String text) {
            lines.add(new Line(at, stream, text));
        }

        @Override
        public void ended(Throwable failure) {
            ends.add(failure);
        }
    };

    private static Frame frame(StreamType type, String text) {
        return new Frame(type, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void framesSplitAnywhereBecomeWholeLinesPerStreamWithTheirTimestamps() {
        DockerLogFollower follower = new DockerLogFollower(sink, null);

        follower.onNext(frame(StreamType.STDOUT, "2026-01-01T00:00:01.000000001Z hel"));
        follower.onNext(frame(StreamType.STDERR, "2026-01-01T00:00:01.5Z oops\r\n2026-01-01T00:00:02Z "));
        follower.onNext(frame(StreamType.STDOUT, "lo\n2026-01-01T00:00:03Z world\n"));
        follower.onNext(frame(StreamType.STDERR, "\n"));

        assertThat(lines).containsExactly(
                new Line(Instant.parse("2026-01-01T00:00:01.5Z"), "stderr", "oops"),
                new Line(Instant.parse("2026-01-01T00:00:01.000000001Z"), "stdout", "hello"),
                new Line(Instant.parse("2026-01-01T00:00:03Z"), "stdout", "world"),
                new Line(Instant.parse("2026-01-01T00:00:02Z"), "stderr", ""));
    }

    @Test
    void linesBeforeSinceAreSkippedBecauseTheEngineOnlyHonoursWholeSeconds() {
        DockerLogFollower follower = new DockerLogFollower(sink, Instant.parse("2026-01-01T00:00:01.5Z"));

        follower.onNext(frame(StreamType.STDOUT, "2026-01-01T00:00:01.4Z old\n2026-01-01T00:00:01.5Z new\n"));

        assertThat(lines).extracting(Line::text).containsExactly("new");
    }

    @Test
    void anEndlessLineIsCutAndItsRestSkippedUntilTheNextNewline() {
        DockerLogFollower follower = new DockerLogFollower(sink, null);
        String huge = "x".repeat(DockerLogFollower.MAX_LINE_BYTES * 2);

        follower.onNext(frame(StreamType.STDOUT, "2026-01-01T00:00:01Z " + huge));
        follower.onNext(frame(StreamType.STDOUT, huge + "\n2026-01-01T00:00:02Z next\n"));

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).text()).hasSize(DockerLogFollower.MAX_LINE_BYTES - "2026-01-01T00:00:01Z ".length());
        assertThat(lines.get(1).text()).isEqualTo("next");
    }

    @Test
    void theEndIsReportedOnceWithAPartialLastLineFirst() {
        DockerLogFollower follower = new DockerLogFollower(sink, null);

        follower.onNext(frame(StreamType.STDOUT, "2026-01-01T00:00:01Z no newline"));
        follower.onComplete();
        follower.onComplete();

        assertThat(lines).extracting(Line::text).containsExactly("no newline");
        assertThat(ends).hasSize(1).containsNull();
    }
}
