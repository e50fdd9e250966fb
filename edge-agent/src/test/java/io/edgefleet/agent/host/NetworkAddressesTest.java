package io.edgefleet.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class NetworkAddressesTest {

    private static String format(String literal) throws UnknownHostException {
        return NetworkAddresses.format(InetAddress.getByName(literal));
    }

    @Test
    void ipv6IsWrittenInCompressedForm() throws UnknownHostException {
        assertThat(format("fd00:0:0:0:0:0:0:2")).isEqualTo("fd00::2");
        assertThat(format("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(format("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(format("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(format("fe80:0:0:0:0:0:0:0")).isEqualTo("fe80::");
    }

    @Test
    void ipv4IsWrittenAsIs() throws UnknownHostException {
        assertThat(format("192.0.2.2")).isEqualTo("192.0.2.2");
    }

    @Test
    void dockerBridgesAndVethPairsAreNotTheMachinesInterfaces() {
        assertThat(NetworkAddresses.isContainerInterface("docker0")).isTrue();
        assertThat(NetworkAddresses.isContainerInterface("veth1a2b3c")).isTrue();
        assertThat(NetworkAddresses.isContainerInterface("br-0123456789ab")).isTrue();
        assertThat(NetworkAddresses.isContainerInterface("eth0")).isFalse();
        assertThat(NetworkAddresses.isContainerInterface("wlan0")).isFalse();
    }

    @Test
    void listedAddressesExcludeLoopbackAndLinkLocal() throws Exception {
        assertThat(NetworkAddresses.list()).doesNotContain("127.0.0.1", "::1")
                .noneMatch(address -> address.startsWith("fe80:") || address.startsWith("169.254."))
                .isSorted();
    }
}
