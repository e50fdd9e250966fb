package io.edgefleet.kit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stopping what a service deployed: its verticles, last deployed first. */
public final class Deployments {

    private static final Logger LOG = LoggerFactory.getLogger(Deployments.class);

    private Deployments() {
    }

    /**
     * Undeploys the given deployments in reverse order. A failure to undeploy one is logged and does not keep the
     * others running, so the returned future always succeeds.
     */
    public static Future<Void> undeployInReverse(Vertx vertx, List<String> deploymentIds, String service) {
        List<String> reversed = new ArrayList<>(deploymentIds);
        Collections.reverse(reversed);
        Future<Void> chain = Future.succeededFuture();
        for (String id : reversed) {
            chain = chain.compose(v -> vertx.undeploy(id).recover(e -> {
                LOG.warn("undeploying {} verticle {} failed: {}", service, id, e.toString());
                return Future.succeededFuture();
            }));
        }
        return chain;
    }
}
