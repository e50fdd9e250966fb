package io.edgefleet.broker.extension;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.client.ClientContext;
import com.hivemq.extension.sdk.api.client.parameter.InitializerInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import io.edgefleet.broker.auth.AuthCache;
import io.edgefleet.broker.auth.DisabledTenants;
import io.edgefleet.broker.auth.Identity;
import io.edgefleet.broker.auth.KnownClients;
import io.edgefleet.broker.auth.RegistryAuthClient;
import io.edgefleet.broker.auth.ServiceAccounts;
import io.edgefleet.broker.auth.TopicAcl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The edgefleet extension of the embedded HiveMQ: authentication ({@link EdgefleetAuthenticator}), topic
 * authorisation ({@link TopicAcl} per connection) and the reaction to events that take credentials away: a deleted or
 * rotated endpoint, a revoked or expired integration key, a disabled or deleted tenant ({@link RevocationInterceptor}),
 * and what integration keys may receive ({@link DeliveryFilter}).
 */
public final class EdgefleetExtension implements ExtensionMain {

    /** The extension id HiveMQ reports. */
    public static final String ID = "edgefleet";

    private static final Logger LOG = LoggerFactory.getLogger(EdgefleetExtension.class);

    private final ServiceAccounts serviceAccounts;
    private final RegistryAuthClient registry;
    private final AuthCache cache;
    private final Duration registryTimeout;
    private final Duration serviceSessionExpiry;
    private final TopicAcl acl = new TopicAcl();
    private final DisabledTenants disabled = new DisabledTenants();
    private final KnownClients known = new KnownClients();
    private final CompletableFuture<Void> started = new CompletableFuture<>();

    /**
     * @param serviceAccounts the accounts checked locally
     * @param registry        the client of the registry's auth API
     * @param cache           the cache of the registry's answers
     * @param registryTimeout how long the registry may take to answer
     * @param serviceSessionExpiry how long a disconnected service's session is kept at most
     */
    public EdgefleetExtension(ServiceAccounts serviceAccounts, RegistryAuthClient registry, AuthCache cache,
                              Duration registryTimeout, Duration serviceSessionExpiry) {
        this.serviceAccounts = Objects.requireNonNull(serviceAccounts, "serviceAccounts");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.registryTimeout = Objects.requireNonNull(registryTimeout, "registryTimeout");
        this.serviceSessionExpiry = Objects.requireNonNull(serviceSessionExpiry, "serviceSessionExpiry");
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        try {
            EdgefleetAuthenticator authenticator =
                    new EdgefleetAuthenticator(serviceAccounts, registry, cache, acl, disabled, known, registryTimeout);
            RevocationInterceptor revocations =
                    new RevocationInterceptor(cache, Services.clientService(), disabled, known);
            Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
            Services.securityRegistry().setAuthorizerProvider(
                    providerInput -> ConnectionAuthorizer.forConnection(providerInput, acl));
            ServiceSessionExpiry sessionExpiry = new ServiceSessionExpiry(serviceSessionExpiry);
            Services.interceptorRegistry().setConnectInboundInterceptorProvider(providerInput -> sessionExpiry);
            Services.initializerRegistry().setClientInitializer(
                    (initializerInput, context) -> installInterceptors(initializerInput, context, revocations));
            Services.extensionExecutorService().scheduleAtFixedRate(
                    () -> revocations.disconnectExpired(Instant.now()), 1, 1, TimeUnit.SECONDS);
            started.complete(null);
            LOG.info("edgefleet extension started: {} service accounts, registry auth API with {} ms timeout",
                    serviceAccounts.names().size(), registryTimeout.toMillis());
        } catch (RuntimeException e) {
            started.completeExceptionally(e);
            output.preventExtensionStartup("edgefleet extension could not start: " + e.getMessage());
        }
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        LOG.info("edgefleet extension stopped");
    }

    /**
     * Completes once the extension has registered its authenticator and authorizer. Without them HiveMQ would accept
     * every client, so the broker must not run unless this completed normally.
     */
    public CompletableFuture<Void> started() {
        return started;
    }

    /**
     * Service publishes are watched for revocations; what integration keys receive is filtered (their wildcard
     * subscriptions match admin-only events). Agents get neither: their subscriptions are exact topics.
     */
    private void installInterceptors(InitializerInput input, ClientContext context, RevocationInterceptor revocations) {
        Optional<Identity> identity =
                ConnectionIdentity.read(input.getConnectionInformation().getConnectionAttributeStore());
        if (identity.isEmpty()) {
            return;
        }
        switch (identity.get().kind()) {
            case SERVICE -> context.addPublishInboundInterceptor(revocations);
            case INTEGRATION -> context.addPublishOutboundInterceptor(new DeliveryFilter(identity.get(), acl));
            case AGENT -> {
            }
        }
    }
}
