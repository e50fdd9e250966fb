package io.edgefleet.allinone;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A Server-Sent Events reader of the gateway's event stream, collecting the {@code event:} lines it sees. */
final class EventStreamClient implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile boolean ended;

    EventStreamClient(URI gateway, String path, String token) {
        this(gateway, path, token, null);
    }

    /** A stream that resumes after {@code lastEventId} (sent as {@code Last-Event-ID}; null for none). */
    EventStreamClient(URI gateway, String path, String token, String lastEventId) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(gateway.resolve(path))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            builder.header("Last-Event-ID", lastEventId);
        }
        HttpRequest request = builder.GET().build();
        response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build()
                .sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(answer -> {
            try (Stream<String> body = answer.body()) {
                body.forEach(lines::add);
            } catch (RuntimeException closed) {
                // the stream was closed by either side
            }
            ended = true;
        });
    }

    /** The status the gateway answered with. */
    int status() throws Exception {
        return response.get().statusCode();
    }

    /** The event types received so far, in order. */
    List<String> eventTypes() {
        List<String> types = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("event: ")) {
                types.add(line.substring("event: ".length()));
            }
        }
        return types;
    }

    /** The event ids received so far, in order. */
    List<String> ids() {
        return lines.stream().filter(line -> line.startsWith("id: ")).map(line -> line.substring(4)).toList();
    }

    /** Every data line received so far. */
    List<String> data() {
        return lines.stream().filter(line -> line.startsWith("data: ")).toList();
    }

    /** Whether the gateway ended the stream. */
    boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        response.cancel(true);
        response.thenAccept(answer -> answer.body().close());
    }
}
