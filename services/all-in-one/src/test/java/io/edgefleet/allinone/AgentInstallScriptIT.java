package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent's one-line install as an operator runs it: the command from the API's answer, piped from the gateway of
 * a running all-in-one into {@code sudo sh}, on this machine (where systemd is not running). Every run adds only
 * {@code --prefix}, so this machine's /opt, /etc and /var/lib are never touched.
 */
class AgentInstallScriptIT {

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);
    private static final String APP = "installed-app";
    private final ApiClient api = PLATFORM.api();

    private record Run(int exit, String out, String err) {
    }

    @Test
    @DisplayName("the API's install command installs the agent, says systemd is absent, prints the foreground "
            + "command that brings the endpoint online and runs its app; --uninstall removes jar, config and unit")
    void installCommandFromTheApiInstallsRunsAndUninstallsTheAgent() throws Exception {
        JsonNode created = api.createEndpoint("installed-01", "{\"installed\":\"by-script\"}");
        String id = created.path("id").asText();
        String secret = created.path("secret").asText();
        String install = created.path("runCommands").path("install").asText();
        String gateway = "http://localhost:" + PLATFORM.process().gatewayPort;
        assertThat(install).startsWith("curl -fsSL " + gateway + "/agent/install.sh | sudo sh -s -- --gateway "
                + gateway + " --broker ");
        Path prefix = PLATFORM.newDirectory("root-" + id);

        Run installed = shell(install + " --prefix " + prefix);

        assertThat(installed.exit()).as(installed.toString()).isZero();
        assertThat(installed.out()).contains("systemd is not running on this machine");
        assertThat(installed.out() + installed.err()).doesNotContain(secret);
        Path jar = prefix.resolve("opt/edgefleet/edgefleet-agent.jar");
        Path conf = prefix.resolve("etc/edgefleet/agent.conf");
        Path unit = prefix.resolve("etc/systemd/system/edgefleet-agent.service");
        Path data = prefix.resolve("var/lib/edgefleet-agent");
        assertThat(sha256(jar)).as("the jar the gateway served is the agent this build made")
                .isEqualTo(sha256(Path.of(System.getProperty("edgefleet.agentJar",
                        "../../edge-agent/target/edgefleet-agent.jar"))));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf.getParent()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(prefix.resolve("etc"))))
                .as("only the agent's own directories are closed").isEqualTo("rwxr-xr-x");
        assertThat(Files.readAllLines(conf)).contains("endpoint-id=" + id, "secret=" + secret, "tenant=default");
        assertThat(Files.readString(unit)).doesNotContain(secret).contains("ExecStart=/usr/bin/java ",
                " -jar " + jar + " --config " + conf + "\n");
        assertSystemdAccepts(unit);

        String foreground = foregroundCommand(installed.out());
        assertThat(foreground).contains(" -jar " + jar + " --config " + conf).doesNotContain(secret);
        // a flag of the test's own names the agent's containers apart from other tests' on this Docker engine
        String containerPrefix = "efinst" + ProcessHandle.current().pid() + "_";
        Process agent = start(foreground + " --container-name-prefix " + containerPrefix, prefix.resolve("agent.log"));
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> api.status(id).equals("online"));
            assertThat(api.endpoint(id).path("facts").path("hostname").asText()).isNotBlank();
            deployOneContainerTo("installed=by-script");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> containerState(containerPrefix + APP).equals("running"));
        } finally {
            agent.destroy();
            assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
            DockerEngine.run("sh", "-c", "docker rm -f " + containerPrefix + APP + " >/dev/null 2>&1 || true");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> api.status(id).equals("offline"));

        String uninstall = install.substring(0, install.indexOf(" --gateway ")) + " --uninstall --prefix " + prefix;
        Run removed = shell(uninstall);
        assertThat(removed.exit()).as(removed.toString()).isZero();
        assertThat(jar).doesNotExist();
        assertThat(conf).doesNotExist();
        assertThat(unit).doesNotExist();
        assertThat(data).as("the data stays unless --purge").isDirectory();
        assertThat(removed.out()).contains("--purge");

        Run purged = shell(uninstall + " --purge");
        assertThat(purged.exit()).as(purged.toString()).isZero();
        assertThat(data).doesNotExist();
    }

    @Test
    @DisplayName("bad arguments, an unreachable gateway and a missing Java fail with a clear message, a non-zero "
            + "exit and nothing installed")
    void realErrorsFailClearlyAndInstallNothing() throws Exception {
        String gateway = "http://localhost:" + PLATFORM.process().gatewayPort;
        Path prefix = PLATFORM.newDirectory("root-errors");
        Path script = prefix.resolveSibling("install.sh");
        assertThat(shell("curl -fsSL -o " + script + " " + gateway + "/agent/install.sh").exit()).isZero();
        String valid = " --broker tcp://localhost:1883 --tenant default --endpoint ep-k3v7q2mxa4td"
                + " --secret qwwB-I7K2Mq567C9uidHO0sVIcY24MGHzNEfH8Tlmc8 --prefix " + prefix;

        Run missing = shell("sh " + script + " --gateway " + gateway + " --endpoint ep-1 --prefix " + prefix);
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--broker is required", "--tenant is required",
                "--endpoint must be an endpoint id such as ep-k3v7q2mxa4td, got 'ep-1'", "--secret");
        Run unknown = shell("sh " + script + " --gateway " + gateway + valid + " --brocker x");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown option '--brocker'");
        Run injected = shell("sh " + script + " --gateway '" + gateway + "/$(id)'" + valid);
        assertThat(injected.exit()).isEqualTo(2);
        assertThat(injected.err()).contains("--gateway must be an http:// or https:// URL");

        Run unreadableSecret = shell("sh " + script + " --gateway " + gateway + valid + " --secret-file " + prefix
                + "/no-such-file");
        assertThat(unreadableSecret.exit()).isEqualTo(2);
        assertThat(unreadableSecret.err()).contains("--secret-file '" + prefix + "/no-such-file' cannot be read");

        Run unreachable = shell("sh " + script + " --gateway http://localhost:" + PlatformProcess.freePort() + valid);
        assertThat(unreachable.exit()).isEqualTo(4);
        assertThat(unreachable.err()).contains("downloading http://localhost:", "failed");
        Run noJava = shell("sh " + script + " --gateway " + gateway + valid + " --java /bin/true");
        assertThat(noJava.exit()).isEqualTo(3);
        assertThat(noJava.err()).contains("apt-get install -y openjdk-17-jre-headless",
                "dnf install -y java-17-openjdk-headless");

        try (var left = Files.walk(prefix)) {
            assertThat(left.filter(Files::isRegularFile)).as("files left by failed runs").isEmpty();
        }
    }

    private void deployOneContainerTo(String selector) throws Exception {
        DockerEngine.ensureTestBaseImage();
        String app = """
                {"name": "%s", "target": {"selector": "%s"},
                 "spec": {"image": "%s", "pullPolicy": "never", "memoryLimitMiB": 16, "init": true,
                          "command": ["sleep", "3600"]}}""".formatted(APP, selector, DockerEngine.TEST_BASE_IMAGE);
        ApiClient.Response created = api.call("POST", "/api/v1/tenants/default/apps", app);
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
    }

    private static String containerState(String name) throws Exception {
        return DockerEngine.run("sh", "-c", "docker inspect --format '{{.State.Status}}' " + name
                + " 2>/dev/null || echo absent");
    }

    /** systemd's own parser: unknown keys and bad values are warnings naming the file, with exit 0. */
    private static void assertSystemdAccepts(Path unit) throws Exception {
        Run verify = run(List.of("systemd-analyze", "verify", unit.toString()));
        assertThat(verify.exit()).as(verify.toString()).isZero();
        assertThat(verify.out() + verify.err()).as(verify.toString()).doesNotContain(unit.getFileName().toString());
    }

    /** The line after "Run the agent in the foreground (as root) with:". */
    private static String foregroundCommand(String output) {
        List<String> lines = output.lines().toList();
        int intro = lines.indexOf("Run the agent in the foreground (as root) with:");
        assertThat(intro).as(output).isNotNegative();
        return lines.get(intro + 1).strip();
    }

    /** Starts "VAR=value ... program args" as the printed line says, without a shell in between to kill. */
    private static Process start(String command, Path log) throws IOException {
        List<String> words = new ArrayList<>(Arrays.asList(command.split(" +")));
        ProcessBuilder builder = new ProcessBuilder().redirectErrorStream(true).redirectOutput(log.toFile());
        while (words.get(0).matches("^[A-Z_]+=.*$")) {
            String assignment = words.remove(0);
            builder.environment().put(assignment.substring(0, assignment.indexOf('=')),
                    assignment.substring(assignment.indexOf('=') + 1));
        }
        return builder.command(words).start();
    }

    private static Run shell(String command) throws Exception {
        return run(List.of("sh", "-c", command));
    }

    private static Run run(List<String> command) throws Exception {
        Path out = Files.createTempFile("install-out", ".txt");
        Path err = Files.createTempFile("install-err", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + SCRIPT_TIMEOUT);
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
