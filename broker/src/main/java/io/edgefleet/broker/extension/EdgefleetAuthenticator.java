package io.edgefleet.broker.extension;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.packets.connect.WillPublishPacket;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import io.edgefleet.broker.auth.AuthCache;
import io.edgefleet.broker.auth.AuthDecision;
import io.edgefleet.broker.auth.DisabledTenants;
import io.edgefleet.broker.auth.Identity;
import io.edgefleet.broker.auth.KnownClients;
import io.edgefleet.broker.auth.RegistryAuthClient;
import io.edgefleet.broker.auth.ServiceAccounts;
import io.edgefleet.broker.auth.TopicAcl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Authenticates every MQTT connect: service accounts ({@code svc:<name>}) locally, agents and integration keys
 * ({@code int:<key id>}) through the registry's auth API (answers cached). Never blocks a broker thread: registry
 * calls complete asynchronously. Fails closed: without an answer from the registry the connect is refused with
 * "server unavailable". A client of a tenant the broker learned to be disabled, or an integration key past its
 * expiry, is refused whatever the (possibly cached) answer says.
 */
final class EdgefleetAuthenticator implements SimpleAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(EdgefleetAuthenticator.class);
    private static final String UNAVAILABLE = "server unavailable";
    /** The HTTP timeout fires first; this margin only guards against a lost completion. */
    private static final Duration ASYNC_MARGIN = Duration.ofSeconds(1);
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ServiceAccounts serviceAccounts;
    private final RegistryAuthClient registry;
    private final AuthCache cache;
    private final TopicAcl acl;
    private final DisabledTenants disabled;
    private final KnownClients known;
    private final Duration asyncTimeout;
    /** The client id of the images' health check (docker/health-probe), which connects without credentials. */
    static final String HEALTH_PROBE_CLIENT_ID = "edgefleet-health-probe";

    private final AtomicLong nextWarningNanos = new AtomicLong(System.nanoTime());
    private final AtomicInteger suppressedWarnings = new AtomicInteger();

    EdgefleetAuthenticator(ServiceAccounts serviceAccounts, RegistryAuthClient registry, AuthCache cache, TopicAcl acl,
                           DisabledTenants disabled, KnownClients known, Duration registryTimeout) {
        this.serviceAccounts = serviceAccounts;
        this.registry = registry;
        this.cache = cache;
        this.acl = acl;
        this.disabled = disabled;
        this.known = known;
        this.asyncTimeout = registryTimeout.plus(ASYNC_MARGIN);
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        ConnectPacket connect = input.getConnectPacket();
        String clientId = connect.getClientId();
        Optional<String> username = connect.getUserName();
        Optional<ByteBuffer> password = connect.getPassword();
        if (username.isEmpty() || password.isEmpty()) {
            if (HEALTH_PROBE_CLIENT_ID.equals(clientId)) {
                // the container image's health check, every few seconds: a CONNACK is all it wants, no log line
                LOG.debug("Refused the health probe's MQTT connect, as it expects");
                output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "health probe");
                return;
            }
            refuse(output, clientId, ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "username and password are required");
            return;
        }
        byte[] secret = bytes(password.get());
        if (username.get().startsWith(ServiceAccounts.USERNAME_PREFIX)) {
            authenticateService(input, output, username.get(), secret);
        } else if (!username.get().equals(clientId)) {
            refuse(output, clientId, ConnackReasonCode.NOT_AUTHORIZED, "the client id must equal the username");
        } else {
            authenticateWithRegistry(input, output, username.get(), secret);
        }
    }

    private void authenticateService(SimpleAuthInput input, SimpleAuthOutput output, String username, byte[] secret) {
        String name = username.substring(ServiceAccounts.USERNAME_PREFIX.length());
        if (serviceAccounts.check(name, secret)) {
            accept(input, output, AuthDecision.allow(Identity.service(name)));
        } else {
            refuse(output, input.getClientInformation().getClientId(), ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD,
                    "bad username or password");
        }
    }

    private void authenticateWithRegistry(SimpleAuthInput input, SimpleAuthOutput output, String username, byte[] secret) {
        String clientId = input.getClientInformation().getClientId();
        Optional<String> password = utf8(secret);
        if (password.isEmpty()) {
            refuse(output, clientId, ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "the password must be UTF-8 text");
            return;
        }
        Optional<AuthDecision> cached = cache.get(username, secret);
        if (cached.isPresent()) {
            apply(input, output, cached.get());
            return;
        }
        Async<SimpleAuthOutput> async = output.async(asyncTimeout, TimeoutFallback.FAILURE,
                ConnackReasonCode.SERVER_UNAVAILABLE, UNAVAILABLE);
        registry.check(clientId, username, password.get()).whenComplete((decision, failure) -> {
            try {
                if (failure != null) {
                    warnUnavailable(clientId, failure);
                    output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, UNAVAILABLE);
                } else {
                    cache.put(username, secret, decision);
                    apply(input, output, decision);
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not complete the authentication of MQTT client {}", clientId, e);
            } finally {
                async.resume();
            }
        });
    }

    private void apply(SimpleAuthInput input, SimpleAuthOutput output, AuthDecision decision) {
        String clientId = input.getClientInformation().getClientId();
        if (decision.identity().isEmpty()) {
            refuse(output, clientId, ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad username or password");
        } else if (disabled.refuses(decision.identity().get())) {
            refuse(output, clientId, ConnackReasonCode.NOT_AUTHORIZED,
                    "tenant " + decision.identity().get().tenant() + " is disabled");
        } else if (decision.expiredAt(Instant.now())) {
            refuse(output, clientId, ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "the credentials have expired");
        } else {
            accept(input, output, decision);
        }
    }

    private void accept(SimpleAuthInput input, SimpleAuthOutput output, AuthDecision decision) {
        Identity identity = decision.identity().orElseThrow();
        String clientId = input.getClientInformation().getClientId();
        Optional<WillPublishPacket> will = input.getConnectPacket().getWillPublish();
        if (will.isPresent() && !willAllowed(identity, will.get())) {
            refuse(output, clientId, ConnackReasonCode.NOT_AUTHORIZED,
                    "a Last Will is not allowed on topic " + will.get().getTopic());
            return;
        }
        ConnectionIdentity.store(input.getConnectionInformation().getConnectionAttributeStore(), identity);
        setDefaultPermissions(output.getDefaultPermissions(), identity);
        known.accepted(clientId, identity, decision.expiresAt());
        output.authenticateSuccessfully();
        LOG.debug("MQTT client {} authenticated as {}", clientId, identity);
    }

    /**
     * The authorizer decides every publish and subscribe. HiveMQ still checks the Last Will against these default
     * permissions once more after the client initializer ran, so they must allow an agent's own presence topic.
     */
    private void setDefaultPermissions(ModifiableDefaultPermissions permissions, Identity identity) {
        if (identity.kind() == Identity.Kind.SERVICE) {
            permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.ALLOW);
            return;
        }
        permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
        if (identity.kind() == Identity.Kind.AGENT) {
            permissions.add(Builders.topicPermission()
                    .topicFilter(TopicAcl.presenceTopic(identity))
                    .type(TopicPermission.PermissionType.ALLOW)
                    .activity(TopicPermission.MqttActivity.PUBLISH)
                    .qos(TopicPermission.Qos.ALL)
                    .retain(TopicPermission.Retain.ALL)
                    .build());
        }
    }

    private boolean willAllowed(Identity identity, WillPublishPacket will) {
        return acl.mayUseWill(identity, will.getTopic())
                && (!will.getRetain() || acl.mayPublishRetained(identity, will.getTopic()));
    }

    private static void refuse(SimpleAuthOutput output, String clientId, ConnackReasonCode code, String reason) {
        LOG.info("Refused MQTT client {}: {}", clientId, reason);
        output.failAuthentication(code, reason);
    }

    /** One warning per interval: a registry outage meets a whole fleet reconnecting. */
    private void warnUnavailable(String clientId, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        long now = System.nanoTime();
        long next = nextWarningNanos.get();
        if (now - next < 0 || !nextWarningNanos.compareAndSet(next, now + WARNING_INTERVAL_NANOS)) {
            suppressedWarnings.incrementAndGet();
            return;
        }
        LOG.warn("Refused MQTT client {} ({}): {}; {} more refusals for the same kind of reason since the last warning",
                clientId, UNAVAILABLE, cause.getMessage(), suppressedWarnings.getAndSet(0));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.asReadOnlyBuffer();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
