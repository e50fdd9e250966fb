package io.edgefleet.registry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.schemas.JsonSchemas;

/** Checks that an answer is an RFC 9457 problem document of the expected status and type. */
public final class ProblemAssert {

    private ProblemAssert() {
    }

    public static void assertProblem(Http.Response response, int status, String slug) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("type").asText()).as(response.text()).isEqualTo("https://edgefleet.io/problems/" + slug);
        assertThat(JsonSchemas.load().validate("rest/problem", response.json())).isEmpty();
    }
}
