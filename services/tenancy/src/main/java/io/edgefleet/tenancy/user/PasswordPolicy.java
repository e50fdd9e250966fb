package io.edgefleet.tenancy.user;

import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.ProblemException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a password must be: 12 to 128 characters, not containing the local part of the user's email, not one of
 * the passwords every guessing list starts with. A refusal is a 422 naming {@code /password}, never echoing it.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;

    private static final Set<String> COMMON = Set.of(
            "password1234", "password12345", "password123456", "123456789012", "1234567890123", "qwertyuiop12",
            "qwertyuiop123", "iloveyou1234", "letmein12345", "welcome12345", "administrator", "admin1234567",
            "passw0rd1234", "changeme1234", "correcthorsebatterystaple", "111111111111", "000000000000",
            "abc123456789", "qwerty123456", "1q2w3e4r5t6y", "trustno1trustno1", "football1234", "monkey123456",
            "dragon123456", "sunshine1234", "princess1234", "superman1234", "baseball1234", "aaaaaaaaaaaa",
            "asdfghjkl123", "zaq12wsxcde3", "p@ssw0rd1234", "edgefleet123", "edgefleet1234");

    private PasswordPolicy() {
    }

    /** Why the password is refused, or empty when it is acceptable. */
    public static Optional<String> problem(String password, String email) {
        if (password == null || password.isEmpty()) {
            return Optional.of("the password must not be empty");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            return Optional.of("the password must have " + MIN_LENGTH + " to " + MAX_LENGTH + " characters, it has " + length);
        }
        String lower = password.toLowerCase(Locale.ROOT);
        String local = email.substring(0, Math.max(0, email.indexOf('@'))).toLowerCase(Locale.ROOT);
        if (local.length() >= 3 && lower.contains(local)) {
            return Optional.of("the password must not contain the email's name before the @");
        }
        if (COMMON.contains(lower) || lower.chars().distinct().count() <= 2) {
            return Optional.of("the password is too common");
        }
        return Optional.empty();
    }

    /** @throws ProblemException 422 at {@code /password} when the password is refused */
    public static void check(String password, String email) {
        problem(password, email).ifPresent(reason -> {
            throw ProblemException.validation(List.of(new FieldError("/password", reason)));
        });
    }
}
