package io.edgefleet.agent.testing;

import static io.edgefleet.agent.testing.DockerCli.docker;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * A name prefix unique to one test class run, and the clean-up of every container, network and volume whose name
 * starts with it. Tests name everything they create through {@link #name(String)}, so parallel runs and other
 * engineers' containers on the same engine are never touched.
 */
public final class DockerLeftovers implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String prefix;

    private DockerLeftovers(String prefix) {
        this.prefix = prefix;
    }

    /** A fresh prefix such as {@code eft-k3x9q2-}. */
    public static DockerLeftovers newRun() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder("eft-");
        for (int i = 0; i < 6; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return new DockerLeftovers(id.append('-').toString());
    }

    public String prefix() {
        return prefix;
    }

    /** {@code prefix + suffix}: a container, network or volume name this run owns. */
    public String name(String suffix) {
        return prefix + suffix;
    }

    /** Removes every container (forced, with anonymous volumes), then every network and volume of this run. */
    @Override
    public void close() {
        List<String> containers = owned(docker("ps", "-a", "--format", "{{.Names}}"));
        if (!containers.isEmpty()) {
            docker(concat(new String[] {"rm", "-f", "-v"}, containers));
        }
        List<String> networks = owned(docker("network", "ls", "--format", "{{.Name}}"));
        if (!networks.isEmpty()) {
            docker(concat(new String[] {"network", "rm"}, networks));
        }
        List<String> volumes = owned(docker("volume", "ls", "--format", "{{.Name}}"));
        if (!volumes.isEmpty()) {
            docker(concat(new String[] {"volume", "rm", "-f"}, volumes));
        }
    }

    private List<String> owned(String lines) {
        return Arrays.stream(lines.split("\n")).map(String::trim).filter(name -> name.startsWith(prefix)).toList();
    }

    private static String[] concat(String[] head, List<String> tail) {
        String[] all = Arrays.copyOf(head, head.length + tail.size());
        for (int i = 0; i < tail.size(); i++) {
            all[head.length + i] = tail.get(i);
        }
        return all;
    }
}
