package io.edgefleet.tenancy.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.tenancy.testing.Http;
import io.edgefleet.tenancy.testing.TenancyHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserApiIT {

    private static final String GOOD = "violet-lantern-87-orbit";

    private static TenancyHarness harness;
    private static Http http;

    @BeforeAll
    static void start() {
        harness = TenancyHarness.start();
        http = harness.http();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void theBootstrapAdminExistsAsPlatformAdmin() {
        JsonNode users = http.get("/api/v1/users").json().path("items");
        assertThat(users).anySatisfy(user -> {
            assertThat(user.path("email").asText()).isEqualTo(TenancyHarness.ADMIN_EMAIL);
            assertThat(user.path("platformAdmin").asBoolean()).isTrue();
        });
    }

    @Test
    void aCreatedUserCanBeReadUpdatedAndDeletedWithoutItsHashEverShown() {
        JsonNode user = harness.createUser("grace@example.com", GOOD);
        String path = "/api/v1/users/" + user.path("id").asText();
        assertThat(user.path("platformAdmin").asBoolean()).isFalse();
        assertThat(user.has("password")).isFalse();
        assertThat(user.toString()).doesNotContain("argon2").doesNotContain(GOOD);

        Http.Response patched = http.patch(path, "{\"displayName\":\"Grace H.\",\"platformAdmin\":true}");
        assertThat(patched.status()).as(patched.text()).isEqualTo(200);
        assertThat(patched.json().path("displayName").asText()).isEqualTo("Grace H.");
        assertThat(http.get(path).json().path("platformAdmin").asBoolean()).isTrue();

        assertThat(http.delete(path).status()).isEqualTo(204);
        assertThat(http.get(path).status()).isEqualTo(404);
        assertThat(http.delete(path).status()).isEqualTo(404);
    }

    @Test
    void anEmailIsTakenWhateverItsCase() {
        harness.createUser("Linus@Example.com", GOOD);
        Http.Response again = http.post("/api/v1/users",
                "{\"email\":\"linus@example.COM\",\"displayName\":\"L\",\"password\":\"" + GOOD + "\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("type").asText()).endsWith("/email-taken");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "short-pw", "password1234", "aaaaaaaaaaaaaaaa", "my-name-is-weakling-42"})
    void weakPasswordsAreRefusedAtSlashPasswordAndNotEchoed(String password) {
        Http.Response refused = http.post("/api/v1/users",
                "{\"email\":\"weakling@example.com\",\"displayName\":\"W\",\"password\":\"" + password + "\"}");
        assertThat(refused.status()).as(refused.text()).isEqualTo(422);
        assertThat(refused.json().path("errors").findValuesAsText("field")).containsExactly("/password");
        if (!password.isEmpty()) {
            assertThat(refused.text()).doesNotContain(password);
        }
    }

    @Test
    void aTooLongPasswordIsRefused() {
        String longPassword = "x1y2".repeat(33);
        Http.Response refused = http.post("/api/v1/users",
                "{\"email\":\"long@example.com\",\"displayName\":\"L\",\"password\":\"" + longPassword + "\"}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("errors").findValuesAsText("field")).containsExactly("/password");
    }

    @Test
    void aPasswordChangeFollowsThePolicyToo() {
        JsonNode user = harness.createUser("change@example.com", GOOD);
        Http.Response refused = http.patch("/api/v1/users/" + user.path("id").asText(), "{\"password\":\"change-me-change\"}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(http.patch("/api/v1/users/" + user.path("id").asText(), "{\"password\":\"quiet-harbor-19-maple\"}").status())
                .isEqualTo(200);
    }

    @Test
    void badUserBodiesAreProblems() {
        assertThat(http.post("/api/v1/users", "not json").status()).isEqualTo(400);
        Http.Response badEmail = http.post("/api/v1/users", "{\"email\":\"nobody\",\"displayName\":\"x\",\"password\":\"" + GOOD + "\"}");
        assertThat(badEmail.status()).isEqualTo(422);
        assertThat(badEmail.json().path("errors").findValuesAsText("field")).containsExactly("/email");
        Http.Response unknown = http.post("/api/v1/users",
                "{\"email\":\"u@example.com\",\"displayName\":\"x\",\"password\":\"" + GOOD + "\",\"role\":\"admin\"}");
        assertThat(unknown.json().path("errors").findValuesAsText("field")).containsExactly("/role");
        assertThat(http.get("/api/v1/users/not-a-uuid").status()).isEqualTo(404);
    }

    @Test
    void membershipsAreSetChangedAndRemoved() {
        JsonNode user = harness.createUser("member@example.com", GOOD);
        String id = user.path("id").asText();
        http.post("/api/v1/tenants", "{\"id\":\"line-a\",\"displayName\":\"Line A\"}");

        assertThat(http.put("/api/v1/tenants/line-a/members/" + id, "{\"role\":\"viewer\"}").status()).isEqualTo(200);
        assertThat(http.put("/api/v1/tenants/line-a/members/" + id, "{\"role\":\"operator\"}").status()).isEqualTo(200);
        assertThat(http.get("/api/v1/users/" + id).json().path("memberships").path("line-a").asText()).isEqualTo("operator");
        JsonNode members = http.get("/api/v1/tenants/line-a/members").json().path("items");
        assertThat(members).hasSize(1);
        assertThat(members.get(0).path("userId").asText()).isEqualTo(id);
        assertThat(members.get(0).path("email").asText()).isEqualTo("member@example.com");
        assertThat(members.get(0).path("role").asText()).isEqualTo("operator");
        assertThat(http.get("/api/v1/tenants/no-such/members").status()).isEqualTo(404);

        assertThat(http.put("/api/v1/tenants/line-a/members/" + id, "{\"role\":\"owner\"}").status()).isEqualTo(422);
        assertThat(http.put("/api/v1/tenants/no-such/members/" + id, "{\"role\":\"viewer\"}").status()).isEqualTo(404);
        assertThat(http.put("/api/v1/tenants/line-a/members/00000000-0000-0000-0000-000000000000", "{\"role\":\"viewer\"}")
                .status()).isEqualTo(404);

        assertThat(http.delete("/api/v1/tenants/line-a/members/" + id).status()).isEqualTo(204);
        assertThat(http.delete("/api/v1/tenants/line-a/members/" + id).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/users/" + id).json().path("memberships").size()).isZero();
        assertThat(http.get("/api/v1/tenants/line-a/members").json().path("items").size()).isZero();
    }

    @Test
    void injectionStringsInANameAreStoredVerbatim() {
        String name = "Robert'); DROP TABLE users;--";
        Http.Response created = http.post("/api/v1/users",
                "{\"email\":\"bobby@example.com\",\"displayName\":\"" + name + "\",\"password\":\"" + GOOD + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(http.get("/api/v1/users/" + created.json().path("id").asText()).json().path("displayName").asText())
                .isEqualTo(name);
        assertThat(http.get("/api/v1/users").status()).isEqualTo(200);
    }
}
