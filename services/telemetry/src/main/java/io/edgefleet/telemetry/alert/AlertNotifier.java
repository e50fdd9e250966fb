package io.edgefleet.telemetry.alert;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;

/** Hands an alert's firing or resolution to notification channels, inside the evaluator's transaction. */
public interface AlertNotifier {

    /**
     * @param channels the channels to notify; empty: the tenant's default channels
     * @return the channels actually notified (their ids), so that the resolution goes to the same ones
     */
    Future<List<UUID>> notify(SqlConnection tx, Alert alert, boolean firing, List<UUID> channels);

    /**
     * Tells the channels that need to hear it again that a notified alert still fires (an Alertmanager resolves an
     * alert on its own when it is not sent again within its resolve timeout).
     */
    Future<Void> stillFiring(SqlConnection tx, Alert alert);
}
