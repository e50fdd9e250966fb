package io.edgefleet.agent.metrics;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machine's samples, read from a {@code /proc} directory (another path when the agent runs in a container with
 * the host's /proc mounted there). CPU percent needs two readings: the first collection has none. A file that cannot
 * be read costs its own samples only, and is reported once.
 */
public final class NodeCollector {

    private static final Logger LOG = LoggerFactory.getLogger(NodeCollector.class);

    private final Path proc;
    private ProcStat previousCpu;
    private final java.util.Set<String> reported = new java.util.HashSet<>();

    public NodeCollector(Path proc) {
        this.proc = proc;
    }

    /** Collects once; call from one thread. */
    public List<Sample> collect() {
        List<Sample> samples = new ArrayList<>();
        read("stat", text -> {
            ProcStat now = ProcStat.parse(text);
            if (previousCpu != null) {
                samples.add(Sample.node("node_cpu_percent", now.busyPercentSince(previousCpu)));
            }
            previousCpu = now;
        });
        read("loadavg", text -> {
            ProcLoadavg load = ProcLoadavg.parse(text);
            samples.add(Sample.node("node_load1", load.load1()));
            samples.add(Sample.node("node_load5", load.load5()));
            samples.add(Sample.node("node_load15", load.load15()));
        });
        read("meminfo", text -> {
            ProcMeminfo memory = ProcMeminfo.parse(text);
            samples.add(Sample.node("node_memory_used_bytes", memory.usedBytes()));
            samples.add(Sample.node("node_memory_total_bytes", memory.totalBytes()));
        });
        read(hostView("mounts"), text -> {
            for (String mountPoint : ProcMounts.realMountPoints(text)) {
                disk(mountPoint, samples);
            }
        });
        read(hostView("net/dev"), text -> {
            for (ProcNetDev.Interface nic : ProcNetDev.parse(text)) {
                samples.add(Sample.device("node_network_rx_bytes", nic.name(), nic.rxBytes()));
                samples.add(Sample.device("node_network_tx_bytes", nic.name(), nic.txBytes()));
            }
        });
        return samples;
    }

    private void disk(String mountPoint, List<Sample> samples) {
        try {
            FileStore store = Files.getFileStore(Path.of(mountPoint));
            long total = store.getTotalSpace();
            if (total <= 0) {
                return;
            }
            // like df: used is what is not free to anyone, root's reserve included
            samples.add(Sample.device("node_disk_used_bytes", mountPoint, total - store.getUnallocatedSpace()));
            samples.add(Sample.device("node_disk_total_bytes", mountPoint, total));
        } catch (IOException | InvalidPathException | SecurityException e) {
            // a mount of another namespace (an agent in a container reads the host's list) or a stale network mount
            once("mount " + mountPoint, e);
        }
    }

    /**
     * {@code <proc>/1/<file>} when readable, else {@code <proc>/<file>}: {@code /proc/net} and {@code /proc/mounts}
     * point into the reading process's own namespaces, which for an agent in a container (reading the host's /proc
     * at another path) are the container's; pid 1's are the machine's.
     */
    private String hostView(String file) {
        return Files.isReadable(proc.resolve("1").resolve(file)) ? "1/" + file : file;
    }

    private interface TextReader {
        void accept(String text);
    }

    private void read(String file, TextReader reader) {
        Path path = proc.resolve(file);
        try {
            reader.accept(Files.readString(path));
        } catch (IOException | RuntimeException e) {
            once(path.toString(), e);
        }
    }

    private void once(String what, Exception e) {
        if (reported.add(what)) {
            LOG.warn("cannot read {} for node metrics (reported once): {}", what, e.toString());
        }
    }
}
