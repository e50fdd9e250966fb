package io.edgefleet.kit.mqtt;

import java.util.Objects;

/** MQTT topic helpers. */
public final class Topics {

    private static final String SHARE_PREFIX = "$share/";

    private Topics() {
    }

    /** Splits a topic or filter into its levels; empty levels are kept ({@code "a//b"} has three). */
    public static String[] split(String topic) {
        Objects.requireNonNull(topic, "topic");
        return topic.split("/", -1);
    }

    /**
     * Whether a topic matches a subscription filter with MQTT wildcards ({@code +} one level, {@code #} the
     * rest including the parent level). A {@code $share/<group>/} prefix is stripped from the filter first.
     * Per MQTT, a filter starting with a wildcard does not match topics starting with {@code $}.
     */
    public static boolean matches(String filter, String topic) {
        String plain = stripShare(filter);
        String[] f = split(plain);
        String[] t = split(topic);
        if (topic.startsWith("$") && (f[0].equals("+") || f[0].equals("#"))) {
            return false;
        }
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return i == f.length - 1;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }

    /** The filter without a {@code $share/<group>/} prefix. */
    public static String stripShare(String filter) {
        Objects.requireNonNull(filter, "filter");
        if (!filter.startsWith(SHARE_PREFIX)) {
            return filter;
        }
        int groupEnd = filter.indexOf('/', SHARE_PREFIX.length());
        if (groupEnd < 0) {
            throw new IllegalArgumentException("shared subscription '" + filter + "' has no topic filter");
        }
        return filter.substring(groupEnd + 1);
    }
}
