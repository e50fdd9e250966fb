package io.edgefleet.tenancy.user;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    @Test
    void aLongUncommonPasswordIsAccepted() {
        assertThat(PasswordPolicy.problem("violet-lantern-87-orbit", "ada@example.com")).isEmpty();
    }

    @Test
    void lengthIsCountedInCharactersNotBytes() {
        assertThat(PasswordPolicy.problem("ääääbbbbcccc", "ada@example.com")).isEmpty();
        assertThat(PasswordPolicy.problem("äbc😀😀😀😀😀😀😀", "ada@example.com")).get().asString().contains("12 to 128");
    }

    @Test
    void emptyShortLongCommonAndEmailBasedPasswordsAreRefused() {
        assertThat(PasswordPolicy.problem("", "ada@example.com")).get().asString().contains("empty");
        assertThat(PasswordPolicy.problem("short", "ada@example.com")).get().asString().contains("12 to 128");
        assertThat(PasswordPolicy.problem("a1".repeat(65), "ada@example.com")).get().asString().contains("12 to 128");
        assertThat(PasswordPolicy.problem("Password1234", "ada@example.com")).get().asString().contains("common");
        assertThat(PasswordPolicy.problem("abababababab", "ada@example.com")).get().asString().contains("common");
        assertThat(PasswordPolicy.problem("my-LOVELACE-secret", "lovelace@example.com")).get().asString().contains("email");
    }

    @Test
    void theRefusalNeverQuotesThePassword() {
        assertThat(PasswordPolicy.problem("my-lovelace-secret", "lovelace@example.com")).get().asString()
                .doesNotContain("my-lovelace-secret");
    }
}
