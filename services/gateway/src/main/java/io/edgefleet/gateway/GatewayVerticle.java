package io.edgefleet.gateway;

import io.edgefleet.kit.http.Health;
import io.edgefleet.kit.http.Metrics;
import io.edgefleet.kit.http.Problems;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway's HTTP server: health, metrics and the authenticated, forwarded {@code /api/v1}. */
public final class GatewayVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
    private static final long MAX_BODY_BYTES = 1024 * 1024;

    private final GatewayConfig config;
    private final PrometheusMeterRegistry metrics;
    private HttpClient upstreamClient;
    private HttpServer server;

    public GatewayVerticle(GatewayConfig config, PrometheusMeterRegistry metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        upstreamClient = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(32));
        UpstreamRoutes routes = new UpstreamRoutes(config);
        ApiForwarder forwarder = new ApiForwarder(upstreamClient, routes, config.internalToken(), config.upstreamTimeoutMillis());

        Router router = Problems.install(Router.router(vertx));
        BearerTokenAuth auth = new BearerTokenAuth(config.adminToken());
        // health is the only open resource: the gateway faces the outside world
        Health.mount(router, () -> registryLive(routes));
        router.route("/metrics").handler(auth);
        Metrics.mount(router, metrics);
        router.route("/api/*").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
        router.route("/api/*").handler(auth);
        router.route("/api/v1/*").handler(forwarder::handle);

        return vertx.createHttpServer(new HttpServerOptions().setHost(config.http().host()).setPort(config.http().port()))
                .requestHandler(router)
                .listen()
                .onSuccess(started -> {
                    server = started;
                    LOG.info("Gateway listening on {}:{}, registry at {}", config.http().host(), started.actualPort(),
                            config.registryUrl());
                });
    }

    /** The port the gateway really listens on (differs from the configured one when that was 0). */
    public int actualPort() {
        return server.actualPort();
    }

    private Future<?> registryLive(UpstreamRoutes routes) {
        var registry = routes.all().get(0).baseUrl().resolve("/health/live").toString();
        return upstreamClient.request(new RequestOptions().setAbsoluteURI(registry).setConnectTimeout(2000).setIdleTimeout(2000))
                .compose(request -> request.send())
                .compose(response -> response.statusCode() == 200
                        ? Future.succeededFuture()
                        : Future.failedFuture("registry answered " + response.statusCode()));
    }

    @Override
    public Future<?> stop() {
        return upstreamClient == null ? Future.succeededFuture() : upstreamClient.close();
    }
}
