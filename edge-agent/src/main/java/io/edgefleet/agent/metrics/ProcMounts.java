package io.edgefleet.agent.metrics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The mount points of real file systems in {@code /proc/mounts}: pseudo and memory file systems (proc, sysfs,
 * cgroup, tmpfs, overlay, ...) are left out, and a mount point listed twice counts once.
 */
public final class ProcMounts {

    static final Set<String> PSEUDO = Set.of("proc", "sysfs", "cgroup", "cgroup2", "tmpfs", "devtmpfs", "devpts",
            "overlay", "aufs", "mqueue", "debugfs", "tracefs", "securityfs", "pstore", "bpf", "configfs", "fusectl",
            "hugetlbfs", "autofs", "binfmt_misc", "rpc_pipefs", "nsfs", "ramfs", "squashfs", "efivarfs", "shm",
            "fuse.lxcfs", "selinuxfs", "nfsd", "rootfs");

    private ProcMounts() {
    }

    public static List<String> realMountPoints(String text) {
        Set<String> points = new LinkedHashSet<>();
        for (String line : text.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 3 || PSEUDO.contains(fields[2])) {
                continue;
            }
            points.add(unescape(fields[1]));
        }
        return new ArrayList<>(points);
    }

    /** The kernel writes space, tab, newline and backslash in paths as octal escapes ({@code \040}). */
    static String unescape(String path) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\' && i + 3 < path.length() && path.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(path.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
