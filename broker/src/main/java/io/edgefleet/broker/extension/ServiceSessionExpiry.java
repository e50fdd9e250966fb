package io.edgefleet.broker.extension;

import com.hivemq.extension.sdk.api.interceptor.connect.ConnectInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundInput;
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.ModifiableConnectPacket;
import io.edgefleet.broker.auth.ServiceAccounts;

import java.time.Duration;

/**
 * Caps how long the broker keeps a disconnected service's persistent session. The services speak MQTT 3.1.1 with clean
 * session off, which HiveMQ keeps forever; a service replica that is replaced (a Kubernetes pod gets a new name, so a
 * new client id) would leave its old session queueing messages for its non-shared subscriptions until the broker's disk
 * fills. With the cap, a restarted replica still finds its queue, and an abandoned one disappears.
 */
final class ServiceSessionExpiry implements ConnectInboundInterceptor {

    private final long maxSeconds;

    ServiceSessionExpiry(Duration max) {
        this.maxSeconds = max.toSeconds();
    }

    @Override
    public void onConnect(ConnectInboundInput input, ConnectInboundOutput output) {
        ModifiableConnectPacket connect = output.getConnectPacket();
        boolean service = connect.getUserName().filter(name -> name.startsWith(ServiceAccounts.USERNAME_PREFIX)).isPresent();
        if (service && connect.getSessionExpiryInterval() > maxSeconds) {
            connect.setSessionExpiryInterval(maxSeconds);
        }
    }
}
