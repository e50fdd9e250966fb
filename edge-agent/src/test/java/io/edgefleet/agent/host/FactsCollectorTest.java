package io.edgefleet.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.agent.payload.Facts;
import io.edgefleet.agent.runtime.ContainerRuntime;
import io.edgefleet.agent.testing.VersionOnlyRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FactsCollectorTest {

    /** A runtime whose engine answers with a fixed version, or not at all. */
    record FixedRuntime(Optional<String> engineVersion) implements VersionOnlyRuntime {
        @Override
        public void close() {
        }
    }

    @TempDir
    Path root;

    private void write(String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void factsComeFromTheFilesUnderRootTheJdkAndTheRuntime() throws IOException {
        write("proc/sys/kernel/hostname", "line-3-press\n");
        write("proc/sys/kernel/osrelease", "6.1.0-18-amd64\n");
        write("proc/meminfo", "MemTotal:        8000000 kB\nMemFree: 1 kB\n");
        write("etc/os-release", "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
        write("proc/uptime", "12345.67 2.00\n");

        FactsCollector collector = new FactsCollector(root, root, new FixedRuntime(Optional.of("24.0.7")), "1.2.3");
        Facts facts = collector.collect();

        assertThat(facts.hostname()).isEqualTo("line-3-press");
        assertThat(facts.kernel()).isEqualTo("6.1.0-18-amd64");
        assertThat(facts.memoryBytes()).isEqualTo(8_000_000L * 1024);
        assertThat(facts.os()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(facts.arch()).isEqualTo(HostText.goArch(System.getProperty("os.arch")));
        assertThat(facts.cpuCores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(facts.diskTotalBytes()).isEqualTo(Files.getFileStore(root).getTotalSpace());
        assertThat(facts.diskFreeBytes()).isPositive().isLessThanOrEqualTo(facts.diskTotalBytes());
        assertThat(facts.dockerVersion()).isEqualTo("24.0.7");
        assertThat(facts.agentVersion()).isEqualTo("1.2.3");
        assertThat(facts.timezone()).isEqualTo(ZoneId.systemDefault().getId());
        assertThat(collector.uptimeSeconds()).isEqualTo(12345L);
    }

    @Test
    void osReleaseFallsBackToUsrLib() throws IOException {
        write("usr/lib/os-release", "PRETTY_NAME=\"Fallback OS\"\n");

        Facts facts = new FactsCollector(root, root, new FixedRuntime(Optional.empty()), "dev").collect();

        assertThat(facts.os()).isEqualTo("Fallback OS");
    }

    @Test
    void unreachableDockerAndMissingFilesStillGiveFacts() {
        FactsCollector collector = new FactsCollector(root, root, new FixedRuntime(Optional.empty()), "dev");
        Facts facts = collector.collect();

        assertThat(facts.dockerVersion()).isNull();
        assertThat(facts.hostname()).isNotBlank();
        assertThat(facts.kernel()).isEqualTo(System.getProperty("os.version"));
        assertThat(facts.memoryBytes()).isPositive();
        assertThat(collector.uptimeSeconds()).isZero();
    }
}
