package io.edgefleet.allinone.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Secrets the documented command, {@code k8s/create-secrets.sh}, makes for an operator: run with
 * {@code --dry-run}, which prints them instead of creating them. Values are decoded.
 */
record OperatorSecrets(Map<String, Map<String, String>> secrets) {

    static OperatorSecrets generate() {
        String kubectl = Optional.ofNullable(System.getenv("EDGEFLEET_KUBECTL")).orElse("kubectl");
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", Rendered.REPO.resolve("k8s/create-secrets.sh").toString(),
                    "--dry-run").redirectError(ProcessBuilder.Redirect.INHERIT);
            // the script finds kubectl on the PATH: put the chosen one first
            Path kubectlDir = Path.of(kubectl).getParent();
            if (kubectlDir != null) {
                builder.environment().put("PATH", kubectlDir + ":" + System.getenv("PATH"));
            }
            builder.environment().remove("EDGEFLEET_DB_PASSWORD");
            Process process = builder.start();
            String yaml = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("k8s/create-secrets.sh --dry-run failed");
            }
            Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
            for (Object item : (List<?>) new KubernetesSerialization().unmarshal(yaml)) {
                Secret secret = (Secret) item;
                Map<String, String> values = new LinkedHashMap<>();
                secret.getData().forEach((key, value) ->
                        values.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
                secrets.put(((HasMetadata) item).getMetadata().getName(), values);
            }
            return new OperatorSecrets(Map.copyOf(secrets));
        } catch (IOException e) {
            throw new AssertionError("cannot run k8s/create-secrets.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    Optional<String> value(String secret, String key) {
        return Optional.ofNullable(secrets.get(secret)).map(keys -> keys.get(key));
    }
}
