package io.edgefleet.deployment.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.edgefleet.kit.http.ProblemException;
import org.junit.jupiter.api.Test;

class AutoUpdateRuleTest {

    private static AutoUpdateRule rule(String repository, String pattern) {
        return AutoUpdateRule.fromJson(JsonNodeFactory.instance.objectNode().put("repository", repository)
                .put("tagPattern", pattern));
    }

    @Test
    void aRuleWithHostFollowsThatRegistryOnlyAndOneWithoutFollowsAny() {
        AutoUpdateRule withHost = rule("reg.example.com:5000/team/app", ".*");
        AutoUpdateRule withoutHost = rule("team/app", ".*");

        assertThat(withHost.follows("reg.example.com:5000", "team/app", "1")).isTrue();
        assertThat(withHost.follows("other.example.com", "team/app", "1")).isFalse();
        assertThat(withHost.follows(null, "team/app", "1")).isFalse();
        assertThat(withoutHost.follows("reg.example.com:5000", "team/app", "1")).isTrue();
        assertThat(withoutHost.follows(null, "team/app", "1")).isTrue();
        assertThat(withoutHost.follows(null, "team/application", "1")).isFalse();
    }

    @Test
    void theTagMustMatchThePatternInFull() {
        AutoUpdateRule semver = rule("team/app", "1\\.[0-9]+\\.[0-9]+");

        assertThat(semver.follows(null, "team/app", "1.2.3")).isTrue();
        assertThat(semver.follows(null, "team/app", "1.2.3-rc1")).isFalse();
        assertThat(semver.follows(null, "team/app", "v1.2.3")).isFalse();
    }

    @Test
    void aBacktrackingPatternRunsOutOfStepsAndMatchesNothing() {
        AutoUpdateRule evil = rule("team/app", "(a+)+b");

        assertThat(evil.tagMatches("a".repeat(100))).isFalse();
        assertThat(evil.tagMatches("aaab")).isTrue();
    }

    @Test
    void aPatternThatDoesNotCompileIs422NamingTheField() {
        assertThatThrownBy(() -> rule("team/app", "(["))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.errors()).extracting(error -> error.field()).containsExactly("/autoUpdate/tagPattern");
                });
    }
}
