package io.edgefleet.kit.config;

/**
 * A setting is missing or malformed. The message names the variable and, unless the variable holds a
 * secret, the rejected value, so an operator can fix the deployment without reading code.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
