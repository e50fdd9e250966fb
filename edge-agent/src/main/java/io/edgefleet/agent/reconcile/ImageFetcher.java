package io.edgefleet.agent.reconcile;

import io.edgefleet.agent.desired.AppSpec;
import io.edgefleet.agent.desired.PullPolicy;
import io.edgefleet.agent.runtime.ContainerRuntime;
import io.edgefleet.agent.runtime.RegistryCredential;
import io.edgefleet.agent.runtime.RuntimeFailure;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes an app's image present according to its pull policy, refusing to pull when the engine's disk is too full. */
final class ImageFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(ImageFetcher.class);

    private final ContainerRuntime runtime;
    private final long minFreeBytes;

    ImageFetcher(ContainerRuntime runtime, long minFreeBytes) {
        this.runtime = runtime;
        this.minFreeBytes = minFreeBytes;
    }

    /** Whether {@link #fetch} will pull (so the app can be reported as Pulling first). */
    boolean needsPull(AppSpec spec) {
        return spec.pullPolicy() == PullPolicy.ALWAYS
                || (spec.pullPolicy() == PullPolicy.IF_NOT_PRESENT && !runtime.imagePresent(spec.image()));
    }

    /**
     * Ensures the image is present.
     *
     * @throws AppFailure when the policy forbids the pull, the disk is too full, or the pull fails (with the
     *                    registry's reason)
     */
    void fetch(String app, AppSpec spec, List<RegistryCredential> registries) {
        String image = spec.image();
        if (spec.pullPolicy() == PullPolicy.NEVER) {
            if (!runtime.imagePresent(image)) {
                throw new AppFailure("image " + image + " is not on this machine and the pull policy is never",
                        true);
            }
            return;
        }
        if (!needsPull(spec)) {
            return;
        }
        long free = runtime.freeBytesForImages();
        if (free < minFreeBytes) {
            throw new AppFailure("not pulling image " + image + ": only " + mib(free) + " MiB free on the Docker "
                    + "data root, the agent keeps at least " + mib(minFreeBytes) + " MiB free", true);
        }
        LOG.info("app {}: pulling image {}", app, image);
        try {
            runtime.pull(image, RegistryCredential.forImage(image, registries));
        } catch (RuntimeFailure e) {
            throw new AppFailure("pulling image " + image + " failed: " + e.getMessage(), true);
        }
    }

    private static long mib(long bytes) {
        return bytes / ReconcileSettings.MIB;
    }
}
