package io.edgefleet.agent.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.schemas.JsonSchemas;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DesiredParserTest {

    private static final String ENDPOINT = "ep-abcdefghijkl";
    private final DesiredParser parser = new DesiredParser(JsonSchemas.load(), ENDPOINT);

    private static String document(String endpoint, String apps) {
        return """
                {"endpoint": "%s", "generation": 7, "issuedAt": "2025-06-01T08:15:30+02:00",
                 "apps": [%s],
                 "registries": [{"host": "127.0.0.1:5000", "username": "ci", "password": "s3cret"}]}
                """.formatted(endpoint, apps);
    }

    private static String app(String name, String spec) {
        return "{\"name\": \"" + name + "\", \"revision\": 2, \"spec\": " + spec + "}";
    }

    private DesiredParser.Outcome parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aValidDocumentIsAcceptedWithItsAppsRegistriesAndSpecHashes() {
        var outcome = parse(document(ENDPOINT, app("web", "{\"image\": \"busybox:1\"}") + ","
                + app("db", "{\"image\": \"busybox:1\", \"env\": {\"B\": \"2\", \"A\": \"1\"}}")));

        assertThat(outcome).isInstanceOf(DesiredParser.Accepted.class);
        DesiredDocument document = ((DesiredParser.Accepted) outcome).document();
        assertThat(document.generation()).isEqualTo(7);
        assertThat(document.issuedAt()).hasToString("2025-06-01T06:15:30Z");
        assertThat(document.apps()).extracting(DesiredApp::name).containsExactly("web", "db");
        assertThat(document.apps()).allMatch(DesiredApp::isValid);
        assertThat(document.app("web").orElseThrow().specHash()).matches("[0-9a-f]{64}")
                .isNotEqualTo(document.app("db").orElseThrow().specHash());
        assertThat(document.registries()).singleElement()
                .satisfies(registry -> assertThat(registry.username()).isEqualTo("ci"));
        assertThat(document.toString()).doesNotContain("s3cret");
    }

    @Test
    void equalSpecsWrittenDifferentlyHashTheSame() {
        String first = "{\"image\": \"b:1\", \"env\": {\"A\": \"1\", \"B\": \"2\"}}";
        String second = "{\"env\": {\"B\": \"2\", \"A\": \"1\"}, \"pullPolicy\": \"ifNotPresent\", \"image\": \"b:1\"}";
        var one = ((DesiredParser.Accepted) parse(document(ENDPOINT, app("web", first)))).document();
        var two = ((DesiredParser.Accepted) parse(document(ENDPOINT, app("web", second)))).document();

        assertThat(one.apps().get(0).specHash()).isEqualTo(two.apps().get(0).specHash());
    }

    @Test
    void logShippingIsReadButLeftOutOfTheSpecHashSoTurningItOnDoesNotReplaceTheContainer() {
        var plain = parse(document(ENDPOINT, app("web", "{\"image\": \"b:1\"}")));
        var shipping = parse(document(ENDPOINT, app("web",
                "{\"image\": \"b:1\", \"logShipping\": {\"enabled\": true, \"linesPerSecond\": 20}}")));
        var defaulted = parse(document(ENDPOINT, app("web",
                "{\"image\": \"b:1\", \"logShipping\": {\"enabled\": true}}")));

        DesiredApp without = ((DesiredParser.Accepted) plain).document().app("web").orElseThrow();
        DesiredApp with = ((DesiredParser.Accepted) shipping).document().app("web").orElseThrow();
        assertThat(without.logShipping()).isEqualTo(LogShipping.OFF);
        assertThat(with.logShipping()).isEqualTo(new LogShipping(true, 20));
        assertThat(((DesiredParser.Accepted) defaulted).document().app("web").orElseThrow().logShipping())
                .isEqualTo(new LogShipping(true, 100));
        assertThat(with.specHash()).isEqualTo(without.specHash());
    }

    @Test
    void aLogShippingRateOfZeroMakesTheAppInvalid() {
        var outcome = parse(document(ENDPOINT, app("web",
                "{\"image\": \"b:1\", \"logShipping\": {\"enabled\": true, \"linesPerSecond\": 0}}")));

        DesiredApp web = ((DesiredParser.Accepted) outcome).document().app("web").orElseThrow();
        assertThat(web.isValid()).isFalse();
        assertThat(web.problem()).contains("/apps/0/spec/logShipping/linesPerSecond");
    }

    @Test
    void aNegativeMemoryLimitMakesOnlyThatAppInvalidWithTheFieldNamed() {
        var outcome = parse(document(ENDPOINT, app("web", "{\"image\": \"b:1\"}") + ","
                + app("bad", "{\"image\": \"b:1\", \"memoryLimitMiB\": -5}")));

        DesiredDocument document = ((DesiredParser.Accepted) outcome).document();
        assertThat(document.app("web").orElseThrow().isValid()).isTrue();
        DesiredApp bad = document.app("bad").orElseThrow();
        assertThat(bad.isValid()).isFalse();
        assertThat(bad.revision()).isEqualTo(2);
        assertThat(bad.problem()).startsWith("invalid spec: /apps/1/spec/memoryLimitMiB");
    }

    @Test
    void anInvalidPortMakesTheAppInvalid() {
        var outcome = parse(document(ENDPOINT, app("web",
                "{\"image\": \"b:1\", \"ports\": [{\"hostPort\": 70000, \"containerPort\": 80}]}")));

        DesiredApp web = ((DesiredParser.Accepted) outcome).document().apps().get(0);
        assertThat(web.problem()).startsWith("invalid spec: /apps/0/spec/ports/0/hostPort");
    }

    @Test
    void aRuleOnlyTheAgentChecksMakesTheAppInvalidToo() {
        var outcome = parse(document(ENDPOINT, app("web",
                "{\"image\": \"b:1\", \"memoryReservationMiB\": 64, \"memoryLimitMiB\": 32}")));

        assertThat(((DesiredParser.Accepted) outcome).document().apps().get(0).problem())
                .isEqualTo("invalid spec: /apps/0/spec/memoryLimitMiB: must be at least memoryReservationMiB (64), "
                        + "got 32");
    }

    @Test
    void aDocumentForAnotherEndpointIsRefused() {
        var outcome = parse(document("ep-zzzzzzzzzzzz", app("web", "{\"image\": \"b:1\"}")));

        assertThat(outcome).isEqualTo(new DesiredParser.Refused(7L,
                "/endpoint: the document is for endpoint ep-zzzzzzzzzzzz, this agent is " + ENDPOINT,
                java.util.List.of("web")));
    }

    @Test
    void aDocumentThatIsNotJsonIsRefused() {
        var outcome = (DesiredParser.Refused) parse("{\"endpoint\": ");

        assertThat(outcome.generation()).isNull();
        assertThat(outcome.reason()).startsWith("not JSON: ");
        assertThat(outcome.appNames()).isEmpty();
    }

    @Test
    void aDocumentWithoutGenerationIsRefusedNamingTheField() {
        var outcome = (DesiredParser.Refused) parse("""
                {"endpoint": "%s", "issuedAt": "2025-06-01T08:15:30Z", "apps": []}""".formatted(ENDPOINT));

        assertThat(outcome.reason()).startsWith("/generation: ");
    }

    @Test
    void anAppNameUsedTwiceRefusesTheDocument() {
        var outcome = (DesiredParser.Refused) parse(document(ENDPOINT,
                app("web", "{\"image\": \"b:1\"}") + "," + app("web", "{\"image\": \"b:2\"}")));

        assertThat(outcome.reason()).isEqualTo("/apps: the app name 'web' is used twice");
    }

    @Test
    void anInvalidAppNameRefusesTheDocumentSinceTheAppCannotBeNamed() {
        var outcome = (DesiredParser.Refused) parse(document(ENDPOINT, app("Web!", "{\"image\": \"b:1\"}")));

        assertThat(outcome.reason()).startsWith("/apps/0/name: ");
    }

    @Test
    void aRevisionBeyondTheIntegerRangeMakesThatAppInvalidInsteadOfFailingTheWholeDocument() {
        var outcome = parse(document(ENDPOINT, "{\"name\": \"web\", \"revision\": 9223372036854775807, \"spec\": "
                + "{\"image\": \"busybox:1\"}}," + app("db", "{\"image\": \"busybox:1\"}")));

        DesiredDocument document = ((DesiredParser.Accepted) outcome).document();
        assertThat(document.app("web").orElseThrow().problem()).startsWith("invalid spec: /apps/0/revision");
        assertThat(document.app("db").orElseThrow().isValid()).isTrue();
    }

    @Test
    void trailingTextAfterTheDocumentIsRefusedAsNotJson() {
        var outcome = parse(document(ENDPOINT, app("web", "{\"image\": \"busybox:1\"}")) + "}");

        assertThat(((DesiredParser.Refused) outcome).reason()).startsWith("not JSON: ");
    }

    @Test
    void brokenUtf8InsideAStringIsRefusedAsNotJson() {
        byte[] text = document(ENDPOINT, app("web", "{\"image\": \"busybox:1\"}")).getBytes(StandardCharsets.UTF_8);
        byte[] broken = new String(text, StandardCharsets.ISO_8859_1).replace("busybox", "busy\u00c0\u00afbox")
                .getBytes(StandardCharsets.ISO_8859_1);

        var outcome = parser.parse(broken);

        assertThat(((DesiredParser.Refused) outcome).reason()).startsWith("not JSON: not UTF-8: invalid byte sequence");
    }
}
