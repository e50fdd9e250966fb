package io.edgefleet.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostTextTest {

    @Test
    void memTotalIsReadInKibibytesAndReturnedInBytes() {
        String meminfo = """
                MemTotal:       24684084 kB
                MemFree:        24182764 kB
                MemAvailable:   24325844 kB
                """;

        assertThat(HostText.memTotalBytes(meminfo)).contains(24684084L * 1024);
    }

    @Test
    void meminfoWithoutMemTotalOrWithGarbageGivesNothing() {
        assertThat(HostText.memTotalBytes("MemFree: 1 kB\n")).isEmpty();
        assertThat(HostText.memTotalBytes("MemTotal: lots kB\n")).isEmpty();
    }

    @Test
    void prettyNameIsUnquoted() {
        String debian = """
                PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                NAME="Debian GNU/Linux"
                VERSION_ID="12"
                """;
        assertThat(HostText.prettyName(debian)).contains("Debian GNU/Linux 12 (bookworm)");
        assertThat(HostText.prettyName("NAME=x\nPRETTY_NAME='Alpine Linux v3.20'\n")).contains("Alpine Linux v3.20");
        assertThat(HostText.prettyName("PRETTY_NAME=Bare\n")).contains("Bare");
        assertThat(HostText.prettyName("PRETTY_NAME=\"Say \\\"hi\\\" \\$HOME\"\n")).contains("Say \"hi\" $HOME");
    }

    @Test
    void osReleaseWithoutPrettyNameGivesNothing() {
        assertThat(HostText.prettyName("NAME=\"Debian GNU/Linux\"\n")).isEmpty();
        assertThat(HostText.prettyName("PRETTY_NAME=\"\"\n")).isEmpty();
    }

    @Test
    void uptimeIsTheFirstFieldInWholeSeconds() {
        assertThat(HostText.uptimeSeconds("392.83 689.02\n")).contains(392L);
        assertThat(HostText.uptimeSeconds("")).isEmpty();
    }

    @Test
    void javaArchitecturesMapToGoNames() {
        assertThat(HostText.goArch("amd64")).isEqualTo("amd64");
        assertThat(HostText.goArch("x86_64")).isEqualTo("amd64");
        assertThat(HostText.goArch("aarch64")).isEqualTo("arm64");
        assertThat(HostText.goArch("arm")).isEqualTo("arm");
        assertThat(HostText.goArch("i386")).isEqualTo("386");
        assertThat(HostText.goArch("riscv64")).isEqualTo("riscv64");
        assertThat(HostText.goArch("mips64el")).isEqualTo("mips64el");
    }
}
