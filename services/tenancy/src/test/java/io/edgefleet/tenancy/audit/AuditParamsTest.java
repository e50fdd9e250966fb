package io.edgefleet.tenancy.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgefleet.kit.http.ProblemException;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuditParamsTest {

    private static final Optional<String> ACME = Optional.of("acme");
    private static final Optional<String> PLATFORM = Optional.empty();

    @Test
    void noParametersListTheWholeLogNewestFirstFiftyAtATime() {
        AuditQuery query = AuditParams.parse(MultiMap.caseInsensitiveMultiMap(), ACME);

        assertThat(query.logTenant()).isEqualTo(ACME);
        assertThat(query.limit()).isEqualTo(50);
        assertThat(query.actor()).isEmpty();
        assertThat(query.after()).isEmpty();
    }

    @Test
    void everyFilterIsRead() {
        AuditCursor cursor = new AuditCursor(Instant.parse("2025-06-01T08:00:00Z"), "e-1");
        AuditQuery query = AuditParams.parse(params("tenant", "acme", "actor", "5b1f0c2e-8a4d-4f7e-9c3b-2d6e1a0f9b47",
                "action", "endpoints.create", "outcome", "denied", "target", "/api/v1/tenants/acme/endpoints",
                "since", "2025-06-01T10:00:00+02:00", "until", "2025-06-02T00:00:00Z", "limit", "500",
                "cursor", cursor.encode()), PLATFORM);

        assertThat(query.tenant()).contains("acme");
        assertThat(query.actor()).contains("5b1f0c2e-8a4d-4f7e-9c3b-2d6e1a0f9b47");
        assertThat(query.action()).contains("endpoints.create");
        assertThat(query.actionPrefix()).isEmpty();
        assertThat(query.outcome()).contains("denied");
        assertThat(query.targetPrefix()).contains("/api/v1/tenants/acme/endpoints");
        assertThat(query.since()).contains(Instant.parse("2025-06-01T08:00:00Z"));
        assertThat(query.until()).contains(Instant.parse("2025-06-02T00:00:00Z"));
        assertThat(query.limit()).isEqualTo(500);
        assertThat(query.after()).contains(cursor);
    }

    @Test
    void anActionEndingInDotStarIsAPrefixThatKeepsItsDot() {
        AuditQuery query = AuditParams.parse(params("action", "endpoints.*"), ACME);

        assertThat(query.actionPrefix()).contains("endpoints.");
        assertThat(query.action()).isEmpty();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "actor|' OR 1=1 --",
            "actor|alice smith",
            "action|endpoints",
            "action|endpoints.%",
            "action|*",
            "action|endpoints.*.create",
            "action|x'); DROP TABLE audit_entries; --",
            "outcome|succeeded",
            "target|api/v1/tenants",
            "target|/api/v1/\u001b[31mred",
            "since|yesterday",
            "since|2025-06-01T08:00:00",
            "until|2025-06-01T08:00:00 02:00",
            "limit|0",
            "limit|501",
            "limit|ten",
            "cursor|' OR ''='",
            "tenant|Acme",
    })
    void aBadValueIs400NamingTheParameter(String name, String value) {
        assertThatThrownBy(() -> AuditParams.parse(params(name, value), PLATFORM))
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.status()).isEqualTo(400);
                    assertThat(problem.slug()).isEqualTo("invalid-query");
                    assertThat(problem.detail()).contains("'" + name + "'");
                });
    }

    @Test
    void anUnknownParameterIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> AuditParams.parse(params("sort", "time"), PLATFORM))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.detail())
                        .contains("[sort]").contains("actor, cursor, limit, outcome, since, target, tenant, until"));
    }

    @Test
    void theTenantFilterBelongsToThePlatformLogOnly() {
        assertThatThrownBy(() -> AuditParams.parse(params("tenant", "globex"), ACME))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.detail()).contains("[tenant]"));
    }

    @Test
    void aRepeatedParameterIsRefused() {
        MultiMap twice = params("outcome", "success");
        twice.add("outcome", "denied");

        assertThatThrownBy(() -> AuditParams.parse(twice, ACME))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.detail()).contains("'outcome' is given 2 times"));
    }

    @Test
    void sinceMustBeBeforeUntil() {
        assertThatThrownBy(() -> AuditParams.parse(params("since", "2025-06-02T00:00:00Z", "until", "2025-06-01T00:00:00Z"), ACME))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.detail()).contains("'since'").contains("'until'"));
    }

    @Test
    void anOverlongTargetIsRefused() {
        assertThatThrownBy(() -> AuditParams.parse(params("target", "/" + "a".repeat(512)), ACME))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.detail()).contains("'target'"));
    }

    private static MultiMap params(String... pairs) {
        MultiMap params = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) {
            params.add(pairs[i], pairs[i + 1]);
        }
        return params;
    }
}
