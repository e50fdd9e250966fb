package io.edgefleet.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.deployment.app.AppTarget;
import io.edgefleet.deployment.app.TargetOverrides;
import io.edgefleet.deployment.config.SetVersion;
import io.edgefleet.deployment.config.SpecResolver;
import io.edgefleet.deployment.desired.DesiredDocuments;
import io.edgefleet.deployment.registry.RegistrySeal;
import io.edgefleet.kit.events.Json;
import io.edgefleet.schemas.JsonSchemas;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The deployment service's desired-state compile without the database ({@link DesiredDocuments}, what
 * {@code DesiredCompiler} runs per endpoint between its queries and its batched writes): a tenant of 10 apps, each the
 * full app-spec example, 8 selecting {@code site=qingdao} and 2 {@code line=3}; one app with an image override for
 * {@code line=3}, two merging a config set (10 env entries, 2 files), all pulling from one private registry. The fleet
 * is 1,000 endpoints of site qingdao on lines 0 to 9, so each gets 8 or 10 apps. Each benchmark call is one compile
 * run with its own {@link DesiredDocuments}, as {@code DesiredCompiler} makes one per run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DesiredCompileBenchmark {

    public static final int APPS = 10;
    public static final int ENDPOINTS = 1_000;

    private JsonSchemas schemas;
    private List<DesiredDocuments.CompiledApp> apps;
    private SpecResolver.Resolution resolution;
    private String[] endpoints;
    private String[] labels;
    private String[] published;
    private String[] stale;
    private OffsetDateTime issuedAt;

    @Setup(Level.Trial)
    public void setUp() {
        SetVersion plantEnv = plantEnv();
        RegistrySeal.Credential registry = new RegistrySeal.Credential("line3", "127.0.0.1:5000", "line3",
                "s3cret-pull-token", 1);
        resolution = new SpecResolver.Resolution(
                Map.of(SetVersion.key(plantEnv.name(), plantEnv.version()), plantEnv), Map.of("line3", registry));
        String configSets = "[{\"name\":\"plant-env\",\"resolvedVersion\":1,\"mountPath\":\"/etc/plant\"}]";
        JsonNode example = Payloads.example("app-spec.valid");
        apps = new ArrayList<>();
        for (int i = 0; i < APPS; i++) {
            ObjectNode spec = example.deepCopy();
            spec.put("image", "127.0.0.1:5000/line3/app-" + i + ":1.4." + i);
            String selector = i < 8 ? "site=qingdao" : "line=3";
            TargetOverrides overrides = i == 1
                    ? TargetOverrides.fromJson(Json.parse(("[{\"selector\":\"line=3\",\"image\":"
                    + "\"127.0.0.1:5000/line3/app-1:1.5-rc1\"}]").getBytes(StandardCharsets.UTF_8)))
                    : TargetOverrides.NONE;
            apps.add(new DesiredDocuments.CompiledApp(String.format("app-%02d", i), 3,
                    resolution.spec(spec, i == 2 || i == 3 ? configSets : null),
                    AppTarget.fromJson(JsonNodeFactory.instance.objectNode().put("selector", selector)), overrides,
                    List.of("line3")));
        }
        schemas = JsonSchemas.load();
        DesiredDocuments documents = run();
        issuedAt = OffsetDateTime.of(2026, 11, 28, 4, 0, 0, 0, ZoneOffset.UTC);
        endpoints = new String[ENDPOINTS];
        labels = new String[ENDPOINTS];
        published = new String[ENDPOINTS];
        stale = new String[ENDPOINTS];
        for (int i = 0; i < ENDPOINTS; i++) {
            endpoints[i] = endpointId(i);
            labels[i] = "{\"site\":\"qingdao\",\"line\":\"" + (i % 10) + "\",\"zone\":\"press\"}";
            published[i] = documents.compile(endpoints[i], labels[i], null, null, issuedAt).content();
            // what the endpoint had before its apps moved from revision 2 to 3
            stale[i] = published[i].replace("\"revision\":3", "\"revision\":2");
        }
    }

    private DesiredDocuments run() {
        return new DesiredDocuments(schemas, apps, Map.of(), resolution);
    }

    /** One endpoint's first document: 10 apps selected, one overridden, compiled, validated, serialised. */
    @Benchmark
    public DesiredDocuments.Compiled compileOne() {
        return run().compile(endpoints[3], labels[3], null, null, issuedAt);
    }

    /**
     * 1,000 endpoints' new documents, as after a new revision of their apps.
     *
     * @return how many documents changed (all)
     */
    @Benchmark
    public int compileFleet(Blackhole blackhole) {
        return compileAll(blackhole, stale);
    }

    /**
     * 1,000 endpoints whose content did not change: compared with what was published, nothing to write.
     *
     * @return how many documents changed (none)
     */
    @Benchmark
    public int recompileUnchanged(Blackhole blackhole) {
        return compileAll(blackhole, published);
    }

    private int compileAll(Blackhole blackhole, String[] previous) {
        DesiredDocuments documents = run();
        int changed = 0;
        for (int i = 0; i < ENDPOINTS; i++) {
            DesiredDocuments.Compiled compiled = documents.compile(endpoints[i], labels[i], 1L, previous[i], issuedAt);
            if (compiled != null) {
                changed++;
            }
            blackhole.consume(compiled);
        }
        return changed;
    }

    /** {@code ep-} and 12 base32 characters, as the registry makes them. */
    static String endpointId(int n) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder id = new StringBuilder("ep-");
        long value = 0x5a17L * 1_000_003L + n;
        for (int i = 0; i < 12; i++) {
            id.append(alphabet.charAt((int) (value % 32)));
            value /= 32;
        }
        return id.toString();
    }

    private static SetVersion plantEnv() {
        ObjectNode entries = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < 10; i++) {
            entries.put("PLANT_SETTING_" + i, "value-" + i);
        }
        ObjectNode files = JsonNodeFactory.instance.objectNode()
                .put("plant.yaml", "site: qingdao\nshift: 3\n")
                .put("ca.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        return new SetVersion("plant-env", 1, entries, files, OffsetDateTime.parse("2026-11-27T08:00:00Z"), "admin");
    }
}
