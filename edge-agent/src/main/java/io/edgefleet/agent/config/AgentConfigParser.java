package io.edgefleet.agent.config;

import io.edgefleet.agent.control.TrustStores;
import io.edgefleet.agent.reconcile.ReconcileSettings;
import io.edgefleet.agent.telemetry.TelemetrySettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** Collects raw values from flags, environment and config file, in that priority, then validates them. */
final class AgentConfigParser {

    private static final String CONFIG_FLAG = "--config";
    private static final String HELP_FLAG = "--help";

    private final Map<String, String> env;
    private final List<String> errors = new ArrayList<>();

    AgentConfigParser(Map<String, String> env) {
        this.env = env;
    }

    ConfigOutcome parse(List<String> args) {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        String configFile = null;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals(HELP_FLAG) || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                errors.add("unexpected argument '" + arg + "' (flags look like --name value or --name=value)");
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            Setting setting = Setting.byKey(name.substring(2));
            if (setting == null && !name.equals(CONFIG_FLAG)) {
                errors.add("unknown flag " + name + " (see --help)");
                continue;
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                errors.add("flag " + name + " needs a value");
                continue;
            }
            if (setting == null) {
                configFile = value;
            } else if (flags.putIfAbsent(setting, value) != null) {
                errors.add("flag " + name + " is given more than once");
            }
        }
        if (help) {
            return new ConfigOutcome.HelpRequested(usage());
        }
        Map<Setting, String> file = configFile == null ? Map.of() : readConfigFile(configFile);
        Map<Setting, String> raw = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            String value = flags.get(setting);
            if (value == null) {
                String fromEnv = env.get(setting.env());
                // compose files and systemd units often define a variable as empty to mean "not set"
                value = fromEnv == null || fromEnv.isBlank() ? file.get(setting) : fromEnv;
            }
            raw.put(setting, value == null ? setting.defaultValue() : value);
        }
        if (!errors.isEmpty()) {
            return new ConfigOutcome.Invalid(errors);
        }
        AgentConfig config = validate(new SettingValues(raw, errors));
        return errors.isEmpty() ? new ConfigOutcome.Valid(config) : new ConfigOutcome.Invalid(errors);
    }

    private Map<Setting, String> readConfigFile(String name) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(name), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | RuntimeException e) {
            errors.add("cannot read config file '" + name + "' (" + CONFIG_FLAG + "): " + e);
            return Map.of();
        }
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (String key : properties.stringPropertyNames()) {
            Setting setting = Setting.byKey(key);
            if (setting == null) {
                errors.add("unknown key '" + key + "' in config file '" + name + "'");
            } else {
                values.put(setting, properties.getProperty(key).trim());
            }
        }
        return values;
    }

    private static AgentConfig validate(SettingValues values) {
        BrokerAddress broker = values.brokerAddress(Setting.BROKER_URL);
        String tenant = values.matching(Setting.TENANT, "^[a-z][a-z0-9-]{1,39}$");
        String endpointId = values.matching(Setting.ENDPOINT_ID, "^ep-[a-z2-7]{12}$");
        String secret = values.secretText(Setting.SECRET);
        Path dataDir = values.directory(Setting.DATA_DIR);
        int heartbeat = values.integer(Setting.HEARTBEAT_INTERVAL, 1, 3600);
        int state = values.integer(Setting.STATE_INTERVAL, 1, 86400);
        Optional<Path> truststore = values.readableFile(Setting.TRUSTSTORE);
        String truststorePassword = values.optionalSecret(Setting.TRUSTSTORE_PASSWORD);
        if (truststore.isPresent() && broker != null && !broker.tls()) {
            values.invalid(Setting.TRUSTSTORE, "only applies to ssl:// broker URLs, the broker URL is " + broker);
        }
        if (truststore.isPresent()) {
            try {
                TrustStores.load(truststore.get(), truststorePassword);
            } catch (IOException e) {
                values.invalid(Setting.TRUSTSTORE, e.getMessage());
            }
        }
        if (truststore.isEmpty() && !truststorePassword.isEmpty()) {
            values.invalid(Setting.TRUSTSTORE_PASSWORD, "is set but " + Setting.TRUSTSTORE.flag() + " is not");
        }
        var dockerHost = values.dockerHost(Setting.DOCKER_HOST);
        int reconcileInterval = values.integer(Setting.RECONCILE_INTERVAL, 1, 86400);
        int watchWindow = values.integer(Setting.WATCH_WINDOW, 1, 600);
        int minFreeMib = values.integer(Setting.MIN_FREE_IMAGE_SPACE, 0, 1024 * 1024);
        String prefix = values.matching(Setting.CONTAINER_NAME_PREFIX, ReconcileSettings.PREFIX_PATTERN);
        int metricsInterval = values.integer(Setting.METRICS_INTERVAL, 1, 3600);
        int metricsBuffer = values.integer(Setting.METRICS_BUFFER, 1024, Integer.MAX_VALUE);
        int logBuffer = values.integer(Setting.LOG_BUFFER, 1024, Integer.MAX_VALUE);
        int statsConcurrency = values.integer(Setting.STATS_CONCURRENCY, 1, 64);
        Path procPath = values.existingDirectory(Setting.PROC_PATH);
        if (!values.valid()) {
            return null;
        }
        TelemetrySettings telemetry = new TelemetrySettings(Duration.ofSeconds(metricsInterval), metricsBuffer,
                logBuffer, statsConcurrency, procPath);
        ReconcileSettings reconcile = new ReconcileSettings(Duration.ofSeconds(reconcileInterval),
                ReconcileSettings.DEFAULTS.debounce(), Duration.ofSeconds(watchWindow),
                minFreeMib * ReconcileSettings.MIB, ReconcileSettings.DEFAULTS.stopTimeout(), prefix);
        return new AgentConfig(broker, tenant, endpointId, secret, dataDir, heartbeat, state, truststore,
                truststorePassword, dockerHost, reconcile, telemetry);
    }

    static String usage() {
        StringBuilder text = new StringBuilder()
                .append("Usage: java -jar edgefleet-agent.jar [--config FILE] [--flag value ...]\n\n")
                .append("Runs the edgefleet edge agent. Each setting comes from its flag, else its environment\n")
                .append("variable, else the properties file given by --config (keys are the flag names\n")
                .append("without --), else its default.\n\n");
        for (Setting setting : Setting.values()) {
            text.append(String.format("  %-22s %-38s %s%n", setting.flag(), setting.env(), setting.description()));
            if (setting.defaultValue() != null) {
                text.append(String.format("  %-22s %-38s default: %s%n", "", "", setting.defaultValue()));
            }
        }
        text.append(String.format("  %-22s %-38s %s%n", CONFIG_FLAG + " FILE", "", "Java properties file"));
        text.append(String.format("  %-22s %-38s %s%n", HELP_FLAG, "", "print this text and exit"));
        text.append("\nPrefer the environment or a file readable only by the agent for the secret: flags are\n")
                .append("visible to every local user in the process list.\n")
                .append("Exit codes: 1 when the agent cannot start, 2 for invalid settings. SIGTERM stops it\n")
                .append("gracefully: it reports itself offline and disconnects.\n");
        return text.toString();
    }
}
