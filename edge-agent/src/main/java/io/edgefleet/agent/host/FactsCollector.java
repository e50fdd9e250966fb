package io.edgefleet.agent.host;

import io.edgefleet.agent.payload.Facts;
import io.edgefleet.agent.runtime.ContainerRuntime;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the machine's {@link Facts} from /proc, /etc, the JDK and the container runtime. Blocking: call it from
 * the agent's own thread, never from an MQTT callback.
 */
public final class FactsCollector {

    private static final Logger LOG = LoggerFactory.getLogger(FactsCollector.class);

    private final Path root;
    private final Path dataDir;
    private final ContainerRuntime runtime;
    private final String agentVersion;
    private boolean uptimeWarned;

    /**
     * @param root         the file system root to read /proc and /etc under; {@code /} outside of tests
     * @param dataDir      the agent's data dir, whose file system the disk facts describe
     * @param runtime      the container runtime, asked for the engine version
     * @param agentVersion the agent's version
     */
    public FactsCollector(Path root, Path dataDir, ContainerRuntime runtime, String agentVersion) {
        this.root = root;
        this.dataDir = dataDir;
        this.runtime = runtime;
        this.agentVersion = agentVersion;
    }

    /** Reads every fact now. */
    public Facts collect() {
        long diskTotal = 0;
        long diskFree = 0;
        try {
            FileStore store = Files.getFileStore(dataDir);
            diskTotal = store.getTotalSpace();
            diskFree = store.getUsableSpace();
        } catch (IOException e) {
            LOG.warn("cannot read the size of the file system holding {}: {}", dataDir, e.toString());
        }
        return new Facts(hostname(), os(), HostText.goArch(System.getProperty("os.arch")), kernel(),
                Runtime.getRuntime().availableProcessors(), memoryBytes(), diskTotal, diskFree,
                runtime.engineVersion().orElse(null), agentVersion, ipAddresses(), ZoneId.systemDefault().getId());
    }

    /** The machine's uptime in whole seconds, 0 when /proc/uptime cannot be read (logged once). */
    public long uptimeSeconds() {
        Optional<Long> uptime = read("proc/uptime").flatMap(HostText::uptimeSeconds);
        if (uptime.isEmpty() && !uptimeWarned) {
            uptimeWarned = true;
            LOG.warn("cannot read the machine's uptime from {}; heartbeats report 0", root.resolve("proc/uptime"));
        }
        return uptime.orElse(0L);
    }

    private String hostname() {
        return read("proc/sys/kernel/hostname").map(String::trim).filter(name -> !name.isEmpty())
                .orElseGet(() -> {
                    try {
                        return InetAddress.getLocalHost().getHostName();
                    } catch (IOException e) {
                        return "unknown";
                    }
                });
    }

    private String os() {
        return read("etc/os-release").or(() -> read("usr/lib/os-release")).flatMap(HostText::prettyName)
                .orElseGet(() -> System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    private String kernel() {
        return read("proc/sys/kernel/osrelease").map(String::trim).filter(release -> !release.isEmpty())
                .orElseGet(() -> System.getProperty("os.version"));
    }

    private long memoryBytes() {
        return read("proc/meminfo").flatMap(HostText::memTotalBytes).orElseGet(() -> {
            var os = ManagementFactory.getOperatingSystemMXBean();
            return os instanceof com.sun.management.OperatingSystemMXBean bean ? bean.getTotalMemorySize() : 0L;
        });
    }

    private static List<String> ipAddresses() {
        try {
            return NetworkAddresses.list();
        } catch (IOException e) {
            LOG.warn("cannot list the machine's network interfaces: {}", e.toString());
            return List.of();
        }
    }

    private Optional<String> read(String relative) {
        try {
            return Optional.of(Files.readString(root.resolve(relative), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
