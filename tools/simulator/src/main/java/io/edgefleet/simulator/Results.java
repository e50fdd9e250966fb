package io.edgefleet.simulator;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The results of one scenario run, written as JSON to {@code --out} (and printed). */
public final class Results {

    private final Map<String, Object> values = new LinkedHashMap<>();

    public Results(Options options) {
        values.put("scenario", options.scenario().wire());
        values.put("startedAt", Instant.now().toString());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("agents", options.agents());
        settings.put("broker", options.broker().toString());
        settings.put("gateway", options.gateway().toString());
        settings.put("heartbeatIntervalSeconds", options.heartbeatInterval().toSeconds());
        settings.put("metricsIntervalSeconds", options.metricsInterval().toSeconds());
        settings.put("samplesPerBatch", options.samples());
        settings.put("containersPerAgent", options.containers());
        settings.put("statePaddingBytes", options.statePaddingBytes());
        settings.put("rampRatePerSecond", options.rampRate());
        settings.put("sourceAddresses", options.sourceAddresses().stream().map(a -> a.getHostAddress()).toList());
        settings.put("nettyThreads", options.nettyThreads());
        settings.put("warmupSeconds", options.warmup().toSeconds());
        settings.put("durationSeconds", options.duration().toSeconds());
        settings.put("cores", Runtime.getRuntime().availableProcessors());
        values.put("settings", settings);
    }

    public Results put(String key, Object value) {
        values.put(key, value);
        return this;
    }

    /** Writes the file and returns its JSON. */
    public String write(Path out) throws IOException {
        values.put("finishedAt", Instant.now().toString());
        String json = PlatformApi.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(values);
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(out, json + "\n");
        return json;
    }

    /** {@code value} rounded to {@code digits} decimals. */
    public static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
