package io.edgefleet.gateway.upstream;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;

/**
 * One HTTP request and its whole answer, read into memory.
 *
 * <p>The answer's body is asked for in the same callback that receives the response head. Vert.x (5.0.7) drops the
 * chunks of a response that arrive before {@code body()} is called, and a {@code body()} called after the response
 * ended never completes. A chain built as {@code request(..).compose(send).compose(body)} from a thread outside the
 * event loop can attach its last step that late: the thread was descheduled between the two {@code compose} calls
 * while the event loop received the whole answer (seen as a test request that waited forever for a 300 kB file
 * already in its socket). Nesting the body inside the send callback keeps both on the event loop, in one turn.
 */
public final class HttpExchange {

    /** The answer: status, headers and the whole body. */
    public record Reply(int status, MultiMap headers, Buffer body) {

        public String bodyAsString() {
            return body.toString();
        }
    }

    private HttpExchange() {
    }

    /** Sends the request, without a body when {@code body} is null, and reads the whole answer. */
    public static Future<Reply> send(HttpClient client, RequestOptions options, Buffer body) {
        return client.request(options).compose(request -> (body == null ? request.send() : request.send(body))
                .compose(response -> response.body()
                        .map(content -> new Reply(response.statusCode(), response.headers(), content))));
    }

    /** Sends the request without a body and reads the whole answer. */
    public static Future<Reply> send(HttpClient client, RequestOptions options) {
        return send(client, options, null);
    }
}
