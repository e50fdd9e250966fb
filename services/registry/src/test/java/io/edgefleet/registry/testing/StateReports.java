package io.edgefleet.registry.testing;

/** Valid state reports for tests. */
public final class StateReports {

    private StateReports() {
    }

    public static String minimal(String reportedAt) {
        return withHostname(reportedAt, "press-host");
    }

    /** A report with containers and apps (JSON arrays as text), from agent {@code agentVersion}. */
    public static String withContainers(String reportedAt, long observedGeneration, String agentVersion,
                                        String containers, String apps) {
        return """
                {"observedGeneration":%d,"reportedAt":"%s","agentVersion":"%s",
                 "facts":{"hostname":"press-host","os":"Debian GNU/Linux 12 (bookworm)","arch":"amd64",
                          "kernel":"6.1.0-18-amd64","cpuCores":2,"memoryBytes":8589934592,"agentVersion":"%s"},
                 "containers":%s,"apps":%s}"""
                .formatted(observedGeneration, reportedAt, agentVersion, agentVersion, containers, apps);
    }

    public static String withHostname(String reportedAt, String hostname) {
        return """
                {"observedGeneration":0,"reportedAt":"%s","agentVersion":"0.1.0",
                 "facts":{"hostname":"%s","os":"Debian GNU/Linux 12 (bookworm)","arch":"amd64",
                          "kernel":"6.1.0-18-amd64","cpuCores":2,"memoryBytes":8589934592,"agentVersion":"0.1.0"}}"""
                .formatted(reportedAt, hostname);
    }
}
