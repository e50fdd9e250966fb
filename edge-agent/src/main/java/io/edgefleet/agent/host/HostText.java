package io.edgefleet.agent.host;

import java.util.Locale;
import java.util.Optional;

/** Parsers for the text files under /proc and /etc that describe the machine. Pure functions. */
public final class HostText {

    private HostText() {
    }

    /** MemTotal from /proc/meminfo, in bytes. */
    public static Optional<Long> memTotalBytes(String meminfo) {
        for (String line : meminfo.split("\n")) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
                try {
                    long value = Long.parseLong(parts[0]);
                    boolean kibibytes = parts.length > 1 && parts[1].equalsIgnoreCase("kB");
                    return Optional.of(kibibytes ? value * 1024 : value);
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** PRETTY_NAME from os-release, unquoted and unescaped as os-release(5) describes. */
    public static Optional<String> prettyName(String osRelease) {
        for (String line : osRelease.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("PRETTY_NAME=")) {
                String value = unquote(trimmed.substring("PRETTY_NAME=".length()));
                return value.isBlank() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** Whole seconds of machine uptime, the first field of /proc/uptime. */
    public static Optional<Long> uptimeSeconds(String procUptime) {
        String[] parts = procUptime.trim().split("\\s+");
        try {
            return Optional.of((long) Double.parseDouble(parts[0]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The Go-style architecture name for a Java {@code os.arch}, so fleets match image platforms. */
    public static String goArch(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            case "arm", "arm32", "armv7l", "armhf" -> "arm";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> arch;
        };
    }

    private static String unquote(String value) {
        if (value.length() >= 2) {
            char first = value.charAt(0);
            char last = value.charAt(value.length() - 1);
            if ((first == '"' || first == '\'') && last == first) {
                value = value.substring(1, value.length() - 1);
                if (first == '"') {
                    value = value.replaceAll("\\\\([\\\\$\"`])", "$1");
                }
            }
        }
        return value;
    }
}
