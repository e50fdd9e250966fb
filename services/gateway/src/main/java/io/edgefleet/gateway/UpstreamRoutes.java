package io.edgefleet.gateway;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which service owns which part of the public API. The gateway holds no domain logic: it only maps a
 * path to the service that answers it.
 */
final class UpstreamRoutes {

    record Route(Pattern path, String service, URI baseUrl) {}

    private final List<Route> routes;

    UpstreamRoutes(GatewayConfig config) {
        this.routes = List.of(
                new Route(Pattern.compile("^/api/v1/tenants/[^/]+/endpoints(/.*)?$"), "registry", config.registryUrl()));
    }

    Optional<Route> find(String path) {
        return routes.stream().filter(route -> route.path().matcher(path).matches()).findFirst();
    }

    List<Route> all() {
        return routes;
    }
}
