package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The public API through the gateway: authentication, and bad input answered with problem JSON. */
class GatewayApiIT {

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();
    private final PlatformProcess platform = PLATFORM.process();
    private final ApiClient api = PLATFORM.api();

    @Test
    void apiWithoutOrWithAWrongTokenIsRefused() throws Exception {
        ApiClient anonymous = new ApiClient(platform.gatewayUri(), null);
        ApiClient.Response none = anonymous.call("GET", "/api/v1/tenants/default/endpoints", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).startsWith("application/problem+json");

        ApiClient wrong = new ApiClient(platform.gatewayUri(), "x".repeat(40));
        assertThat(wrong.call("GET", "/api/v1/tenants/default/endpoints", null).status()).isEqualTo(401);
        assertThat(anonymous.call("GET", "/health/live", null).status()).isEqualTo(200);
    }

    @Test
    void badInputGetsProblemJsonNamingTheFieldAndStoresNothing() throws Exception {
        api.createEndpoint("gw-existing", "{\"site\":\"qingdao\"}");
        long before = total();

        ApiClient.Response malformed = api.call("POST", "/api/v1/tenants/default/endpoints", "{\"name\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");

        ApiClient.Response unknownField = api.call("POST", "/api/v1/tenants/default/endpoints", "{\"name\":\"ok-1\",\"colour\":\"red\"}");
        assertThat(unknownField.status()).isEqualTo(422);
        assertThat(unknownField.body().toString()).contains("colour");

        ApiClient.Response longName = api.call("POST", "/api/v1/tenants/default/endpoints", "{\"name\":\"" + "n".repeat(300) + "\"}");
        assertThat(longName.status()).isEqualTo(422);
        assertThat(longName.body().path("errors").get(0).path("field").asText()).isEqualTo("/name");

        ApiClient.Response duplicate = api.call("POST", "/api/v1/tenants/default/endpoints", "{\"name\":\"gw-existing\"}");
        assertThat(duplicate.status()).isEqualTo(409);

        ApiClient.Response badSelector = api.call("GET", "/api/v1/tenants/default/endpoints?selector=site%20in%20(a", null);
        assertThat(badSelector.status()).isEqualTo(400);
        assertThat(badSelector.body().path("detail").asText()).contains("selector");

        assertThat(total()).isEqualTo(before);
        ApiClient.Response selected = api.call("GET", "/api/v1/tenants/default/endpoints?selector=site%3Dqingdao", null);
        assertThat(selected.body().path("items").get(0).path("name").asText()).isEqualTo("gw-existing");
    }

    @Test
    void unknownApiPathIsAProblem404() throws Exception {
        ApiClient.Response response = api.call("GET", "/api/v1/nothing-here", null);
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private long total() throws Exception {
        return api.call("GET", "/api/v1/tenants/default/endpoints", null).body().path("total").asLong();
    }
}
