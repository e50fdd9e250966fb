package io.edgefleet.broker.extension;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;
import io.edgefleet.broker.auth.Identity;
import io.edgefleet.broker.auth.TopicAcl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * Applies {@link TopicAcl#mayReceive} to what the broker is about to send one connection. A wildcard subscription the
 * authorizer allowed ({@code fleet/v1/{t}/events/#} of an integration key) also matches topics its client must never
 * read, such as {@code audit.recorded}; their delivery to this client is prevented silently, queued and retained
 * messages included, while every other subscriber still gets them.
 */
final class DeliveryFilter implements PublishOutboundInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryFilter.class);

    private final Identity identity;
    private final TopicAcl acl;

    DeliveryFilter(Identity identity, TopicAcl acl) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.acl = Objects.requireNonNull(acl, "acl");
    }

    @Override
    public void onOutboundPublish(PublishOutboundInput input, PublishOutboundOutput output) {
        String topic = input.getPublishPacket().getTopic();
        if (!acl.mayReceive(identity, topic)) {
            output.preventPublishDelivery();
            LOG.debug("Withheld a message on {} from MQTT client {}", topic, input.getClientInformation().getClientId());
        }
    }
}
