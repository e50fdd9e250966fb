package io.edgefleet.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the shaded agent jar that the package phase built, as its own process. */
final class AgentJar {

    static final Path JAR = Path.of(System.getProperty("edgefleet.agent.jar", "target/edgefleet-agent.jar"));
    static final String VERSION = System.getProperty("edgefleet.agent.version", "0.1.0-SNAPSHOT");

    private AgentJar() {
    }

    /**
     * Starts {@code java -jar edgefleet-agent.jar args} with {@code env} as its only EDGEFLEET_ variables;
     * stdout and stderr go to files in {@code logDir}.
     */
    static Process start(List<String> args, Map<String, String> env, Path logDir) throws IOException {
        return start(List.of(), args, env, logDir);
    }

    /** Like {@link #start(List, Map, Path)}, with {@code jvmFlags} before {@code -jar}. */
    static Process start(List<String> jvmFlags, List<String> args, Map<String, String> env, Path logDir)
            throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the package phase first");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(Files.createDirectories(logDir).resolve("stdout.log").toFile())
                .redirectError(logDir.resolve("stderr.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("EDGEFLEET_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** CPU time (user + system) a process used so far, in clock ticks, from /proc/PID/stat. */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // fields after the command name in parentheses; utime and stime are fields 14 and 15
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** Resident set size of a process in KiB, from /proc/PID/status. */
    static long rssKib(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                .findFirst().orElseThrow();
    }
}
