package io.edgefleet.tenancy.user;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(new Argon2Parameters(1024, 1, 1));

    @Test
    void aHashIsAPhcStringWithItsParametersAndVerifiesOnlyItsPassword() {
        String hash = hasher.hash("violet-lantern-87-orbit");
        assertThat(hash).matches("^\\$argon2id\\$v=19\\$m=1024,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}$");
        assertThat(hasher.verify("violet-lantern-87-orbit", hash)).isTrue();
        assertThat(hasher.verify("violet-lantern-87-orbiT", hash)).isFalse();
    }

    @Test
    void theSamePasswordHashesDifferentlyEachTime() {
        assertThat(hasher.hash("violet-lantern-87-orbit")).isNotEqualTo(hasher.hash("violet-lantern-87-orbit"));
    }

    @Test
    void aHashWithOtherParametersStillVerifies() {
        String older = new PasswordHasher(new Argon2Parameters(2048, 2, 2)).hash("quiet-harbor-19-maple");
        assertThat(hasher.verify("quiet-harbor-19-maple", older)).isTrue();
    }

    @Test
    void somethingThatIsNotAnArgon2idHashNeverVerifies() {
        assertThat(hasher.verify("x", "")).isFalse();
        assertThat(hasher.verify("x", "$2a$10$abcdefghijklmnopqrstuv")).isFalse();
        assertThat(hasher.verifyNobody("anything")).isFalse();
    }
}
