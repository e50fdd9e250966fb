package io.edgefleet.allinone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One all-in-one process for a whole test class, on a data directory of its own:
 * {@code @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();}
 */
final class RunningPlatform implements BeforeAllCallback, AfterAllCallback {

    private final java.util.Map<String, String> env;
    private Path home;
    private PlatformProcess process;
    private ApiClient api;

    RunningPlatform() {
        this(java.util.Map.of());
    }

    /** A platform started with these environment variables, e.g. {@code EDGEFLEET_ALERT_EVALUATION_MILLIS}. */
    RunningPlatform(java.util.Map<String, String> env) {
        this.env = java.util.Map.copyOf(env);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        home = Files.createTempDirectory("edgefleet-e2e-");
        process = new PlatformProcess(home.resolve("platform"));
        env.forEach(process::withEnv);
        process.start();
        api = process.admin();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.close();
        }
        if (home != null) {
            try (var paths = Files.walk(home)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    PlatformProcess process() {
        return process;
    }

    ApiClient api() {
        return api;
    }

    /** A fresh directory under this platform's home, e.g. for an agent's data. */
    Path newDirectory(String name) throws IOException {
        return Files.createDirectories(home.resolve(name));
    }
}
