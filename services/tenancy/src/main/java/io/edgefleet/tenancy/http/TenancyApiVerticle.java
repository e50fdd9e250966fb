package io.edgefleet.tenancy.http;

import io.edgefleet.kit.config.HttpConfig;
import io.edgefleet.kit.http.CallerTenants;
import io.edgefleet.kit.http.Health;
import io.edgefleet.kit.http.InternalAuth;
import io.edgefleet.kit.http.Metrics;
import io.edgefleet.kit.http.Bodies;
import io.edgefleet.kit.http.Problems;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.edgefleet.schemas.JsonSchemas;
import io.edgefleet.tenancy.audit.AuditRoutes;
import io.edgefleet.tenancy.audit.AuditStore;
import io.edgefleet.tenancy.auth.AccessTokens;
import io.edgefleet.tenancy.auth.LoginThrottle;
import io.edgefleet.tenancy.auth.RefreshTokens;
import io.edgefleet.tenancy.cluster.ClusterRoutes;
import io.edgefleet.tenancy.cluster.ClusterService;
import io.edgefleet.tenancy.partition.PartitionRoutes;
import io.edgefleet.tenancy.partition.PartitionService;
import io.edgefleet.tenancy.tenant.TenantStore;
import io.edgefleet.tenancy.token.ApiTokenStore;
import io.edgefleet.tenancy.user.PasswordHasher;
import io.edgefleet.tenancy.user.UserStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenancy service's HTTP port: tenants, users, memberships, login, API tokens under {@code /api/v1}, the
 * gateway's {@code /internal/v1/jwks} and {@code /internal/v1/tokens/introspect} (all with the internal token),
 * {@code /health/*} and {@code /metrics}.
 */
public final class TenancyApiVerticle extends VerticleBase {

    /** Largest request body accepted. */
    public static final long BODY_LIMIT_BYTES = 16 * 1024;
    /** Failed logins per email and per source address allowed in {@link #THROTTLE_WINDOW}. */
    public static final int THROTTLE_LIMIT = 5;
    public static final Duration THROTTLE_WINDOW = Duration.ofMinutes(15);

    private static final Logger LOG = LoggerFactory.getLogger(TenancyApiVerticle.class);

    /** What the routes work with. */
    public record Parts(Pool pool, MqttEventClient mqtt, TenantStore tenants, UserStore users, ApiTokenStore tokens,
                        PasswordHasher hasher, AccessTokens accessTokens, JsonSchemas schemas,
                        PrometheusMeterRegistry meters, ClusterService clusters, PartitionService partitions) {
    }

    private final HttpConfig http;
    private final String internalToken;
    private final Parts parts;
    private HttpServer server;

    public TenancyApiVerticle(HttpConfig http, String internalToken, Parts parts) {
        this.http = Objects.requireNonNull(http, "http");
        this.internalToken = Objects.requireNonNull(internalToken, "internalToken");
        this.parts = Objects.requireNonNull(parts, "parts");
    }

    @Override
    public Future<?> start() {
        Router router = Problems.install(Router.router(vertx));
        Map<String, Supplier<Future<?>>> checks = new LinkedHashMap<>();
        checks.put("postgres", Health.database(parts.pool()));
        checks.put("broker", Health.mqtt(parts.mqtt()));
        Health.mount(router, checks);
        Metrics.mount(router, parts.meters());

        Handler<RoutingContext> token = InternalAuth.requireInternalToken(internalToken);
        for (String prefix : new String[] {"/api/*", "/internal/*"}) {
            router.route(prefix).handler(token);
            router.route(prefix).handler(Bodies.refusingForms(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES)));
        }
        // the gateway checked the caller's role; this re-checks that the caller may see the tenant at all
        router.route("/api/v1/tenants/:tenant").handler(CallerTenants.requireTenantInPath());
        router.route("/api/v1/tenants/:tenant/*").handler(CallerTenants.requireTenantInPath());
        LoginThrottle throttle = new LoginThrottle(THROTTLE_LIMIT, THROTTLE_WINDOW, Clock.systemUTC());
        vertx.setPeriodic(60_000, id -> throttle.sweep());

        // a tenant's partitions (namespaces in its clusters) go before the tenant itself; its status decides its access
        new TenantRoutes(parts.tenants(), parts.schemas(), parts.partitions()::deleteAllOf, parts.partitions()::syncAccess)
                .mount(router);
        new UserRoutes(vertx, parts.users(), parts.tenants(), parts.hasher(), parts.schemas()).mount(router);
        new AuthRoutes(vertx, parts.users(), parts.hasher(), parts.accessTokens(), new RefreshTokens(parts.pool()),
                throttle, parts.schemas()).mount(router);
        new TokenRoutes(parts.tokens(), parts.tenants(), parts.schemas()).mount(router);
        new ClusterRoutes(parts.clusters(), parts.schemas()).mount(router);
        new PartitionRoutes(parts.partitions(), parts.schemas()).mount(router);
        new AuditRoutes(new AuditStore(parts.pool()), parts.tenants()).mount(router);

        return vertx.createHttpServer()
                .requestHandler(router)
                .listen(http.port(), http.host())
                .onSuccess(listening -> {
                    server = listening;
                    LOG.info("tenancy HTTP listening on {}:{}", http.host(), listening.actualPort());
                });
    }

    /** The port the server listens on (the OS's choice when configured with 0). */
    public int actualPort() {
        if (server == null) {
            throw new IllegalStateException("HTTP server not started");
        }
        return server.actualPort();
    }
}
