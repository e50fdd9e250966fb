package io.edgefleet.tenancy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigsTest {

    static String kubeconfig(String clusterExtra, String user) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: lab
                  cluster:
                    server: https://lab.example.com:6443
                %s
                contexts:
                - name: other
                  context:
                    cluster: nowhere
                    user: nobody
                - name: lab
                  context:
                    cluster: lab
                    user: edgefleet
                current-context: lab
                users:
                - name: edgefleet
                  user:
                %s
                """.formatted(clusterExtra, user);
    }

    @Test
    void theCurrentContextsServerAndInlineTokenAreUsed() {
        Kubeconfigs.Vetted vetted = Kubeconfigs.vet(kubeconfig("    certificate-authority-data: Zm9v", "    token: abc.def"));
        assertThat(vetted.server()).isEqualTo("https://lab.example.com:6443");
        assertThat(vetted.token()).contains("abc.def");
        assertThat(vetted.caCertData()).contains("Zm9v");
        assertThat(vetted.toString()).doesNotContain("abc.def");

        Config config = ClusterCredential.kubeconfig(kubeconfig("    certificate-authority-data: Zm9v", "    token: abc.def"))
                .toConfig();
        assertThat(config.getMasterUrl()).startsWith("https://lab.example.com:6443");
        assertThat(config.getOauthToken()).isEqualTo("abc.def");
        assertThat(config.getCaCertData()).isEqualTo("Zm9v");
        assertThat(config.isTrustCerts()).isFalse();
    }

    @Test
    void clientCertificatesInlineAreAccepted() {
        Kubeconfigs.Vetted vetted = Kubeconfigs.vet(kubeconfig("",
                "    client-certificate-data: Y2VydA==\n    client-key-data: a2V5"));
        assertThat(vetted.clientCertData()).contains("Y2VydA==");
        assertThat(vetted.clientKeyData()).contains("a2V5");
    }

    @Test
    void anExecPluginIsRefusedAndNeverRun(@TempDir Path dir) {
        Path marker = dir.resolve("ran");
        String exec = "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: /usr/bin/touch\n"
                + "      args: [\"" + marker + "\"]";
        assertThatThrownBy(() -> ClusterCredential.kubeconfig(kubeconfig("", exec)))
                .isInstanceOf(Kubeconfigs.InvalidKubeconfigException.class).hasMessageContaining("exec credential plugins");
        assertThat(Files.exists(marker)).as("the exec command ran").isFalse();
    }

    @Test
    void fileReferencesAndAuthProvidersAreRefusedNamingEach() {
        assertThatThrownBy(() -> Kubeconfigs.vet(kubeconfig("    certificate-authority: /etc/kubernetes/ca.crt",
                "    client-certificate: /root/.kube/me.crt\n    client-key: /root/.kube/me.key")))
                .hasMessageContaining("certificate-authority files").hasMessageContaining("client-certificate/client-key files");
        assertThatThrownBy(() -> Kubeconfigs.vet(kubeconfig("", "    tokenFile: /var/run/secrets/token")))
                .hasMessageContaining("tokenFile");
        assertThatThrownBy(() -> Kubeconfigs.vet(kubeconfig("", "    auth-provider:\n      name: oidc")))
                .hasMessageContaining("auth-provider");
    }

    @Test
    void aUserWithoutCredentialOrAMissingContextIsRefused() {
        assertThatThrownBy(() -> Kubeconfigs.vet(kubeconfig("", "    username: admin")))
                .hasMessageContaining("no inline credential");
        assertThatThrownBy(() -> Kubeconfigs.vet(kubeconfig("", "    token: x").replace("current-context: lab",
                "current-context: gone"))).hasMessageContaining("no context of that name");
        assertThatThrownBy(() -> Kubeconfigs.vet(kubeconfig("", "    token: x").replace("current-context: lab", "")))
                .hasMessageContaining("no current-context");
    }

    @Test
    void textThatIsNotAKubeconfigIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> Kubeconfigs.vet("token: [s3cr3t")).isInstanceOf(Kubeconfigs.InvalidKubeconfigException.class)
                .message().doesNotContain("s3cr3t");
        assertThatThrownBy(() -> Kubeconfigs.vet("'; DROP TABLE clusters;--"))
                .isInstanceOf(Kubeconfigs.InvalidKubeconfigException.class);
    }
}
