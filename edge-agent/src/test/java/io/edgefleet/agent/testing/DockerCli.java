package io.edgefleet.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code docker} command line, for tests that check what the agent did with an independent witness (and for
 * building fixtures). Every call fails the test with the command's output when it exits non-zero.
 */
public final class DockerCli {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DockerCli() {
    }

    /** Runs {@code docker args...} and returns its stdout, trimmed. */
    public static String docker(String... args) {
        return run(null, Map.of(), prepend("docker", args));
    }

    /** Runs {@code docker args...} with {@code stdin} and extra environment variables. */
    public static String docker(String stdin, Map<String, String> env, String... args) {
        return run(stdin, env, prepend("docker", args));
    }

    /** The exit code and combined output of {@code docker args...}, for commands that are expected to fail. */
    public static Result tryDocker(String... args) {
        return exec(null, Map.of(), prepend("docker", args));
    }

    /** {@code docker inspect} of one object as JSON. */
    public static JsonNode inspect(String idOrName) {
        try {
            return MAPPER.readTree(docker("inspect", idOrName)).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs any command and returns its stdout, trimmed. */
    public static String run(String stdin, Map<String, String> env, List<String> command) {
        Result result = exec(stdin, env, command);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + result.exitCode() + ": "
                    + result.stderr() + result.stdout());
        }
        return result.stdout().trim();
    }

    /** The outcome of a command. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result exec(String stdin, Map<String, String> env, List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(env);
            Process process = builder.start();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            String stdout = read(process.getInputStream());
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 5 minutes");
            }
            return new Result(process.exitValue(), stdout, stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    private static String read(java.io.InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> prepend(String first, String... rest) {
        List<String> command = new ArrayList<>(rest.length + 1);
        command.add(first);
        command.addAll(List.of(rest));
        return command;
    }
}
