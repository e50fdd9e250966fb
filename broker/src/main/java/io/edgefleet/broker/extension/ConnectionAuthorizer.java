package io.edgefleet.broker.extension;

import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.AuthorizerProviderInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import io.edgefleet.broker.auth.Identity;
import io.edgefleet.broker.auth.TopicAcl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Applies {@link TopicAcl} to one connection. HiveMQ asks the provider once per connection and keeps the
 * authorizer with it, so the identity is read once and every publish costs only the ACL check. A publish outside
 * the rules is refused (PUBACK NOT_AUTHORIZED, then the broker disconnects the client); a subscription outside
 * them gets SUBACK NOT_AUTHORIZED. HiveMQ asks it about a client's Last Will at connect, too.
 */
final class ConnectionAuthorizer implements PublishAuthorizer, SubscriptionAuthorizer {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionAuthorizer.class);

    private final Optional<Identity> identity;
    private final TopicAcl acl;

    private ConnectionAuthorizer(Optional<Identity> identity, TopicAcl acl) {
        this.identity = identity;
        this.acl = acl;
    }

    /** @return the authorizer of the connection {@code input} describes; without an identity it refuses everything */
    static ConnectionAuthorizer forConnection(AuthorizerProviderInput input, TopicAcl acl) {
        Optional<Identity> identity = ConnectionIdentity.read(input.getConnectionInformation().getConnectionAttributeStore());
        if (identity.isEmpty()) {
            LOG.warn("MQTT client {} has no edgefleet identity; all its publishes and subscriptions are refused",
                    input.getClientInformation().getClientId());
        }
        return new ConnectionAuthorizer(identity, acl);
    }

    @Override
    public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
        PublishPacket publish = input.getPublishPacket();
        String topic = publish.getTopic();
        boolean allowed = identity.isPresent() && (publish.getRetain()
                ? acl.mayPublishRetained(identity.get(), topic)
                : acl.mayPublish(identity.get(), topic));
        if (allowed) {
            output.authorizeSuccessfully();
        } else {
            LOG.warn("Refused {}publish of MQTT client {} to {}", publish.getRetain() ? "retained " : "",
                    input.getClientInformation().getClientId(), topic);
            output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, "not allowed to publish to " + topic);
        }
    }

    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        String filter = input.getSubscription().getTopicFilter();
        if (identity.isPresent() && acl.maySubscribe(identity.get(), filter)) {
            output.authorizeSuccessfully();
        } else {
            LOG.info("Refused subscription of MQTT client {} to {}", input.getClientInformation().getClientId(), filter);
            output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, "not allowed to subscribe to " + filter);
        }
    }
}
