package io.edgefleet.kit.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Typed, validated access to environment variables.
 *
 * <p>Every failure is a {@link ConfigException} that names the variable and the rejected value; the value
 * is replaced by {@code <hidden>} when the variable's name contains {@code PASSWORD}, {@code SECRET} or
 * {@code TOKEN}. Blank values count as unset.
 */
public final class Env {

    private final Map<String, String> values;

    private Env(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Wraps a map of variables, e.g. {@code System.getenv()} or a test's map. */
    public static Env of(Map<String, String> values) {
        Objects.requireNonNull(values, "values");
        return new Env(values);
    }

    /** The process environment. */
    public static Env system() {
        return of(System.getenv());
    }

    /** The trimmed value, or empty when the variable is unset or blank. */
    public Optional<String> optional(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.strip());
    }

    /** The value; fails naming the variable when it is unset or blank. */
    public String required(String name) {
        return optional(name).orElseThrow(() -> new ConfigException(name + " is required but not set"));
    }

    /** The value, or {@code def} when unset or blank. */
    public String string(String name, String def) {
        return optional(name).orElse(def);
    }

    /** An integer in {@code [min, max]}, or {@code def} when unset. */
    public int integer(String name, int def, int min, int max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return def;
        }
        int value;
        try {
            value = Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be an integer, got " + shown(name, raw.get()));
        }
        if (value < min || value > max) {
            throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + shown(name, raw.get()));
        }
        return value;
    }

    /** A TCP port (1..65535), or {@code def} when unset. */
    public int port(String name, int def) {
        return integer(name, def, 1, 65535);
    }

    /** A whole number of seconds (0..10^9), or {@code def} seconds when unset. */
    public Duration seconds(String name, long def) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return Duration.ofSeconds(def);
        }
        try {
            long value = Long.parseLong(raw.get());
            if (value < 0 || value > 1_000_000_000L) {
                throw new ConfigException(name + " must be between 0 and 1000000000 seconds, got " + shown(name, raw.get()));
            }
            return Duration.ofSeconds(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number of seconds, got " + shown(name, raw.get()));
        }
    }

    /** {@code true/false/yes/no/1/0} (any case), or {@code def} when unset. */
    public boolean bool(String name, boolean def) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return def;
        }
        switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1":
                return true;
            case "false", "no", "0":
                return false;
            default:
                throw new ConfigException(name + " must be true or false, got " + shown(name, raw.get()));
        }
    }

    /** Whether a variable's value must never be echoed (its name mentions a password, secret or token). */
    public static boolean isSecret(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.contains("PASSWORD") || upper.contains("SECRET") || upper.contains("TOKEN");
    }

    private static String shown(String name, String value) {
        return isSecret(name) ? "<hidden>" : "'" + value + "'";
    }
}
