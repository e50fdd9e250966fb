package io.edgefleet.agent.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads a container's stored log: stdout and stderr frames split into lines in the order the engine sends them.
 * The engine's {@code since} has whole-second precision here, so timestamps are always requested and lines
 * before {@code since} are dropped on this side.
 */
final class DockerLogs {

    private static final long READ_TIMEOUT_SECONDS = 60;

    private final DockerClient docker;

    DockerLogs(DockerClient docker) {
        this.docker = docker;
    }

    List<String> read(String idOrName, int tail, Instant since, boolean timestamps) throws InterruptedException {
        Collector collector = new Collector();
        var command = docker.logContainerCmd(idOrName).withStdOut(true).withStdErr(true).withTail(tail)
                .withTimestamps(true);
        if (since != null) {
            command.withSince((int) since.getEpochSecond());
        }
        command.exec(collector);
        if (!collector.awaitCompletion(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            collector.closeQuietly();
            throw new RuntimeFailure(RuntimeFailure.Kind.ENGINE, "logs of container " + idOrName
                    + " did not arrive within " + READ_TIMEOUT_SECONDS + " s");
        }
        collector.rethrow();
        List<String> lines = new ArrayList<>();
        for (String line : collector.lines()) {
            int space = line.indexOf(' ');
            String stamp = space > 0 ? line.substring(0, space) : line;
            if (since != null && before(stamp, since)) {
                continue;
            }
            lines.add(timestamps || space < 0 ? line : line.substring(space + 1));
        }
        return lines;
    }

    private static boolean before(String stamp, Instant since) {
        try {
            return Instant.parse(stamp).isBefore(since);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Collects frames into lines, one buffer per stream so that interleaved partial lines stay apart. */
    private static final class Collector extends QuietCallback<Frame> {
        private final Map<StreamType, ByteArrayOutputStream> partial = new EnumMap<>(StreamType.class);
        private final List<String> lines = new ArrayList<>();

        @Override
        public synchronized void onNext(Frame frame) {
            ByteArrayOutputStream buffer = partial.computeIfAbsent(frame.getStreamType(),
                    type -> new ByteArrayOutputStream());
            for (byte b : frame.getPayload()) {
                if (b == '\n') {
                    lines.add(text(buffer));
                    buffer.reset();
                } else {
                    buffer.write(b);
                }
            }
        }

        synchronized List<String> lines() {
            for (ByteArrayOutputStream rest : partial.values()) {
                if (rest.size() > 0) {
                    lines.add(text(rest));
                    rest.reset();
                }
            }
            return List.copyOf(lines);
        }

        private static String text(ByteArrayOutputStream buffer) {
            String line = buffer.toString(StandardCharsets.UTF_8);
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        }
    }
}
