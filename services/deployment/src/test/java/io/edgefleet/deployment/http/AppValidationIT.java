package io.edgefleet.deployment.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.deployment.testing.DeploymentHarness;
import io.edgefleet.kit.testing.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AppValidationIT {

    private static final String TENANT = "acme";
    private static final String APPS = "/api/v1/tenants/acme/apps";
    private static final String BETA_APPS = "/api/v1/tenants/beta/apps";
    private static final String SPEC = "{\"image\":\"edgefleet-test/busybox:1\"}";

    private static DeploymentHarness harness;

    @BeforeAll
    static void start() {
        harness = DeploymentHarness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "missing name                 | {\"spec\":" + SPEC + ",\"target\":{\"selector\":\"a\"}}                          | /name",
        "upper-case name              | {\"name\":\"Web\",\"spec\":" + SPEC + ",\"target\":{\"selector\":\"a\"}}         | /name",
        "name with a quote            | {\"name\":\"web'--\",\"spec\":" + SPEC + ",\"target\":{\"selector\":\"a\"}}      | /name",
        "unknown spec field           | {\"name\":\"web\",\"spec\":{\"image\":\"a/b:1\",\"privileged\":true},\"target\":{\"selector\":\"a\"}} | /spec/privileged",
        "image with a space           | {\"name\":\"web\",\"spec\":{\"image\":\"a b\"},\"target\":{\"selector\":\"a\"}} | /spec/image",
        "empty target                 | {\"name\":\"web\",\"spec\":" + SPEC + ",\"target\":{}}                            | /target",
        "bad endpoint id              | {\"name\":\"web\",\"spec\":" + SPEC + ",\"target\":{\"endpoints\":[\"x\"]}}       | /target/endpoints/0",
        "unfinished selector          | {\"name\":\"web\",\"spec\":" + SPEC + ",\"target\":{\"selector\":\"site in (a\"}} | /target/selector",
        "selector with SQL            | {\"name\":\"web\",\"spec\":" + SPEC + ",\"target\":{\"selector\":\"site='x'; DROP TABLE apps\"}} | /target/selector",
        "selector with a JSON path    | {\"name\":\"web\",\"spec\":" + SPEC + ",\"target\":{\"selector\":\"labels->>'a' = b\"}} | /target/selector",
        "blank selector               | {\"name\":\"web\",\"spec\":" + SPEC + ",\"target\":{\"selector\":\"   \"}}        | /target/selector",
        "operator without value list  | {\"name\":\"web\",\"spec\":" + SPEC + ",\"target\":{\"selector\":\"site in a\"}}  | /target/selector",
        "unknown top-level field      | {\"name\":\"web\",\"spec\":" + SPEC + ",\"target\":{\"selector\":\"a\"},\"tenant\":\"x\"} | /tenant",
    })
    void aBodyBreakingTheContractIs422NamingTheFieldAndStoresNothing(String why, String body, String field) {
        Http.Response response = harness.http(TENANT).post(APPS, body);

        assertThat(response.status()).as(response.text()).isEqualTo(422);
        JsonNode errors = response.json().path("errors");
        assertThat(errors).extracting(e -> e.path("field").asText()).as(response.text()).contains(field.strip());
        assertThat(harness.sql("SELECT 1 FROM deployment.apps WHERE tenant = 'acme'")).isEmpty();
        assertThat(harness.sql("SELECT 1 FROM deployment.outbox WHERE topic LIKE 'fleet/v1/acme/%'")).isEmpty();
    }

    @Test
    void aSelectorErrorSaysWhereTheProblemIs() {
        Http.Response response = harness.http(TENANT).post(APPS,
                "{\"name\":\"web\",\"spec\":" + SPEC + ",\"target\":{\"selector\":\"site=a,,b\"}}");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().at("/errors/0/message").asText()).contains("at character 8");
    }

    @Test
    void aBodyThatIsNotJsonIs400() {
        Http.Response response = harness.http(TENANT).post(APPS, "{\"name\":");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("type").asText()).endsWith("/malformed-json");
    }

    @Test
    void updateAndRollbackBodiesAreCheckedToo() {
        harness.http("beta").post(BETA_APPS, "{\"name\":\"checked\",\"spec\":" + SPEC + ",\"target\":{\"selector\":\"a\"}}");

        Http.Response update = harness.http("beta").put(BETA_APPS + "/checked", "{\"spec\":" + SPEC + ",\"target\":{\"selector\":\"a in ()\"}}");
        Http.Response rollback = harness.http("beta").post(BETA_APPS + "/checked/rollback", "{\"revision\":\"1; DROP TABLE apps\"}");

        assertThat(update.status()).isEqualTo(422);
        assertThat(update.json().at("/errors/0/field").asText()).isEqualTo("/target/selector");
        assertThat(rollback.status()).isEqualTo(422);
        assertThat(rollback.json().at("/errors/0/field").asText()).isEqualTo("/revision");
        assertThat(harness.sql("SELECT revision FROM deployment.app_revisions WHERE name = 'checked'")).hasSize(1);
    }

    @Test
    void aPathNameThatCannotBeAnAppIs404WithoutEchoingIt() {
        Http.Response response = harness.http(TENANT).get(APPS + "/%27%20OR%201=1");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("detail").asText()).doesNotContain("OR");
    }
}
