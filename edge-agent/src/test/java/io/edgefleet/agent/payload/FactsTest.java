package io.edgefleet.agent.payload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FactsTest {

    private static Facts withDisk(long total, long free) {
        Facts base = PayloadsTest.facts("20.10.24");
        return new Facts(base.hostname(), base.os(), base.arch(), base.kernel(), base.cpuCores(), base.memoryBytes(),
                total, free, base.dockerVersion(), base.agentVersion(), base.ipAddresses(), base.timezone());
    }

    @Test
    void firstFactsAlwaysCountAsChanged() {
        assertThat(PayloadsTest.facts("1").differsMateriallyFrom(null)).isTrue();
    }

    @Test
    void identicalFactsAreNotAChange() {
        assertThat(PayloadsTest.facts("1").differsMateriallyFrom(PayloadsTest.facts("1"))).isFalse();
    }

    @Test
    void aDockerVersionChangeOrDockerGoingAwayIsAChange() {
        Facts before = PayloadsTest.facts("20.10.24");

        assertThat(PayloadsTest.facts("24.0.7").differsMateriallyFrom(before)).isTrue();
        assertThat(PayloadsTest.facts(null).differsMateriallyFrom(before)).isTrue();
        assertThat(PayloadsTest.facts(null).changedFieldsSince(before)).containsExactly("dockerVersion");
    }

    @Test
    void freeDiskSpaceCountsOnlyOnceItMovedByOnePercentOfTheDisk() {
        Facts before = withDisk(100_000, 50_000);

        assertThat(withDisk(100_000, 49_001).differsMateriallyFrom(before)).isFalse();
        assertThat(withDisk(100_000, 49_000).differsMateriallyFrom(before)).isTrue();
        assertThat(withDisk(100_000, 51_000).differsMateriallyFrom(before)).isTrue();
        assertThat(withDisk(100_000, 49_001).changedFieldsSince(before)).containsExactly("diskFreeBytes");
    }

    @Test
    void changedFieldsNameEveryDifference() {
        Facts before = PayloadsTest.facts("1");
        Facts after = new Facts("other-host", before.os(), before.arch(), "6.2", before.cpuCores(),
                before.memoryBytes(), before.diskTotalBytes(), before.diskFreeBytes(), before.dockerVersion(),
                before.agentVersion(), List.of("192.0.2.3"), before.timezone());

        assertThat(after.changedFieldsSince(before)).containsExactly("hostname", "kernel", "ipAddresses");
    }
}
