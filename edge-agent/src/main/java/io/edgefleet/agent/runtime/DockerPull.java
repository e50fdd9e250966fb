package io.edgefleet.agent.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PullResponseItem;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Pulls an image, with registry credentials when given; any failure is PULL_FAILED (or NO_SPACE). */
final class DockerPull {

    private static final Logger LOG = LoggerFactory.getLogger(DockerPull.class);
    private static final String DOCKER_HUB_AUTH_ADDRESS = "https://index.docker.io/v1/";

    private final DockerClient docker;

    DockerPull(DockerClient docker) {
        this.docker = docker;
    }

    void pull(String image, Optional<RegistryCredential> credential) {
        ImageRef ref = ImageRef.parse(image);
        Progress progress = new Progress();
        long started = System.nanoTime();
        try {
            var command = docker.pullImageCmd(ref.repository()).withTag(ref.tag());
            credential.ifPresent(login -> command.withAuthConfig(new AuthConfig()
                    .withRegistryAddress(RegistryCredential.DOCKER_HUB.equals(login.host())
                            ? DOCKER_HUB_AUTH_ADDRESS : login.host())
                    .withUsername(login.username())
                    .withPassword(login.password())));
            command.exec(progress).awaitCompletion();
            progress.rethrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure(RuntimeFailure.Kind.PULL_FAILED, "pull of " + image + " was interrupted", e);
        } catch (RuntimeException e) {
            throw failure(image, DockerFailures.reason(e), e);
        }
        if (progress.error != null) {
            throw failure(image, progress.error, null);
        }
        LOG.info("pulled {} in {} ms{}", image, (System.nanoTime() - started) / 1_000_000,
                credential.map(c -> " as " + c.username()).orElse(""));
    }

    private static RuntimeFailure failure(String image, String reason, Throwable cause) {
        RuntimeFailure.Kind kind = reason.toLowerCase(Locale.ROOT).contains("no space left on device")
                ? RuntimeFailure.Kind.NO_SPACE : RuntimeFailure.Kind.PULL_FAILED;
        return new RuntimeFailure(kind, "pulling " + image + " failed: " + reason, cause);
    }

    /** Watches the progress stream for an error item: the engine reports some failures only in the stream. */
    private static final class Progress extends QuietCallback<PullResponseItem> {
        private volatile String error;

        @Override
        public void onNext(PullResponseItem item) {
            if (item.isErrorIndicated() && error == null) {
                error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : item.getError();
            }
        }
    }
}
