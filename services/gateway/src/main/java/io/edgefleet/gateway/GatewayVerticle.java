package io.edgefleet.gateway;

import io.edgefleet.gateway.access.ApiCatalog;
import io.edgefleet.gateway.agent.AgentRoutes;
import io.edgefleet.gateway.access.Authorizer;
import io.edgefleet.gateway.access.OperationLookup;
import io.edgefleet.gateway.audit.AuditTrail;
import io.edgefleet.gateway.console.ConsoleRoutes;
import io.edgefleet.gateway.auth.AccessTokenVerifier;
import io.edgefleet.gateway.auth.ApiTokenIntrospector;
import io.edgefleet.gateway.auth.Authenticator;
import io.edgefleet.gateway.auth.SessionRevocations;
import io.edgefleet.gateway.events.EventLogClient;
import io.edgefleet.gateway.events.EventStreams;
import io.edgefleet.gateway.logs.LogTails;
import io.edgefleet.gateway.limit.RateLimiter;
import io.edgefleet.gateway.tenants.TenantDirectory;
import io.edgefleet.kit.http.Health;
import io.edgefleet.kit.http.InternalAuth;
import io.edgefleet.kit.http.Metrics;
import io.edgefleet.kit.http.Bodies;
import io.edgefleet.kit.http.Problems;
import io.edgefleet.kit.mqtt.DeadLetters;
import io.edgefleet.kit.mqtt.JsonIngress;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.edgefleet.schemas.JsonSchemas;
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
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's HTTP server: open health, {@code /metrics} behind the internal token, and {@code /api/v1}, where
 * every call goes through operation lookup, authentication and request budget, the audit trail, the role matrix,
 * and is then forwarded to its service (or answered here: {@code /api/v1/me}, the tenants' event streams and log
 * tails), the web console at {@code /console/}, and the agent's jar and install script at {@code /agent/}.
 */
public final class GatewayVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
    private static final long MAX_BODY_BYTES = 1024 * 1024;
    /** Config sets carry up to 16 files of 1 MiB each; the deployment service checks each file's size. */
    private static final long MAX_CONFIG_SET_BODY_BYTES = 24L * 1024 * 1024;

    private final GatewayConfig config;
    private final MqttEventClient mqtt;
    private final PrometheusMeterRegistry metrics;
    private final JsonSchemas schemas;
    private HttpClient upstreamClient;
    private HttpServer server;

    public GatewayVerticle(GatewayConfig config, MqttEventClient mqtt, JsonSchemas schemas,
                           PrometheusMeterRegistry metrics) {
        this.config = config;
        this.mqtt = mqtt;
        this.schemas = schemas;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        upstreamClient = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(32));
        Map<String, URI> services = Map.of("registry", config.registryUrl(), "tenancy", config.tenancyUrl(),
                "deployment", config.deploymentUrl(), "telemetry", config.telemetryUrl());
        TenantDirectory tenants = new TenantDirectory(
                new JsonIngress(schemas, new DeadLetters(mqtt, "gateway", metrics)),
                new DeadLetters(mqtt, "gateway", metrics));
        Authorizer authorizer = new Authorizer(tenants);
        SessionRevocations revocations = new SessionRevocations(
                new JsonIngress(schemas, new DeadLetters(mqtt, "gateway", metrics)),
                new DeadLetters(mqtt, "gateway", metrics));
        EventStreams streams = new EventStreams(vertx, authorizer, new EventLogClient(upstreamClient,
                config.telemetryUrl(), config.internalToken(), config.upstreamTimeoutMillis()));
        tenants.onChange(streams::revalidate);
        LogTails logTails = new LogTails(vertx, authorizer, mqtt, schemas);
        tenants.onChange(logTails::revalidate);
        RateLimiter callerLimits = new RateLimiter(config.requestsPerMinute(), Clock.systemUTC());
        RateLimiter sourceLimits = new RateLimiter(config.openRequestsPerMinute(), Clock.systemUTC());
        vertx.setPeriodic(60_000, id -> {
            callerLimits.sweep();
            sourceLimits.sweep();
        });
        Authenticator authenticator = new Authenticator(
                new AccessTokenVerifier(vertx, upstreamClient, config.tenancyUrl(), config.internalToken(),
                        Clock.systemUTC()),
                new ApiTokenIntrospector(upstreamClient, config.tenancyUrl(), config.internalToken()),
                tenants, revocations, callerLimits, sourceLimits);
        ApiForwarder forwarder = new ApiForwarder(upstreamClient, services, authorizer, config.internalToken(),
                config.upstreamTimeoutMillis());

        Router router = Problems.install(Router.router(vertx));
        Map<String, Supplier<Future<?>>> checks = new LinkedHashMap<>();
        checks.put("broker", Health.mqtt(mqtt));
        services.forEach((name, url) -> checks.put(name, () -> live(url)));
        // health, login, the console's files and the agent's download (AgentRoutes) are the only open resources:
        // the gateway faces the outside world
        Health.mount(router, checks);
        router.route("/metrics").handler(InternalAuth.requireInternalToken(config.internalToken()));
        Metrics.mount(router, metrics);
        // the first body handler a request meets reads it; the later one leaves it alone
        router.route("/api/v1/tenants/:tenant/config-sets*").handler(Bodies.refusingForms(BodyHandler.create()
                .setBodyLimit(MAX_CONFIG_SET_BODY_BYTES)));
        router.route("/api/*").handler(Bodies.refusingForms(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES)));
        router.route("/api/*").handler(new OperationLookup(ApiCatalog.standard()));
        router.route("/api/*").handler(authenticator);
        router.route("/api/*").handler(new AuditTrail(mqtt, metrics));
        router.route("/api/*").handler(ctx -> {
            if (Calls.caller(ctx).isPresent()) {
                authorizer.handle(ctx);
            } else {
                ctx.next();
            }
        });
        router.get("/api/v1/me").handler(new MeRoute(authorizer)::handle);
        router.get("/api/v1/tenants/:tenant/events").handler(streams::open);
        router.get("/api/v1/tenants/:tenant/logs/stream").handler(logTails::open);
        router.route("/api/v1/*").handler(forwarder::handle);

        return new ConsoleRoutes(vertx, config.consoleDir()).mount(router)
                .compose(mounted -> new AgentRoutes(vertx, config.agentJar()).mount(router))
                .compose(mounted -> tenants.subscribe(mqtt))
                .compose(subscribed -> streams.subscribe(mqtt))
                .compose(subscribed -> revocations.subscribe(mqtt))
                .compose(subscribed -> vertx.createHttpServer(new HttpServerOptions()
                                .setHost(config.http().host()).setPort(config.http().port()))
                        .requestHandler(router)
                        .listen())
                .onSuccess(started -> {
                    server = started;
                    LOG.info("Gateway listening on {}:{}, registry at {}, tenancy at {}", config.http().host(),
                            started.actualPort(), config.registryUrl(), config.tenancyUrl());
                });
    }

    /** The port the gateway really listens on (differs from the configured one when that was 0). */
    public int actualPort() {
        return server.actualPort();
    }

    private Future<?> live(URI service) {
        return upstreamClient.request(new RequestOptions().setAbsoluteURI(service.resolve("/health/live").toString())
                        .setConnectTimeout(2000).setIdleTimeout(2000))
                .compose(request -> request.send())
                .compose(response -> response.statusCode() == 200
                        ? Future.succeededFuture()
                        : Future.failedFuture(service + " answered " + response.statusCode()));
    }

    @Override
    public Future<?> stop() {
        return upstreamClient == null ? Future.succeededFuture() : upstreamClient.close();
    }
}
