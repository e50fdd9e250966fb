package io.edgefleet.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.edgefleet.agent.telemetry.TelemetrySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {

    private static final String SECRET = "s3cr3t-Value_abcdefghijklmnopqrstuvwxyz012345";

    @TempDir
    Path dir;

    private static Map<String, String> requiredEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("EDGEFLEET_BROKER_URL", "tcp://broker.local:1883");
        env.put("EDGEFLEET_TENANT", "default");
        env.put("EDGEFLEET_ENDPOINT_ID", "ep-abcdefghij23");
        env.put("EDGEFLEET_ENDPOINT_SECRET", SECRET);
        return env;
    }

    private static AgentConfig valid(List<String> args, Map<String, String> env) {
        ConfigOutcome outcome = AgentConfig.parse(args, env);
        assertThat(outcome).isInstanceOf(ConfigOutcome.Valid.class);
        return ((ConfigOutcome.Valid) outcome).config();
    }

    private static List<String> errors(List<String> args, Map<String, String> env) {
        ConfigOutcome outcome = AgentConfig.parse(args, env);
        assertThat(outcome).isInstanceOf(ConfigOutcome.Invalid.class);
        return ((ConfigOutcome.Invalid) outcome).errors();
    }

    /** The four required flags, with {@code flagValuePairs} replacing or adding flags. */
    private static List<String> withRequiredFlags(String... flagValuePairs) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--broker-url", "tcp://broker.local:1883");
        flags.put("--tenant", "default");
        flags.put("--endpoint-id", "ep-abcdefghij23");
        flags.put("--secret", SECRET);
        for (int i = 0; i + 1 < flagValuePairs.length; i += 2) {
            flags.put(flagValuePairs[i], flagValuePairs[i + 1]);
        }
        List<String> args = new ArrayList<>();
        flags.forEach((flag, value) -> {
            args.add(flag);
            args.add(value);
        });
        if (flagValuePairs.length % 2 == 1) {
            args.add(flagValuePairs[flagValuePairs.length - 1]);
        }
        return args;
    }

    @Test
    void defaultsApplyWhenOnlyTheRequiredSettingsAreGiven() {
        AgentConfig config = valid(List.of(), requiredEnv());

        assertThat(config.broker()).isEqualTo(new BrokerAddress(false, "broker.local", 1883));
        assertThat(config.tenant()).isEqualTo("default");
        assertThat(config.endpointId()).isEqualTo("ep-abcdefghij23");
        assertThat(config.secret()).isEqualTo(SECRET);
        assertThat(config.dataDir()).isEqualTo(Path.of("edgefleet-agent-data").toAbsolutePath());
        assertThat(config.heartbeatIntervalSeconds()).isEqualTo(10);
        assertThat(config.stateIntervalSeconds()).isEqualTo(60);
        assertThat(config.truststore()).isEmpty();
        assertThat(config.dockerHost()).isEqualTo(URI.create("unix:///var/run/docker.sock"));
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheConfigFile() throws IOException {
        Path file = dir.resolve("agent.properties");
        Files.writeString(file, "heartbeat-interval=30\nstate-interval=300\ntenant=from-file\n"
                + "data-dir=" + dir.resolve("from-file") + "\n");
        Map<String, String> env = requiredEnv();
        env.remove("EDGEFLEET_TENANT");
        env.put("EDGEFLEET_HEARTBEAT_INTERVAL_SECONDS", "20");
        env.put("EDGEFLEET_STATE_INTERVAL_SECONDS", "200");

        AgentConfig config = valid(List.of("--config", file.toString(), "--heartbeat-interval=5"), env);

        assertThat(config.heartbeatIntervalSeconds()).as("flag over env and file").isEqualTo(5);
        assertThat(config.stateIntervalSeconds()).as("env over file").isEqualTo(200);
        assertThat(config.tenant()).as("file over default").isEqualTo("from-file");
        assertThat(config.dataDir()).isEqualTo(dir.resolve("from-file"));
    }

    @Test
    void anEmptyEnvironmentVariableCountsAsUnset() {
        Map<String, String> env = requiredEnv();
        env.put("EDGEFLEET_HEARTBEAT_INTERVAL_SECONDS", "");

        assertThat(valid(List.of(), env).heartbeatIntervalSeconds()).isEqualTo(10);
    }

    @Test
    void containerNamePrefixNamesTheAppsContainersAndIsChecked() {
        assertThat(valid(List.of(), requiredEnv()).reconcile().containerName("web")).isEqualTo("web");
        AgentConfig config = valid(withRequiredFlags("--container-name-prefix", "line-a_"), Map.of());
        assertThat(config.reconcile().containerNamePrefix()).isEqualTo("line-a_");
        assertThat(config.reconcile().containerName("web")).isEqualTo("line-a_web");
        assertThat(errors(withRequiredFlags("--container-name-prefix", "bad/prefix"), Map.of()))
                .anySatisfy(error -> assertThat(error).contains("--container-name-prefix").contains("bad/prefix"));
    }

    @Test
    void everySettingCanComeFromFlagsAlone() throws IOException {
        Path truststore = dir.resolve("trust.p12");
        TestTrustStore.write(truststore, "changeit");

        AgentConfig config = valid(withRequiredFlags("--broker-url", "ssl://[fd00::1]:8884", "--data-dir",
                dir.toString(), "--heartbeat-interval", "3600", "--state-interval", "1", "--truststore",
                truststore.toString(), "--truststore-password", "changeit", "--docker-host", "tcp://127.0.0.1:2375"),
                Map.of());

        assertThat(config.broker()).isEqualTo(new BrokerAddress(true, "fd00::1", 8884));
        assertThat(config.broker()).hasToString("ssl://[fd00::1]:8884");
        assertThat(config.heartbeatIntervalSeconds()).isEqualTo(3600);
        assertThat(config.stateIntervalSeconds()).isEqualTo(1);
        assertThat(config.truststore()).contains(truststore);
        assertThat(config.dockerHost()).isEqualTo(URI.create("tcp://127.0.0.1:2375"));
    }

    @Test
    void brokerPortDefaultsByScheme() {
        Map<String, String> env = requiredEnv();
        env.put("EDGEFLEET_BROKER_URL", "ssl://broker.example.com");

        assertThat(valid(List.of(), env).broker()).isEqualTo(new BrokerAddress(true, "broker.example.com", 8883));
    }

    @Test
    void eachMissingRequiredSettingIsNamedWithFlagAndVariable() {
        assertThat(errors(List.of(), Map.of())).containsExactly(
                "missing setting --broker-url (EDGEFLEET_BROKER_URL): MQTT broker, tcp://host:port or ssl://host:port (required)",
                "missing setting --tenant (EDGEFLEET_TENANT): tenant id, ^[a-z][a-z0-9-]{1,39}$ (required)",
                "missing setting --endpoint-id (EDGEFLEET_ENDPOINT_ID): endpoint id, ^ep-[a-z2-7]{12}$ (required)",
                "missing setting --secret (EDGEFLEET_ENDPOINT_SECRET): endpoint secret shown at enrollment (required)");
    }

    @Test
    void heartbeatIntervalOutOfRangeIsRejectedWithTheExactMessage() {
        assertThat(errors(withRequiredFlags("--heartbeat-interval", "0"), Map.of())).containsExactly(
                "invalid setting --heartbeat-interval (EDGEFLEET_HEARTBEAT_INTERVAL_SECONDS): must be an integer 1-3600, got '0'");
        assertThat(errors(withRequiredFlags("--heartbeat-interval", "3601"), Map.of())).hasSize(1);
        assertThat(errors(withRequiredFlags("--heartbeat-interval", "ten"), Map.of())).hasSize(1);
    }

    @Test
    void telemetrySettingsDefaultToFifteenSecondsSixteenMibFourStatsCallsAndProc() {
        AgentConfig config = valid(List.of(), requiredEnv());

        assertThat(config.telemetry()).isEqualTo(TelemetrySettings.DEFAULTS);
        assertThat(config.telemetry().metricsInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.telemetry().metricsBufferBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(config.telemetry().statsConcurrency()).isEqualTo(4);
        assertThat(config.telemetry().procPath()).isEqualTo(Path.of("/proc"));
    }

    @Test
    void telemetrySettingsComeFromTheEnvironmentAndAreChecked() {
        Map<String, String> env = requiredEnv();
        env.put("EDGEFLEET_METRICS_INTERVAL_SECONDS", "2");
        env.put("EDGEFLEET_METRICS_BUFFER_BYTES", "4096");
        env.put("EDGEFLEET_LOG_BUFFER_BYTES", "8192");
        env.put("EDGEFLEET_STATS_CONCURRENCY", "8");
        env.put("EDGEFLEET_PROC_PATH", dir.toString());

        assertThat(valid(List.of(), env).telemetry()).isEqualTo(
                new TelemetrySettings(Duration.ofSeconds(2), 4096, 8192, 8, dir.toAbsolutePath()));
        assertThat(errors(withRequiredFlags("--metrics-interval", "0", "--stats-concurrency", "65",
                "--metrics-buffer", "100", "--proc-path", dir.resolve("missing").toString()), Map.of()))
                .containsExactly(
                        "invalid setting --metrics-interval (EDGEFLEET_METRICS_INTERVAL_SECONDS): must be an integer 1-3600, got '0'",
                        "invalid setting --metrics-buffer (EDGEFLEET_METRICS_BUFFER_BYTES): must be an integer 1024-2147483647, got '100'",
                        "invalid setting --stats-concurrency (EDGEFLEET_STATS_CONCURRENCY): must be an integer 1-64, got '65'",
                        "invalid setting --proc-path (EDGEFLEET_PROC_PATH): must be an existing directory, got '"
                                + dir.resolve("missing") + "'");
    }

    @Test
    void stateIntervalMustBeAnInteger() {
        Map<String, String> env = requiredEnv();
        env.put("EDGEFLEET_STATE_INTERVAL_SECONDS", "1.5");

        assertThat(errors(List.of(), env)).containsExactly(
                "invalid setting --state-interval (EDGEFLEET_STATE_INTERVAL_SECONDS): must be an integer 1-86400, got '1.5'");
    }

    @Test
    void malformedBrokerUrlsAreRejected() {
        for (String url : List.of("mqtt://broker:1883", "broker:1883", "tcp://", "tcp://user:pw@broker:1883",
                "tcp://broker:1883/path", "tcp://broker:99999", "tcp://bro ker:1")) {
            Map<String, String> env = requiredEnv();
            env.put("EDGEFLEET_BROKER_URL", url);
            assertThat(errors(List.of(), env)).as(url).singleElement().asString()
                    .startsWith("invalid setting --broker-url (EDGEFLEET_BROKER_URL): must be tcp://host:port or ssl://host:port");
        }
    }

    @Test
    void tenantAndEndpointIdMustMatchTheirPatterns() {
        Map<String, String> env = requiredEnv();
        env.put("EDGEFLEET_TENANT", "Default");
        env.put("EDGEFLEET_ENDPOINT_ID", "ep-ABCDEFGHIJ23");

        assertThat(errors(List.of(), env)).containsExactly(
                "invalid setting --tenant (EDGEFLEET_TENANT): must match ^[a-z][a-z0-9-]{1,39}$, got 'Default'",
                "invalid setting --endpoint-id (EDGEFLEET_ENDPOINT_ID): must match ^ep-[a-z2-7]{12}$, got 'ep-ABCDEFGHIJ23'");
        env.put("EDGEFLEET_TENANT", "a");
        env.put("EDGEFLEET_ENDPOINT_ID", "ep-abcdefghij18");
        assertThat(errors(List.of(), env)).hasSize(2);
    }

    @Test
    void aBadSecretIsReportedWithoutEchoingIt() {
        String nearMiss = "almost the secret";
        List<String> errors = errors(withRequiredFlags("--secret", nearMiss), Map.of());

        assertThat(errors).containsExactly(
                "invalid setting --secret (EDGEFLEET_ENDPOINT_SECRET): must not be empty or contain whitespace");
        assertThat(String.join("\n", errors)).doesNotContain(nearMiss);
    }

    @Test
    void theSecretNeverAppearsInToString() {
        AgentConfig config = valid(List.of(), requiredEnv());

        assertThat(config.toString()).doesNotContain(SECRET).contains("secret=***");
    }

    @Test
    void dataDirThatIsAFileIsRejected() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");

        assertThat(errors(withRequiredFlags("--data-dir", file.toString()), Map.of())).containsExactly(
                "invalid setting --data-dir (EDGEFLEET_DATA_DIR): must be a directory (it is created when missing), got '"
                        + file + "'");
    }

    @Test
    void truststoreMustBeReadableLoadableAndOnlyForSsl() throws IOException {
        assertThat(errors(withRequiredFlags("--broker-url", "ssl://b:8883", "--truststore",
                dir.resolve("missing.p12").toString()), Map.of())).containsExactly(
                "invalid setting --truststore (EDGEFLEET_TRUSTSTORE): must be a readable file, got '"
                        + dir.resolve("missing.p12") + "'");

        Path truststore = dir.resolve("trust.p12");
        TestTrustStore.write(truststore, "changeit");
        assertThat(errors(withRequiredFlags("--truststore", truststore.toString(), "--truststore-password",
                "changeit"), Map.of())).containsExactly(
                "invalid setting --truststore (EDGEFLEET_TRUSTSTORE): only applies to ssl:// broker URLs, the broker URL is tcp://broker.local:1883");

        List<String> wrongPassword = errors(withRequiredFlags("--broker-url", "ssl://b:8883", "--truststore",
                truststore.toString(), "--truststore-password", "wrong"), Map.of());
        assertThat(wrongPassword).singleElement().asString()
                .startsWith("invalid setting --truststore (EDGEFLEET_TRUSTSTORE): cannot load the truststore")
                .doesNotContain("wrong");

        assertThat(errors(withRequiredFlags("--truststore-password", "x"), Map.of())).containsExactly(
                "invalid setting --truststore-password (EDGEFLEET_TRUSTSTORE_PASSWORD): is set but --truststore is not");
    }

    @Test
    void dockerHostMustBeUnixSocketOrTcp() {
        Map<String, String> env = requiredEnv();
        env.put("DOCKER_HOST", "npipe:////./pipe/docker_engine");

        assertThat(errors(List.of(), env)).containsExactly(
                "invalid setting --docker-host (DOCKER_HOST): must be unix:///path/to/docker.sock or tcp://host:port, got 'npipe:////./pipe/docker_engine'");
        env.put("DOCKER_HOST", "unix:///run/user/1000/docker.sock");
        assertThat(valid(List.of(), env).dockerHost()).isEqualTo(URI.create("unix:///run/user/1000/docker.sock"));
    }

    @Test
    void unknownFlagsMissingValuesAndStrayArgumentsAreErrors() {
        assertThat(errors(withRequiredFlags("--heartbeat=5", "stray"), Map.of())).containsExactly(
                "unknown flag --heartbeat (see --help)",
                "unexpected argument 'stray' (flags look like --name value or --name=value)");
        assertThat(errors(withRequiredFlags("--state-interval"), Map.of()))
                .containsExactly("flag --state-interval needs a value");
        List<String> twice = withRequiredFlags();
        twice.addAll(List.of("--tenant", "other"));
        assertThat(errors(twice, Map.of())).containsExactly("flag --tenant is given more than once");
    }

    @Test
    void configFileProblemsAreReported() throws IOException {
        Path file = Files.writeString(dir.resolve("agent.properties"), "heartbeat_interval=5\n");

        assertThat(errors(List.of("--config", file.toString()), requiredEnv()))
                .containsExactly("unknown key 'heartbeat_interval' in config file '" + file + "'");
        assertThat(errors(List.of("--config", dir.resolve("nope.properties").toString()), requiredEnv()))
                .singleElement().asString().startsWith("cannot read config file '" + dir.resolve("nope.properties"));
    }

    @Test
    void helpWinsOverEverythingElse() {
        ConfigOutcome outcome = AgentConfig.parse(List.of("--bogus", "--help"), Map.of());

        assertThat(outcome).isInstanceOf(ConfigOutcome.HelpRequested.class);
        String usage = ((ConfigOutcome.HelpRequested) outcome).usage();
        for (Setting setting : Setting.values()) {
            assertThat(usage).contains(setting.flag()).contains(setting.env());
        }
    }
}
