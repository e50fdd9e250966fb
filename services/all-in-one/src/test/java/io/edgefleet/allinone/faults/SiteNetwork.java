package io.edgefleet.allinone.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A factory site's network: a network namespace joined to this host by a veth pair, firewalled like a site behind a
 * VPN (outbound connections and their answers pass, nothing from outside may open a connection in), with faults
 * that can be switched on and off: random packet loss ({@code iptables -m statistic}), a bandwidth cap
 * ({@code tc qdisc tbf}) and a partition (every packet on the link dropped). Needs root, iproute2 and iptables.
 *
 * <p>Names start with {@value #PREFIX}; {@link #removeStale()} deletes whatever a killed run left behind. The
 * firewall rules live inside the namespace, so deleting the namespace (which also deletes the veth pair) removes
 * everything.
 */
public final class SiteNetwork implements AutoCloseable {

    static final String PREFIX = "effault";
    private static final String PARTITION = "edgefleet-partition";
    private static final String LOSS = "edgefleet-loss";

    private final String namespace;
    private final String hostLink;
    private final String siteLink;
    private final String hostAddress;
    private final String siteAddress;
    private boolean partitioned;
    private String currentLoss = "0.0000";

    private SiteNetwork(int index) {
        this.namespace = PREFIX + "-" + index;
        this.hostLink = PREFIX + index + "h";
        this.siteLink = PREFIX + index + "s";
        this.hostAddress = "10.231." + index + ".1";
        this.siteAddress = "10.231." + index + ".2";
    }

    /**
     * Creates site {@code index} (1-250): namespace {@code effault-<index>}, link 10.231.{index}.0/30 with this host
     * at .1, the site at .2 and its default route through this host.
     */
    public static SiteNetwork create(int index) throws IOException, InterruptedException {
        if (index < 1 || index > 250) {
            throw new IllegalArgumentException("site index must be 1-250, was " + index);
        }
        SiteNetwork site = new SiteNetwork(index);
        site.remove();
        run("ip", "netns", "add", site.namespace);
        run("ip", "link", "add", site.hostLink, "type", "veth", "peer", "name", site.siteLink);
        run("ip", "link", "set", site.siteLink, "netns", site.namespace);
        run("ip", "addr", "add", site.hostAddress + "/30", "dev", site.hostLink);
        run("ip", "link", "set", site.hostLink, "up");
        site.exec("ip", "link", "set", "lo", "up");
        site.exec("ip", "addr", "add", site.siteAddress + "/30", "dev", site.siteLink);
        site.exec("ip", "link", "set", site.siteLink, "up");
        site.exec("ip", "route", "add", "default", "via", site.hostAddress);
        // the site's VPN: nothing from outside opens a connection into the site; outbound flows and their answers pass
        site.exec("iptables", "-P", "INPUT", "DROP");
        site.exec("iptables", "-A", "INPUT", "-i", "lo", "-j", "ACCEPT");
        site.exec("iptables", "-A", "INPUT", "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT");
        site.exec("iptables", "-P", "FORWARD", "DROP");
        return site;
    }

    /** Deletes every site namespace (and with it its veth pair and firewall) a killed run may have left behind. */
    public static void removeStale() throws IOException, InterruptedException {
        for (String line : run("ip", "netns", "list").split("\n")) {
            String name = line.strip().split(" ")[0];
            if (name.startsWith(PREFIX + "-")) {
                run("ip", "netns", "delete", name);
            }
        }
        for (String line : run("ip", "-o", "link", "show").split("\n")) {
            String[] fields = line.split(":\\s+");
            if (fields.length > 1 && fields[1].startsWith(PREFIX)) {
                runQuietly("ip", "link", "delete", fields[1].split("@")[0]);
            }
        }
    }

    public String namespace() {
        return namespace;
    }

    /** This host's address on the site's link: where the site reaches the platform (through a relay). */
    public String hostAddress() {
        return hostAddress;
    }

    /** The command prefix that runs a program inside the site. */
    public List<String> execPrefix() {
        return List.of("ip", "netns", "exec", namespace);
    }

    /** The link goes dark both ways: every packet on it is dropped until {@link #heal()}. */
    public void partition() throws IOException, InterruptedException {
        if (!partitioned) {
            exec("iptables", "-I", "INPUT", "1", "-i", siteLink, "-m", "comment", "--comment", PARTITION, "-j", "DROP");
            exec("iptables", "-I", "OUTPUT", "1", "-o", siteLink, "-m", "comment", "--comment", PARTITION, "-j", "DROP");
            partitioned = true;
        }
    }

    public void heal() throws IOException, InterruptedException {
        if (partitioned) {
            exec("iptables", "-D", "INPUT", "-i", siteLink, "-m", "comment", "--comment", PARTITION, "-j", "DROP");
            exec("iptables", "-D", "OUTPUT", "-o", siteLink, "-m", "comment", "--comment", PARTITION, "-j", "DROP");
            partitioned = false;
        }
    }

    /** Drops this fraction (0-1) of the packets in each direction at random; 0 stops the loss. */
    public void loss(double probability) throws IOException, InterruptedException {
        for (String chain : List.of("INPUT", "OUTPUT")) {
            String direction = chain.equals("INPUT") ? "-i" : "-o";
            while (execQuietly("iptables", "-D", chain, direction, siteLink, "-m", "comment", "--comment", LOSS,
                    "-m", "statistic", "--mode", "random", "--probability", currentLoss, "-j", "DROP")) {
                // remove every earlier loss rule
            }
        }
        if (probability > 0) {
            currentLoss = String.format(java.util.Locale.ROOT, "%.4f", probability);
            for (String chain : List.of("INPUT", "OUTPUT")) {
                String direction = chain.equals("INPUT") ? "-i" : "-o";
                exec("iptables", "-A", chain, direction, siteLink, "-m", "comment", "--comment", LOSS,
                        "-m", "statistic", "--mode", "random", "--probability", currentLoss, "-j", "DROP");
            }
        }
    }

    /** Caps the site's upload (its side of the link) at {@code rate}, e.g. {@code "512kbit"}; null removes the cap. */
    public void uploadCap(String rate) throws IOException, InterruptedException {
        execQuietly("tc", "qdisc", "del", "dev", siteLink, "root");
        if (rate != null) {
            exec("tc", "qdisc", "add", "dev", siteLink, "root", "tbf", "rate", rate, "burst", "32kbit", "latency", "400ms");
        }
    }

    /** Runs a command inside the site; returns its output, or throws with it when the command fails. */
    public String exec(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(execPrefix());
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    private boolean execQuietly(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(execPrefix());
        full.addAll(List.of(command));
        return runQuietly(full.toArray(String[]::new));
    }

    private void remove() throws IOException, InterruptedException {
        runQuietly("ip", "netns", "delete", namespace);
        runQuietly("ip", "link", "delete", hostLink);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        remove();
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static boolean runQuietly(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor() == 0;
    }
}
