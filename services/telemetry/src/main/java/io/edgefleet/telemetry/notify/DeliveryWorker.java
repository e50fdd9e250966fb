package io.edgefleet.telemetry.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due webhook deliveries. Each round claims a few due rows (moving their next attempt past the POST's timeout,
 * so another replica does not take them meanwhile), POSTs them concurrently and records the outcome: a 2xx answer
 * delivers, anything else schedules a retry with exponential backoff and jitter until the attempts are used up and
 * the delivery is dead.
 */
public final class DeliveryWorker extends VerticleBase {

    static final int CLAIM = 16;
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);

    private final Pool pool;
    private final NotifySettings settings;
    private final Counter delivered;
    private final Counter failed;
    private final Counter dead;
    private WebClient client;
    private boolean running;
    private boolean again;
    private long timer;

    public DeliveryWorker(Pool pool, NotifySettings settings, MeterRegistry meters) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.delivered = outcome(meters, "delivered");
        this.failed = outcome(meters, "failed-attempt");
        this.dead = outcome(meters, "dead");
    }

    private static Counter outcome(MeterRegistry meters, String outcome) {
        return Counter.builder("edgefleet_telemetry_webhook_deliveries_total")
                .description("Webhook POST attempts by outcome: delivered, failed-attempt (retried later), dead (given up)")
                .tag("outcome", outcome).register(meters);
    }

    @Override
    public Future<?> start() {
        client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) settings.timeout().toMillis())
                .setFollowRedirects(false).setUserAgent("edgefleet-webhooks"));
        timer = vertx.setPeriodic(settings.poll().toMillis(), id -> wake());
        vertx.setPeriodic(3_600_000, id -> prune());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        client.close();
        return Future.succeededFuture();
    }

    /** Runs a round now (or right after the one in progress). Safe to call from any thread. */
    public void wake() {
        if (context == null) {
            return;
        }
        context.runOnContext(v -> {
            if (running) {
                again = true;
                return;
            }
            running = true;
            round().onComplete(done -> {
                running = false;
                if (done.failed()) {
                    LOG.warn("webhook delivery round failed: {}", done.cause().toString());
                }
                if (again || done.succeeded() && done.result() == CLAIM) {
                    again = false;
                    wake();
                }
            });
        });
    }

    private Future<Integer> round() {
        long leaseMillis = settings.timeout().toMillis() + 5_000;
        return pool.preparedQuery("UPDATE webhook_deliveries SET next_attempt_at = now() + ($1 * interval '1 millisecond') "
                        + "WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now() "
                        + "ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED) "
                        + "RETURNING id, url, secret, body, attempts, max_attempts")
                .execute(Tuple.of(leaseMillis, CLAIM))
                .compose(rows -> {
                    List<Future<Void>> sends = new ArrayList<>();
                    rows.forEach(row -> sends.add(send(row)));
                    return Future.join(sends).map(rows.size());
                });
    }

    private Future<Void> send(Row row) {
        UUID id = row.getUUID("id");
        String body = row.getString("body");
        String secret = row.getString("secret");
        int attempt = row.getInteger("attempts") + 1;
        long now = Instant.now().getEpochSecond();
        var request = client.requestAbs(HttpMethod.POST, row.getString("url"))
                .timeout(settings.timeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader(WebhookSignature.DELIVERY_HEADER, id.toString())
                .putHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now));
        if (secret != null) {
            request.putHeader(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, now, body));
        }
        Future<HttpResponse<Buffer>> sent;
        try {
            sent = request.sendBuffer(Buffer.buffer(body));
        } catch (RuntimeException e) {
            sent = Future.failedFuture(e);
        }
        return sent.transform(outcome -> {
            if (outcome.succeeded() && outcome.result().statusCode() / 100 == 2) {
                delivered.increment();
                return pool.preparedQuery("UPDATE webhook_deliveries SET status = 'delivered', attempts = $2, "
                                + "last_status = $3, last_error = NULL, delivered_at = now() WHERE id = $1")
                        .execute(Tuple.of(id, attempt, outcome.result().statusCode())).<Void>mapEmpty();
            }
            Integer status = outcome.succeeded() ? outcome.result().statusCode() : null;
            String error = outcome.succeeded() ? "HTTP " + status : describe(outcome.cause());
            boolean last = attempt >= row.getInteger("max_attempts");
            (last ? dead : failed).increment();
            long delay = settings.retryDelayMillis(attempt, ThreadLocalRandom.current().nextDouble());
            LOG.debug("webhook delivery {} attempt {} failed: {}", id, attempt, error);
            return pool.preparedQuery("UPDATE webhook_deliveries SET status = $2, attempts = $3, last_status = $4, "
                            + "last_error = $5, next_attempt_at = now() + ($6 * interval '1 millisecond') WHERE id = $1")
                    .execute(Tuple.of(id, last ? "dead" : "pending", attempt, status, error, delay)).<Void>mapEmpty();
        });
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return message.length() > 500 ? message.substring(0, 500) : message;
    }

    private void prune() {
        pool.preparedQuery("DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < now() - "
                        + "($1 * interval '1 second')")
                .execute(Tuple.of(settings.keep().toSeconds()))
                .onFailure(e -> LOG.warn("pruning old webhook deliveries failed: {}", e.toString()));
    }
}
