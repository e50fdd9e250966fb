package io.edgefleet.simulator;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulator's command line: {@code <scenario> [--name value ...]}. Every value is checked here, so a run never
 * starts with a setting it cannot honour; {@link #parse} throws {@link InvalidOptions} naming the option and the rule.
 */
public record Options(
        Scenario scenario,
        int agents,
        String tenant,
        URI broker,
        URI gateway,
        String adminEmail,
        String adminPassword,
        Path fleetFile,
        String fleetLabel,
        Duration heartbeatInterval,
        Duration metricsInterval,
        int samples,
        int containers,
        int statePaddingBytes,
        double rampRate,
        Duration connectTimeout,
        List<InetAddress> sourceAddresses,
        int nettyThreads,
        int enrollConcurrency,
        Duration warmup,
        Duration duration,
        int commands,
        int commandConcurrency,
        double fanoutPercent,
        Duration fanoutTimeout,
        int restConcurrency,
        String restartCommand,
        Duration reconnectTimeout,
        int lagProbes,
        Map<String, String> watch,
        URI registryMetrics,
        URI telemetryMetrics,
        Path out,
        List<Scenario> suite) {

    /** A command line the simulator cannot run. */
    public static final class InvalidOptions extends Exception {
        public InvalidOptions(String message) {
            super(message);
        }
    }

    private static final Pattern DURATION = Pattern.compile("^(\\d+)(ms|s|m|h)$");
    private static final Pattern TENANT = Pattern.compile("^[a-z][a-z0-9-]{1,39}$");
    private static final Pattern LABEL_VALUE = Pattern.compile("^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$");
    private static final Pattern WATCH_NAME = Pattern.compile("^[a-z][a-z0-9-]{0,30}$");

    /** The usage text printed for {@code --help} and after an invalid command line. */
    public static String usage() {
        return """
                usage: java -jar edgefleet-simulator.jar <scenario> [options]

                scenarios:
                  enroll     create the fleet's endpoints through the REST API (reused by later runs)
                  ramp       connect N agents at --ramp-rate, hold them for --duration, report connects/s and RSS
                  steady     N agents heartbeating and sending metrics: ingest rates, end-to-end lag, CPU per process
                  commands   container commands through the REST API to the agents: round trip p50/p99/max
                  fanout     change an app targeting all N: time until --fanout-percent report the new generation
                  reconnect  run --restart-command (restart the broker) and time until every agent is back
                  rest       GET of single endpoints through the gateway while the fleet ingests: req/s, p50/p99
                  suite      one ramp, then steady, fanout, commands and rest on the same connected fleet
                  run        connect and keep the fleet running until interrupted (for manual experiments)

                options (defaults in brackets):
                  --agents N                 simulated agents [100]
                  --tenant T                 tenant of the fleet [default]
                  --broker URL               tcp://host:port of the MQTT broker [tcp://127.0.0.1:1883]
                  --gateway URL              http://host:port of the gateway [http://127.0.0.1:8080]
                  --admin-email E            platform admin who enrolls the fleet [admin@edgefleet.local]
                  --admin-password P         their password (or --admin-password-file F); needed unless the fleet
                                             file already holds N endpoints and the scenario makes no API calls
                  --fleet-file F             endpoint ids and secrets, reused by later runs [target/simulator-fleet.csv]
                  --fleet-label V            label sim=V on every endpoint of the fleet; the fan-out app targets it [fleet]
                  --heartbeat-interval D     heartbeat period, e.g. 10s [10s]
                  --metrics-interval D       metrics batch period [10s]
                  --samples S                metric samples per batch, 0..10000 [20]
                  --containers K             containers each agent reports in its state [5]
                  --state-padding-bytes B    an extra label of B bytes on each container in the state [0]
                  --ramp-rate R              connects per second while ramping up [500]
                  --connect-timeout D        after the last connect started, wait this long for all CONNACKs [60s]
                  --source-addresses A[,A]   local addresses to connect from, round robin, e.g. 127.0.0.1-127.0.0.4
                                             (one address holds ~60k connections to one broker port) [system's]
                  --netty-threads T          event loop threads all MQTT clients share [2]
                  --enroll-concurrency C     endpoint creations in flight [16]
                  --warmup D                 time between the fleet being up and the measurement [15s]
                  --duration D               measurement window (steady, rest) or hold time (ramp) [60s]
                  --commands C               commands to send (commands) [500]
                  --command-concurrency C    commands in flight [1]
                  --fanout-percent P         share of the fleet that must report the generation (fanout) [99]
                  --fanout-timeout D         give up waiting after [120s]
                  --rest-concurrency C       HTTP callers (rest) [16]
                  --restart-command CMD      shell command that restarts the broker (reconnect)
                  --reconnect-timeout D      give up waiting for the fleet to be back after [300s]
                  --lag-probes P             endpoints whose samples are polled through the API for the lag [5]
                  --watch NAME=PID|@FILE     a process (and its children) whose CPU and RSS are reported; repeatable
                  --registry-metrics URL     the registry's /metrics (heartbeats ingested)
                  --telemetry-metrics URL    the telemetry service's /metrics (samples stored)
                  --suite S[,S]              the suite's scenarios, in order [steady,fanout,commands,rest]
                  --out F                    results file (JSON) [target/simulator-<scenario>.json]
                """;
    }

    /** The scenario the first argument names. */
    public enum Scenario {
        ENROLL, RAMP, STEADY, COMMANDS, FANOUT, RECONNECT, REST, SUITE, RUN;

        static Scenario named(String name) throws InvalidOptions {
            for (Scenario scenario : values()) {
                if (scenario.name().equalsIgnoreCase(name)) {
                    return scenario;
                }
            }
            throw new InvalidOptions("unknown scenario '" + name + "'; one of: enroll, ramp, steady, commands, fanout, "
                    + "reconnect, rest, suite, run");
        }

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Parses and checks a command line. */
    public static Options parse(String[] args) throws InvalidOptions {
        if (args.length == 0) {
            throw new InvalidOptions("no scenario given");
        }
        Scenario scenario = Scenario.named(args[0]);
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> watch = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || name.length() < 3) {
                throw new InvalidOptions("expected an option starting with --, got '" + name + "'");
            }
            String key = name.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq > 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else {
                if (i + 1 >= args.length) {
                    throw new InvalidOptions("--" + key + " needs a value");
                }
                value = args[++i];
            }
            if (!KNOWN.contains(key)) {
                throw new InvalidOptions("unknown option --" + key + "; see --help");
            }
            if (key.equals("watch")) {
                addWatch(watch, value);
            } else if (values.put(key, value) != null) {
                throw new InvalidOptions("--" + key + " is given twice");
            }
        }
        Reader r = new Reader(values);
        String password = r.text("admin-password", null);
        String passwordFile = r.text("admin-password-file", null);
        if (password != null && passwordFile != null) {
            throw new InvalidOptions("give --admin-password or --admin-password-file, not both");
        }
        if (passwordFile != null) {
            try {
                password = java.nio.file.Files.readString(Path.of(passwordFile)).trim();
            } catch (java.io.IOException e) {
                throw new InvalidOptions("--admin-password-file " + passwordFile + " cannot be read: " + e);
            }
        }
        String tenant = r.text("tenant", "default");
        if (!TENANT.matcher(tenant).matches()) {
            throw new InvalidOptions("--tenant '" + tenant + "' is not a tenant id (^[a-z][a-z0-9-]{1,39}$)");
        }
        String label = r.text("fleet-label", "fleet");
        if (!LABEL_VALUE.matcher(label).matches()) {
            throw new InvalidOptions("--fleet-label '" + label + "' is not a label value (lowercase letters, digits, "
                    + "'.', '_', '-', at most 63, starting and ending alphanumeric)");
        }
        Duration metricsInterval = r.duration("metrics-interval", "10s", Duration.ofSeconds(1), Duration.ofHours(1));
        if (metricsInterval.toMillis() % 1000 != 0) {
            throw new InvalidOptions("--metrics-interval must be whole seconds (the batch's intervalSeconds)");
        }
        Duration heartbeat = r.duration("heartbeat-interval", "10s", Duration.ofSeconds(1), Duration.ofHours(1));
        if (heartbeat.toMillis() % 1000 != 0) {
            throw new InvalidOptions("--heartbeat-interval must be whole seconds (the heartbeat's intervalSeconds)");
        }
        String restart = r.text("restart-command", null);
        if (scenario == Scenario.RECONNECT && (restart == null || restart.isBlank())) {
            throw new InvalidOptions("the reconnect scenario needs --restart-command: the shell command that restarts "
                    + "the broker");
        }
        Options options = new Options(scenario,
                r.integer("agents", 100, 1, 500_000),
                tenant,
                r.uri("broker", "tcp://127.0.0.1:1883", "tcp"),
                r.uri("gateway", "http://127.0.0.1:8080", "http", "https"),
                r.text("admin-email", "admin@edgefleet.local"),
                password,
                Path.of(r.text("fleet-file", "target/simulator-fleet.csv")),
                label,
                heartbeat,
                metricsInterval,
                r.integer("samples", 20, 0, 10_000),
                r.integer("containers", 5, 0, 1000),
                r.integer("state-padding-bytes", 0, 0, 1_000_000),
                r.decimal("ramp-rate", 500, 0.1, 100_000),
                r.duration("connect-timeout", "60s", Duration.ofSeconds(1), Duration.ofHours(2)),
                r.addresses("source-addresses"),
                r.integer("netty-threads", 2, 1, 64),
                r.integer("enroll-concurrency", 16, 1, 256),
                r.duration("warmup", "15s", Duration.ZERO, Duration.ofHours(1)),
                r.duration("duration", "60s", Duration.ofSeconds(1), Duration.ofHours(24)),
                r.integer("commands", 500, 1, 1_000_000),
                r.integer("command-concurrency", 1, 1, 256),
                r.decimal("fanout-percent", 99, 1, 100),
                r.duration("fanout-timeout", "120s", Duration.ofSeconds(1), Duration.ofHours(1)),
                r.integer("rest-concurrency", 16, 1, 1024),
                restart,
                r.duration("reconnect-timeout", "300s", Duration.ofSeconds(1), Duration.ofHours(1)),
                r.integer("lag-probes", 5, 0, 100),
                Map.copyOf(watch),
                r.optionalUri("registry-metrics"),
                r.optionalUri("telemetry-metrics"),
                Path.of(r.text("out", "target/simulator-" + scenario.wire() + ".json")),
                r.suite("suite", "steady,fanout,commands,rest"));
        r.checkAllRead();
        return options;
    }

    private static final java.util.Set<String> KNOWN = java.util.Set.of("agents", "tenant", "broker", "gateway",
            "admin-email", "admin-password", "admin-password-file", "fleet-file", "fleet-label", "heartbeat-interval",
            "metrics-interval", "samples", "containers", "state-padding-bytes", "ramp-rate", "connect-timeout",
            "source-addresses",
            "netty-threads", "enroll-concurrency", "warmup", "duration", "commands", "command-concurrency",
            "fanout-percent", "fanout-timeout", "rest-concurrency", "restart-command", "reconnect-timeout",
            "lag-probes", "watch", "registry-metrics", "telemetry-metrics", "out", "suite");

    private static void addWatch(Map<String, String> watch, String value) throws InvalidOptions {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw new InvalidOptions("--watch '" + value + "' must be NAME=PID or NAME=@PIDFILE");
        }
        String name = value.substring(0, eq);
        String target = value.substring(eq + 1);
        if (!WATCH_NAME.matcher(name).matches()) {
            throw new InvalidOptions("--watch name '" + name + "' must match ^[a-z][a-z0-9-]{0,30}$");
        }
        if (!target.matches("^[1-9]\\d{0,9}$") && !(target.startsWith("@") && target.length() > 1)) {
            throw new InvalidOptions("--watch " + name + ": '" + target + "' is neither a process id nor @pidfile");
        }
        if (watch.put(name, target) != null) {
            throw new InvalidOptions("--watch " + name + " is given twice");
        }
    }

    /** Reads the option values, each at most once, with the rules of its kind. */
    private static final class Reader {
        private final Map<String, String> values;
        private final java.util.Set<String> read = new java.util.HashSet<>();

        Reader(Map<String, String> values) {
            this.values = values;
        }

        String text(String name, String fallback) {
            read.add(name);
            return values.getOrDefault(name, fallback);
        }

        int integer(String name, int fallback, int min, int max) throws InvalidOptions {
            String value = text(name, Integer.toString(fallback));
            try {
                int parsed = Integer.parseInt(value.replace("_", ""));
                if (parsed < min || parsed > max) {
                    throw new InvalidOptions("--" + name + " " + value + " is out of range " + min + ".." + max);
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new InvalidOptions("--" + name + " '" + value + "' is not a whole number");
            }
        }

        double decimal(String name, double fallback, double min, double max) throws InvalidOptions {
            String value = text(name, Double.toString(fallback));
            try {
                double parsed = Double.parseDouble(value);
                if (!(parsed >= min && parsed <= max)) {
                    throw new InvalidOptions("--" + name + " " + value + " is out of range " + min + ".." + max);
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new InvalidOptions("--" + name + " '" + value + "' is not a number");
            }
        }

        Duration duration(String name, String fallback, Duration min, Duration max) throws InvalidOptions {
            String value = text(name, fallback);
            Matcher m = DURATION.matcher(value);
            if (!m.matches()) {
                throw new InvalidOptions("--" + name + " '" + value + "' is not a duration like 500ms, 10s, 5m, 1h");
            }
            long amount = Long.parseLong(m.group(1));
            Duration parsed = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
            if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
                throw new InvalidOptions("--" + name + " " + value + " is out of range " + min + ".." + max);
            }
            return parsed;
        }

        URI uri(String name, String fallback, String... schemes) throws InvalidOptions {
            String value = text(name, fallback);
            URI uri;
            try {
                uri = URI.create(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidOptions("--" + name + " '" + value + "' is not a URL: " + e.getMessage());
            }
            if (uri.getScheme() == null || !List.of(schemes).contains(uri.getScheme()) || uri.getHost() == null
                    || uri.getPort() < 1) {
                throw new InvalidOptions("--" + name + " '" + value + "' must be " + String.join(" or ", schemes)
                        + "://host:port");
            }
            return uri;
        }

        URI optionalUri(String name) throws InvalidOptions {
            return values.containsKey(name) ? uri(name, null, "http", "https") : markRead(name);
        }

        private URI markRead(String name) {
            read.add(name);
            return null;
        }

        List<Scenario> suite(String name, String fallback) throws InvalidOptions {
            List<Scenario> scenarios = new ArrayList<>();
            for (String part : text(name, fallback).split(",")) {
                Scenario scenario = Scenario.named(part.trim());
                if (!List.of(Scenario.STEADY, Scenario.FANOUT, Scenario.COMMANDS, Scenario.REST).contains(scenario)) {
                    throw new InvalidOptions("--" + name + ": " + part + " cannot run in a suite (steady, fanout, "
                            + "commands, rest can)");
                }
                scenarios.add(scenario);
            }
            return List.copyOf(scenarios);
        }

        List<InetAddress> addresses(String name) throws InvalidOptions {
            String value = text(name, null);
            if (value == null) {
                return List.of();
            }
            List<InetAddress> addresses = new ArrayList<>();
            for (String part : value.split(",")) {
                String item = part.trim();
                int dash = item.indexOf('-');
                if (dash > 0) {
                    addresses.addAll(range(name, item.substring(0, dash), item.substring(dash + 1)));
                } else {
                    addresses.add(literal(name, item));
                }
            }
            for (InetAddress address : addresses) {
                try (java.net.Socket probe = new java.net.Socket()) {
                    probe.bind(new java.net.InetSocketAddress(address, 0));
                } catch (java.io.IOException e) {
                    throw new InvalidOptions("--" + name + ": cannot bind a socket to " + address.getHostAddress()
                            + " (" + e.getMessage() + "); 127.0.0.0/8 works on Linux, other addresses must be "
                            + "configured on an interface");
                }
            }
            return List.copyOf(addresses);
        }

        private static List<InetAddress> range(String name, String from, String to) throws InvalidOptions {
            byte[] start = literal(name, from).getAddress();
            byte[] end = literal(name, to).getAddress();
            if (start.length != 4 || end.length != 4 || start[0] != end[0] || start[1] != end[1] || start[2] != end[2]
                    || (start[3] & 0xff) > (end[3] & 0xff)) {
                throw new InvalidOptions("--" + name + " range " + from + "-" + to + " must be IPv4 addresses that "
                        + "differ in the last byte only, ascending");
            }
            List<InetAddress> addresses = new ArrayList<>();
            for (int last = start[3] & 0xff; last <= (end[3] & 0xff); last++) {
                byte[] bytes = start.clone();
                bytes[3] = (byte) last;
                try {
                    addresses.add(InetAddress.getByAddress(bytes));
                } catch (UnknownHostException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
            return addresses;
        }

        private static InetAddress literal(String name, String text) throws InvalidOptions {
            if (!text.matches("^[0-9.]+$") && !text.contains(":")) {
                throw new InvalidOptions("--" + name + " '" + text + "' is not an IP address literal");
            }
            try {
                return InetAddress.getByName(text);
            } catch (UnknownHostException e) {
                throw new InvalidOptions("--" + name + " '" + text + "' is not an IP address literal");
            }
        }

        void checkAllRead() throws InvalidOptions {
            for (String name : values.keySet()) {
                if (!read.contains(name)) {
                    throw new IllegalStateException("option --" + name + " was accepted but never read");
                }
            }
        }
    }
}
