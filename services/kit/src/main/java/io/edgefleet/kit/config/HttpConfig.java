package io.edgefleet.kit.config;

import java.util.Objects;

/** Where a service's HTTP server listens. */
public record HttpConfig(String host, int port) {

    public static final String HOST = "EDGEFLEET_HTTP_HOST";
    public static final String PORT = "EDGEFLEET_HTTP_PORT";

    public HttpConfig {
        Objects.requireNonNull(host, "host");
        // 0 lets the OS pick a free port (tests)
        if (port < 0 || port > 65535) {
            throw new ConfigException("HTTP port must be between 0 and 65535, got " + port);
        }
    }

    public static HttpConfig fromEnv(Env env, int defaultPort) {
        return new HttpConfig(env.string(HOST, "0.0.0.0"), env.integer(PORT, defaultPort, 0, 65535));
    }
}
