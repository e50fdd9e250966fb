package io.edgefleet.agent.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;

/**
 * Follows a container's log with timestamps and hands each complete line to a {@link LogSink}. The engine's
 * {@code since} has whole-second precision, so lines before {@code since} are dropped on this side. A line longer
 * than {@link #MAX_LINE_BYTES} is cut there (the rest until its newline is skipped), so one endless line cannot use
 * up the agent's memory.
 */
final class DockerLogFollower extends QuietCallback<Frame> {

    static final int MAX_LINE_BYTES = 64 * 1024;

    private final LogSink sink;
    private final Instant since;
    private final Map<StreamType, ByteArrayOutputStream> partial = new EnumMap<>(StreamType.class);
    private final Map<StreamType, Boolean> cut = new EnumMap<>(StreamType.class);
    private volatile boolean ended;
    private boolean finished;

    DockerLogFollower(LogSink sink, Instant since) {
        this.sink = sink;
        this.since = since;
    }

    static AutoCloseable follow(DockerClient docker, String idOrName, Instant since, LogSink sink) {
        DockerLogFollower follower = new DockerLogFollower(sink, since);
        var command = docker.logContainerCmd(idOrName).withStdOut(true).withStdErr(true).withFollowStream(true)
                .withTimestamps(true);
        if (since != null) {
            command.withSince((int) since.getEpochSecond());
        }
        command.exec(follower);
        return follower::stop;
    }

    private void stop() {
        ended = true;
        closeQuietly();
    }

    @Override
    public synchronized void onNext(Frame frame) {
        StreamType type = frame.getStreamType();
        ByteArrayOutputStream buffer = partial.computeIfAbsent(type, key -> new ByteArrayOutputStream());
        for (byte b : frame.getPayload()) {
            if (b == '\n') {
                if (!Boolean.TRUE.equals(cut.get(type)) || buffer.size() > 0) {
                    emit(type, buffer);
                }
                buffer.reset();
                cut.put(type, false);
            } else if (buffer.size() < MAX_LINE_BYTES) {
                buffer.write(b);
            } else if (!Boolean.TRUE.equals(cut.get(type))) {
                emit(type, buffer);
                buffer.reset();
                cut.put(type, true);
            }
        }
    }

    private void emit(StreamType type, ByteArrayOutputStream buffer) {
        String line = buffer.toString(StandardCharsets.UTF_8);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        int space = line.indexOf(' ');
        Instant at;
        try {
            at = Instant.parse(space > 0 ? line.substring(0, space) : line);
        } catch (DateTimeParseException e) {
            return;
        }
        if (since != null && at.isBefore(since)) {
            return;
        }
        sink.line(at, type == StreamType.STDERR ? "stderr" : "stdout", space > 0 ? line.substring(space + 1) : "");
    }

    @Override
    public void onError(Throwable throwable) {
        super.onError(throwable);
        finish(ended ? null : throwable);
    }

    @Override
    public void onComplete() {
        super.onComplete();
        finish(null);
    }

    private synchronized void finish(Throwable failure) {
        if (finished) {
            return;
        }
        finished = true;
        if (partial.values().stream().anyMatch(rest -> rest.size() > 0)) {
            partial.forEach((type, rest) -> {
                if (rest.size() > 0) {
                    emit(type, rest);
                    rest.reset();
                }
            });
        }
        sink.ended(failure);
    }
}
