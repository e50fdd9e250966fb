package io.edgefleet.allinone.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment a container would start with, as the kubelet builds it: {@code envFrom} first, then {@code env} in
 * order, with {@code $(NAME)} replaced by variables defined before it; Secrets as the operator's command makes them.
 */
final class ContainerEnv {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private ContainerEnv() {
    }

    static Map<String, String> of(Container container, Rendered rendered, OperatorSecrets secrets) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource source : Optional.ofNullable(container.getEnvFrom()).orElse(java.util.List.of())) {
            if (source.getConfigMapRef() != null) {
                String name = source.getConfigMapRef().getName();
                ConfigMap map = rendered.find(ConfigMap.class, name).orElseThrow(() -> new AssertionError(
                        container.getName() + " takes its env from ConfigMap " + name + ", which is not rendered"));
                env.putAll(map.getData());
            } else if (source.getSecretRef() != null) {
                String name = source.getSecretRef().getName();
                env.putAll(Optional.ofNullable(secrets.secrets().get(name)).orElseThrow(() -> new AssertionError(
                        container.getName() + " takes its env from Secret " + name + ", which create-secrets.sh does not make")));
            }
        }
        for (EnvVar variable : Optional.ofNullable(container.getEnv()).orElse(java.util.List.of())) {
            env.put(variable.getName(), value(container, variable, env, rendered, secrets));
        }
        return env;
    }

    private static String value(Container container, EnvVar variable, Map<String, String> defined, Rendered rendered,
                                OperatorSecrets secrets) {
        if (variable.getValueFrom() == null) {
            return expand(Optional.ofNullable(variable.getValue()).orElse(""), defined);
        }
        SecretKeySelector ref = variable.getValueFrom().getSecretKeyRef();
        if (ref != null) {
            return secrets.value(ref.getName(), ref.getKey()).orElseThrow(() -> new AssertionError(container.getName()
                    + " env " + variable.getName() + " refers to secret " + ref.getName() + " key " + ref.getKey()
                    + ", which create-secrets.sh does not make"));
        }
        if (variable.getValueFrom().getConfigMapKeyRef() != null) {
            String map = variable.getValueFrom().getConfigMapKeyRef().getName();
            String key = variable.getValueFrom().getConfigMapKeyRef().getKey();
            return rendered.find(ConfigMap.class, map).map(m -> m.getData().get(key)).orElseThrow(() ->
                    new AssertionError(container.getName() + " env " + variable.getName() + " refers to ConfigMap "
                            + map + " key " + key + ", which is not rendered"));
        }
        throw new AssertionError(container.getName() + " env " + variable.getName() + " comes from a source this test "
                + "does not model: " + variable.getValueFrom());
    }

    /** Kubernetes' dependent variables; an undefined reference stays as written, as it does in a pod. */
    private static String expand(String value, Map<String, String> defined) {
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement = defined.getOrDefault(matcher.group(1), matcher.group());
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
