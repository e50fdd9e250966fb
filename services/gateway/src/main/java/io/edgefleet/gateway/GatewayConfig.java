package io.edgefleet.gateway;

import io.edgefleet.kit.config.ConfigException;
import io.edgefleet.kit.config.Env;
import io.edgefleet.kit.config.HttpConfig;
import java.net.URI;
import java.util.Map;

/**
 * Settings of the REST gateway.
 *
 * @param http where the gateway listens (default port 8080)
 * @param adminToken the bootstrap admin token that callers present as {@code Authorization: Bearer ...}
 *     until the tenancy service brings users and roles
 * @param internalToken the token the gateway presents to the services it forwards to
 * @param registryUrl base URL of the registry service's internal HTTP port
 * @param upstreamTimeoutMillis how long a forwarded request may take before the caller gets 502
 */
public record GatewayConfig(
        HttpConfig http, String adminToken, String internalToken, URI registryUrl, int upstreamTimeoutMillis) {

    public static final String ADMIN_TOKEN = "EDGEFLEET_ADMIN_TOKEN";
    public static final String INTERNAL_TOKEN = "EDGEFLEET_INTERNAL_TOKEN";
    public static final String REGISTRY_URL = "EDGEFLEET_REGISTRY_URL";
    public static final String UPSTREAM_TIMEOUT_MILLIS = "EDGEFLEET_UPSTREAM_TIMEOUT_MILLIS";
    static final int MIN_TOKEN_LENGTH = 16;

    public static GatewayConfig fromEnv(Map<String, String> variables) {
        Env env = Env.of(variables);
        return new GatewayConfig(
                HttpConfig.fromEnv(env, 8080),
                token(env, ADMIN_TOKEN),
                token(env, INTERNAL_TOKEN),
                httpUrl(env, REGISTRY_URL, "http://localhost:8081"),
                env.integer(UPSTREAM_TIMEOUT_MILLIS, 10_000, 100, 300_000));
    }

    private static String token(Env env, String name) {
        String value = env.required(name);
        if (value.length() < MIN_TOKEN_LENGTH) {
            throw new ConfigException(name + " must be at least " + MIN_TOKEN_LENGTH + " characters long");
        }
        return value;
    }

    private static URI httpUrl(Env env, String name, String def) {
        String value = env.string(name, def);
        try {
            URI uri = URI.create(value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + " must be an http(s) URL such as " + def + ", got '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return "GatewayConfig[http=" + http + ", registryUrl=" + registryUrl + ", upstreamTimeoutMillis="
                + upstreamTimeoutMillis + ", adminToken=***, internalToken=***]";
    }
}
