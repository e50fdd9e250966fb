package io.edgefleet.agent.payload;

import java.util.List;
import java.util.Objects;

/**
 * What the agent knows about its machine, the {@code facts} object of the state payload.
 *
 * @param hostname       the kernel's host name
 * @param os             PRETTY_NAME from os-release
 * @param arch           GOARCH-style architecture: amd64, arm64, ...
 * @param kernel         the kernel release
 * @param cpuCores       processors available to the agent
 * @param memoryBytes    total memory
 * @param diskTotalBytes size of the file system holding the data dir
 * @param diskFreeBytes  space on it that the agent can still use
 * @param dockerVersion  the Docker engine's version, {@code null} when the engine cannot be reached
 * @param agentVersion   the agent's version
 * @param ipAddresses    addresses of the machine's up, non-loopback, non-container interfaces, sorted
 * @param timezone       the machine's time zone id
 */
public record Facts(String hostname, String os, String arch, String kernel, int cpuCores, long memoryBytes,
                    long diskTotalBytes, long diskFreeBytes, String dockerVersion, String agentVersion,
                    List<String> ipAddresses, String timezone) {

    public Facts {
        ipAddresses = List.copyOf(ipAddresses);
    }

    /**
     * Whether these facts differ from {@code previous} enough to publish them again. Free disk space moves with
     * every log line, so it only counts once it has moved by 1 % of the disk or more.
     */
    public boolean differsMateriallyFrom(Facts previous) {
        if (previous == null) {
            return true;
        }
        long diskSlack = Math.max(diskTotalBytes, previous.diskTotalBytes) / 100;
        boolean diskMoved = Math.abs(diskFreeBytes - previous.diskFreeBytes) >= Math.max(diskSlack, 1);
        return diskMoved || !withoutDiskFree().equals(previous.withoutDiskFree());
    }

    /** Names of the fields whose values differ from {@code previous}, for logging. */
    public List<String> changedFieldsSince(Facts previous) {
        if (previous == null) {
            return List.of();
        }
        var changed = new java.util.ArrayList<String>();
        addIf(changed, "hostname", hostname, previous.hostname);
        addIf(changed, "os", os, previous.os);
        addIf(changed, "arch", arch, previous.arch);
        addIf(changed, "kernel", kernel, previous.kernel);
        addIf(changed, "cpuCores", cpuCores, previous.cpuCores);
        addIf(changed, "memoryBytes", memoryBytes, previous.memoryBytes);
        addIf(changed, "diskTotalBytes", diskTotalBytes, previous.diskTotalBytes);
        addIf(changed, "diskFreeBytes", diskFreeBytes, previous.diskFreeBytes);
        addIf(changed, "dockerVersion", dockerVersion, previous.dockerVersion);
        addIf(changed, "agentVersion", agentVersion, previous.agentVersion);
        addIf(changed, "ipAddresses", ipAddresses, previous.ipAddresses);
        addIf(changed, "timezone", timezone, previous.timezone);
        return List.copyOf(changed);
    }

    private Facts withoutDiskFree() {
        return new Facts(hostname, os, arch, kernel, cpuCores, memoryBytes, diskTotalBytes, 0, dockerVersion,
                agentVersion, ipAddresses, timezone);
    }

    private static void addIf(List<String> changed, String name, Object now, Object before) {
        if (!Objects.equals(now, before)) {
            changed.add(name);
        }
    }
}
