package io.edgefleet.broker.extension;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import io.edgefleet.broker.auth.Identity;

import java.util.Optional;

/**
 * Keeps a connection's {@link Identity} in the connection's attribute store: it lives exactly as long as the
 * connection, so a reconnect with the same client id can never see the identity of the session it replaces.
 */
final class ConnectionIdentity {

    private static final String KEY = "io.edgefleet.identity";

    private ConnectionIdentity() {
    }

    static void store(ConnectionAttributeStore store, Identity identity) {
        store.putAsString(KEY, identity.toAttribute());
    }

    static Optional<Identity> read(ConnectionAttributeStore store) {
        return store.getAsString(KEY).flatMap(Identity::fromAttribute);
    }
}
