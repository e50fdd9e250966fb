package io.edgefleet.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the fleet file holds {@code agents} endpoints of the tenant: reads what earlier runs enrolled and creates
 * the rest through the REST API, {@code concurrency} creations in flight, each appended to the file as it succeeds.
 * Every endpoint gets the label {@code sim=<fleet label>}, which the fan-out app targets.
 */
public final class Enrollment {

    private static final Logger LOG = LoggerFactory.getLogger(Enrollment.class);

    /** The fleet and how the enrollment went. */
    public record Outcome(List<FleetFile.Entry> fleet, int created, double seconds) {}

    private Enrollment() {
    }

    /** The first {@code agents} entries of the fleet file, enrolling what is missing. */
    public static Outcome ensure(Options options, FleetFile file, ApiSupplier apiSupplier) throws Exception {
        List<FleetFile.Entry> known = file.read(options.tenant());
        int missing = options.agents() - known.size();
        if (missing <= 0) {
            return new Outcome(List.copyOf(known.subList(0, options.agents())), 0, 0);
        }
        PlatformApi api = apiSupplier.get();
        LOG.info("{} has {} endpoints of tenant {}; enrolling {} more through {}", file.path(), known.size(),
                options.tenant(), missing, api.gateway());
        long start = System.nanoTime();
        String run = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
        Semaphore inFlight = new Semaphore(options.enrollConcurrency());
        ConcurrentLinkedQueue<FleetFile.Entry> created = new ConcurrentLinkedQueue<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        String path = "/api/v1/tenants/" + options.tenant() + "/endpoints";
        for (int i = 0; i < missing && failure.get() == null; i++) {
            inFlight.acquire();
            ObjectNode body = PlatformApi.JSON.createObjectNode()
                    .put("name", "sim-" + options.fleetLabel() + "-" + run + "-" + (known.size() + i));
            body.putObject("labels").put("sim", options.fleetLabel());
            calls.add(api.callAsync("POST", path, body.toString()).handle((response, error) -> {
                try {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    } else if (response.status() != 201) {
                        failure.compareAndSet(null, new IllegalStateException("creating an endpoint answered "
                                + response.status() + ": " + response.body()));
                    } else {
                        FleetFile.Entry entry = new FleetFile.Entry(options.tenant(),
                                response.body().path("id").asText(), response.body().path("secret").asText());
                        file.append(entry);
                        created.add(entry);
                    }
                } catch (IOException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    inFlight.release();
                }
                return null;
            }));
            if ((i + 1) % 1000 == 0) {
                LOG.info("enrolled {}/{}", created.size(), missing);
            }
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        if (failure.get() != null) {
            throw new IllegalStateException("enrollment stopped after " + created.size() + " new endpoints (kept in "
                    + file.path() + "): " + failure.get().getMessage(), failure.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("enrolled {} endpoints in {} s ({} /s)", created.size(), String.format("%.1f", seconds),
                String.format("%.0f", created.size() / seconds));
        List<FleetFile.Entry> all = file.read(options.tenant());
        return new Outcome(List.copyOf(all.subList(0, options.agents())), created.size(), seconds);
    }

    /** Signs in lazily: a run whose fleet file is complete needs no password. */
    @FunctionalInterface
    public interface ApiSupplier {
        PlatformApi get() throws Exception;
    }
}
