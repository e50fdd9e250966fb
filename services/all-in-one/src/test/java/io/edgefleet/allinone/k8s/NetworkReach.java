package io.edgefleet.allinone.k8s;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may open a TCP connection to whom under the rendered NetworkPolicies, as a NetworkPolicy-enforcing network
 * plugin decides it for one namespace: a pod selected by no Ingress policy takes anything; a selected pod takes what
 * one of the selecting policies' rules allows. A source of {@code null} labels is a client outside the namespace.
 */
record NetworkReach(List<NetworkPolicy> policies) {

    static NetworkReach of(Rendered rendered) {
        return new NetworkReach(rendered.all(NetworkPolicy.class));
    }

    boolean allows(Map<String, String> from, Rendered.Workload to, int port) {
        Map<String, String> target = to.template().getMetadata().getLabels();
        List<NetworkPolicy> selecting = policies.stream()
                .filter(p -> p.getSpec().getPolicyTypes() == null || p.getSpec().getPolicyTypes().contains("Ingress"))
                .filter(p -> matches(p.getSpec().getPodSelector(), target))
                .toList();
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream()
                .flatMap(p -> Optional.ofNullable(p.getSpec().getIngress()).orElse(List.of()).stream())
                .anyMatch(rule -> fromMatches(rule, from) && portMatches(rule, to, port));
    }

    private static boolean fromMatches(NetworkPolicyIngressRule rule, Map<String, String> from) {
        if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
            return true;
        }
        return rule.getFrom().stream().anyMatch(peer -> peerMatches(peer, from));
    }

    private static boolean peerMatches(NetworkPolicyPeer peer, Map<String, String> from) {
        if (peer.getIpBlock() != null || peer.getNamespaceSelector() != null) {
            // addresses and other namespaces: counted as reachable from outside, the strict reading here
            return from == null || peer.getPodSelector() == null || matches(peer.getPodSelector(), from);
        }
        return from != null && peer.getPodSelector() != null && matches(peer.getPodSelector(), from);
    }

    private static boolean portMatches(NetworkPolicyIngressRule rule, Rendered.Workload to, int port) {
        if (rule.getPorts() == null || rule.getPorts().isEmpty()) {
            return true;
        }
        return rule.getPorts().stream().anyMatch(p -> portMatches(p, to, port));
    }

    private static boolean portMatches(NetworkPolicyPort policyPort, Rendered.Workload to, int port) {
        IntOrString value = policyPort.getPort();
        if (value == null) {
            return true;
        }
        if (value.getIntVal() != null) {
            return value.getIntVal() == port;
        }
        return to.containers().stream()
                .flatMap(c -> Optional.ofNullable(c.getPorts()).orElse(List.of()).stream())
                .filter(p -> value.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .anyMatch(p -> p == port);
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            throw new AssertionError("matchExpressions are not modelled by this test: " + selector);
        }
        Map<String, String> wanted = Optional.ofNullable(selector.getMatchLabels()).orElse(Map.of());
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
