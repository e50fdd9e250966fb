package io.edgefleet.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcParsersTest {

    private static final String STAT_BEFORE = """
            cpu  1000 50 300 8000 100 10 20 5 40 0
            cpu0 500 25 150 4000 50 5 10 2 20 0
            cpu1 500 25 150 4000 50 5 10 3 20 0
            intr 123456
            """;
    private static final String STAT_AFTER = """
            cpu  1300 50 400 8500 100 10 20 20 90 0
            cpu0 650 25 200 4250 50 5 10 10 45 0
            """;

    @Test
    void cpuPercentIsBusyJiffiesOverAllJiffiesBetweenTwoReadingsWithoutCountingGuestTwice() {
        ProcStat before = ProcStat.parse(STAT_BEFORE);
        ProcStat after = ProcStat.parse(STAT_AFTER);

        // user+nice+system+idle+iowait+irq+softirq+steal; guest (40, then 90) is inside user already
        assertThat(before).isEqualTo(new ProcStat(1000 + 50 + 300 + 8000 + 100 + 10 + 20 + 5, 8100));
        // delta: total 300+100+500+15 = 915, idle 500 -> busy 415
        assertThat(after.busyPercentSince(before)).isCloseTo(100.0 * 415 / 915, within(1e-9));
        assertThat(before.busyPercentSince(before)).isZero();
        assertThat(before.busyPercentSince(after)).isZero();
    }

    @Test
    void statWithoutAnAggregateCpuLineIsRefused() {
        assertThatThrownBy(() -> ProcStat.parse("cpu0 1 2 3 4\n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loadAveragesAreTheFirstThreeFields() {
        assertThat(ProcLoadavg.parse("0.52 1.25 2.00 3/812 45123\n")).isEqualTo(new ProcLoadavg(0.52, 1.25, 2.0));
    }

    @Test
    void memoryUsedIsTotalMinusAvailableInBytes() {
        ProcMeminfo memory = ProcMeminfo.parse("""
                MemTotal:        8000000 kB
                MemFree:          500000 kB
                MemAvailable:    3000000 kB
                Buffers:          100000 kB
                Cached:          2000000 kB
                HugePages_Total:       0
                """);

        assertThat(memory.totalBytes()).isEqualTo(8_000_000L * 1024);
        assertThat(memory.usedBytes()).isEqualTo(5_000_000L * 1024);
    }

    @Test
    void withoutMemAvailableFreeBuffersAndCacheCountAsAvailable() {
        ProcMeminfo memory = ProcMeminfo.parse("""
                MemTotal:        1000 kB
                MemFree:          100 kB
                Buffers:           50 kB
                Cached:           250 kB
                """);

        assertThat(memory.usedBytes()).isEqualTo(600 * 1024);
    }

    @Test
    void networkCountersLeaveOutLoopbackAndVethPairs() {
        List<ProcNetDev.Interface> interfaces = ProcNetDev.parse("""
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo: 9999999   1000    0    0    0     0          0         0  9999999    1000    0    0    0     0       0          0
                  eth0: 123456789 98765    0    0    0     0          0         0 987654321   54321    0    0    0     0       0          0
                docker0:    1000      10    0    0    0     0          0         0     2000      20    0    0    0     0       0          0
                vethab12cd:  555       5    0    0    0     0          0         0      666       6    0    0    0     0       0          0
                """);

        assertThat(interfaces).containsExactly(new ProcNetDev.Interface("eth0", 123456789L, 987654321L),
                new ProcNetDev.Interface("docker0", 1000, 2000));
    }

    @Test
    void onlyRealFileSystemsCountAsMountsOnceEachWithEscapesDecoded() {
        List<String> mounts = ProcMounts.realMountPoints("""
                sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
                proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
                /dev/sda1 / ext4 rw,relatime,errors=remount-ro 0 0
                tmpfs /run tmpfs rw,nosuid,nodev,size=812k 0 0
                cgroup2 /sys/fs/cgroup cgroup2 rw 0 0
                /dev/sdb1 /data/line\\0403 xfs rw 0 0
                overlay /var/lib/docker/overlay2/abc/merged overlay rw 0 0
                /dev/sda1 / ext4 rw,relatime 0 0
                """);

        assertThat(mounts).containsExactly("/", "/data/line 3");
    }
}
