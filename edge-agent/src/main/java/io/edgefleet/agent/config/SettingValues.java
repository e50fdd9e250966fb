package io.edgefleet.agent.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Raw setting values and the checks that turn them into typed ones, collecting one error line per problem. */
final class SettingValues {

    private final Map<Setting, String> raw;
    private final List<String> errors;
    private final int errorsBefore;

    SettingValues(Map<Setting, String> raw, List<String> errors) {
        this.raw = raw;
        this.errors = errors;
        this.errorsBefore = errors.size();
    }

    boolean valid() {
        return errors.size() == errorsBefore;
    }

    void invalid(Setting setting, String problem) {
        errors.add("invalid setting " + setting.label() + ": " + problem);
    }

    private void invalid(Setting setting, String expectation, String got) {
        invalid(setting, expectation + ", got '" + got + "'");
    }

    private String required(Setting setting) {
        String value = raw.get(setting);
        if (value == null) {
            errors.add("missing setting " + setting.label() + ": " + setting.description());
        }
        return value;
    }

    String matching(Setting setting, String regex) {
        String value = required(setting);
        if (value != null && !Pattern.matches(regex, value)) {
            invalid(setting, "must match " + regex, value);
        }
        return value;
    }

    String secretText(Setting setting) {
        String value = required(setting);
        if (value != null && (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace))) {
            // the value itself is never echoed: a near-miss secret is still a secret
            invalid(setting, "must not be empty or contain whitespace");
        }
        return value;
    }

    String optionalSecret(Setting setting) {
        String value = raw.get(setting);
        return value == null ? "" : value;
    }

    int integer(Setting setting, int min, int max) {
        String value = required(setting);
        if (value == null) {
            return 0;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below together with the out-of-range case
        }
        invalid(setting, "must be an integer " + min + "-" + max, value);
        return 0;
    }

    BrokerAddress brokerAddress(Setting setting) {
        String value = required(setting);
        if (value == null) {
            return null;
        }
        String expectation = "must be tcp://host:port or ssl://host:port";
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme();
            boolean known = "tcp".equals(scheme) || "ssl".equals(scheme);
            boolean bare = uri.getUserInfo() == null && uri.getQuery() == null && uri.getFragment() == null
                    && (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"));
            if (!known || uri.getHost() == null || !bare || uri.getPort() > 65535) {
                invalid(setting, expectation, value);
                return null;
            }
            boolean tls = scheme.equals("ssl");
            int port = uri.getPort() == -1 ? (tls ? 8883 : 1883) : uri.getPort();
            String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                    : uri.getHost();
            return new BrokerAddress(tls, host, port);
        } catch (URISyntaxException e) {
            invalid(setting, expectation, value);
            return null;
        }
    }

    URI dockerHost(Setting setting) {
        String value = required(setting);
        if (value == null) {
            return null;
        }
        String expectation = "must be unix:///path/to/docker.sock or tcp://host:port";
        try {
            URI uri = new URI(value.trim());
            boolean unix = "unix".equals(uri.getScheme()) && uri.getPath() != null && uri.getPath().startsWith("/");
            boolean tcp = "tcp".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0;
            if (unix || tcp) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        invalid(setting, expectation, value);
        return null;
    }

    Path directory(Setting setting) {
        String value = required(setting);
        if (value == null) {
            return null;
        }
        try {
            Path path = Path.of(value).toAbsolutePath().normalize();
            if (value.isBlank() || (Files.exists(path) && !Files.isDirectory(path))) {
                invalid(setting, "must be a directory (it is created when missing)", value);
            }
            return path;
        } catch (InvalidPathException e) {
            invalid(setting, "must be a directory path", value);
            return null;
        }
    }

    Path existingDirectory(Setting setting) {
        String value = required(setting);
        if (value == null) {
            return null;
        }
        try {
            Path path = Path.of(value).toAbsolutePath().normalize();
            if (!value.isBlank() && Files.isDirectory(path)) {
                return path;
            }
        } catch (InvalidPathException e) {
            // reported below
        }
        invalid(setting, "must be an existing directory", value);
        return null;
    }

    Optional<Path> readableFile(Setting setting) {
        String value = raw.get(setting);
        if (value == null) {
            return Optional.empty();
        }
        try {
            Path path = Path.of(value).toAbsolutePath().normalize();
            if (!value.isBlank() && Files.isRegularFile(path) && Files.isReadable(path)) {
                return Optional.of(path);
            }
        } catch (InvalidPathException e) {
            // reported below
        }
        invalid(setting, "must be a readable file", value);
        return Optional.empty();
    }
}
