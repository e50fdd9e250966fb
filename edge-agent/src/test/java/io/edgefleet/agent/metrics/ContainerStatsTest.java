package io.edgefleet.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ContainerStatsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    private static final String CGROUP_V2 = """
            {"cpu_stats": {"cpu_usage": {"total_usage": 3500000000}, "system_cpu_usage": 200000000000,
                           "online_cpus": 2},
             "precpu_stats": {"cpu_usage": {"total_usage": 3000000000}, "system_cpu_usage": 198000000000},
             "memory_stats": {"usage": 104857600, "limit": 268435456,
                              "stats": {"inactive_file": 20971520, "active_file": 1000, "file": 30000000}},
             "networks": {"eth0": {"rx_bytes": 1000, "tx_bytes": 200}, "eth1": {"rx_bytes": 24, "tx_bytes": 6}},
             "blkio_stats": {"io_service_bytes_recursive": [
                 {"major": 8, "minor": 0, "op": "read", "value": 4096},
                 {"major": 8, "minor": 0, "op": "write", "value": 8192},
                 {"major": 8, "minor": 16, "op": "read", "value": 1}]}}
            """;

    @Test
    void cpuPercentIsTheContainersShareOfTheSystemDeltaTimesOnlineCpus() throws Exception {
        // 0.5 s of container time over 2 s of system time (both cores) -> 25 % of the machine = 50 % of one core
        assertThat(ContainerStats.cpuPercent(json(CGROUP_V2))).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void withoutOnlineCpusThePerCpuListCountsAndWithoutAnEarlierReadingThereIsNoCpuValue() throws Exception {
        JsonNode old = json("""
                {"cpu_stats": {"cpu_usage": {"total_usage": 400, "percpu_usage": [200, 200, 0, 0]},
                               "system_cpu_usage": 2000},
                 "precpu_stats": {"cpu_usage": {"total_usage": 200}, "system_cpu_usage": 1000}}
                """);
        JsonNode first = json("""
                {"cpu_stats": {"cpu_usage": {"total_usage": 400}, "system_cpu_usage": 2000, "online_cpus": 4},
                 "precpu_stats": {"cpu_usage": {"total_usage": 0}}}
                """);

        assertThat(ContainerStats.cpuPercent(old)).isCloseTo(80.0, within(1e-9));
        assertThat(ContainerStats.cpuPercent(first)).as("no earlier reading: no value").isNaN();
    }

    @Test
    void aOneShotDocumentWithoutPrecpuIsComparedWithTheAgentsPreviousReading() throws Exception {
        JsonNode oneShot = json("""
                {"cpu_stats": {"cpu_usage": {"total_usage": 9000000000}, "system_cpu_usage": 500000000000,
                               "online_cpus": 4},
                 "precpu_stats": {"cpu_usage": {"total_usage": 0}, "system_cpu_usage": 0}}
                """);
        var previous = new ContainerStats.CpuReading(7000000000L, 492000000000L);

        assertThat(ContainerStats.cpuReading(oneShot))
                .isEqualTo(new ContainerStats.CpuReading(9000000000L, 500000000000L));
        // 2 s of container time over 8 s of system time (4 cores): one core's worth
        assertThat(ContainerStats.cpuPercent(oneShot, previous)).isCloseTo(100.0, within(1e-9));
        assertThat(ContainerStats.cpuPercent(oneShot, null)).isNaN();
    }

    @Test
    void memoryUsageLeavesOutInactiveFilesLikeTheDockerCliOnCgroupV2() throws Exception {
        assertThat(ContainerStats.memoryUsage(json(CGROUP_V2))).isEqualTo(104857600L - 20971520L);
        assertThat(ContainerStats.memoryLimit(json(CGROUP_V2))).isEqualTo(268435456L);
    }

    @Test
    void onCgroupV1TotalInactiveFileCountsAndOldEnginesFallBackToCache() throws Exception {
        JsonNode v1 = json("""
                {"memory_stats": {"usage": 5000, "stats": {"total_inactive_file": 1200, "inactive_file": 1000,
                                                           "cache": 3000}}}
                """);
        JsonNode old = json("{\"memory_stats\": {\"usage\": 5000, \"stats\": {\"cache\": 3000}}}");
        JsonNode odd = json("{\"memory_stats\": {\"usage\": 5000, \"stats\": {\"inactive_file\": 9000}}}");

        assertThat(ContainerStats.memoryUsage(v1)).isEqualTo(3800);
        assertThat(ContainerStats.memoryUsage(old)).isEqualTo(2000);
        assertThat(ContainerStats.memoryUsage(odd)).isEqualTo(5000);
    }

    @Test
    void networkAndBlockCountersAreSummedOverInterfacesAndDevices() throws Exception {
        JsonNode stats = json(CGROUP_V2);

        assertThat(ContainerStats.networkRx(stats)).isEqualTo(1024);
        assertThat(ContainerStats.networkTx(stats)).isEqualTo(206);
        assertThat(ContainerStats.blockRead(stats)).isEqualTo(4097);
        assertThat(ContainerStats.blockWrite(stats)).isEqualTo(8192);
    }

    @Test
    void aStoppedContainersEmptyDocumentGivesZerosAndNoCpuValue() throws Exception {
        JsonNode empty = json("{\"memory_stats\": {}, \"cpu_stats\": {}, \"precpu_stats\": {}}");

        assertThat(ContainerStats.cpuPercent(empty)).isNaN();
        assertThat(ContainerStats.memoryUsage(empty)).isZero();
        assertThat(ContainerStats.networkRx(empty)).isZero();
        assertThat(ContainerStats.blockWrite(empty)).isZero();
    }
}
