package io.edgefleet.deployment.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.ProblemException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An app revision's {@code autoUpdate} section: the repository it follows and the pattern a pushed tag must match in
 * full. Matching runs on a step budget, so a pattern that backtracks catastrophically cannot hold a thread: it simply
 * matches nothing.
 *
 * @param repository {@code host[:port]/path/name}, or {@code path/name} for any registry
 */
public record AutoUpdateRule(String repository, Pattern tagPattern) {

    /** Character reads one tag match may take; a sane pattern on a tag of at most 128 characters needs far fewer. */
    static final int MATCH_BUDGET = 100_000;

    public AutoUpdateRule {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(tagPattern, "tagPattern");
    }

    /**
     * Reads a section that passed the schema ({@code rest/app-create#/$defs/autoUpdate}).
     *
     * @throws ProblemException 422 naming {@code /autoUpdate/tagPattern} when the pattern does not compile
     */
    public static AutoUpdateRule fromJson(JsonNode section) {
        String pattern = section.get("tagPattern").asText();
        try {
            return new AutoUpdateRule(section.get("repository").asText(), Pattern.compile(pattern));
        } catch (PatternSyntaxException e) {
            throw ProblemException.validation(List.of(new FieldError("/autoUpdate/tagPattern",
                    "is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex())));
        }
    }

    /** Checks the {@code autoUpdate} section of an app body, when it has one (a body that passed its schema). */
    public static void check(JsonNode body) {
        JsonNode section = body.get("autoUpdate");
        if (section != null) {
            fromJson(section);
        }
    }

    /**
     * Whether a push of {@code tag} to {@code repository} on registry {@code host} (may be null) is one this rule
     * follows: the rule's repository equals {@code host/repository}, or {@code repository} alone.
     */
    public boolean follows(String host, String pushedRepository, String tag) {
        boolean sameRepository = repository.equals(pushedRepository)
                || (host != null && repository.equals(host + "/" + pushedRepository));
        return sameRepository && tagMatches(tag);
    }

    boolean tagMatches(String tag) {
        try {
            return tagPattern.matcher(new BudgetedChars(tag, new int[] {MATCH_BUDGET})).matches();
        } catch (BudgetExceeded e) {
            return false;
        }
    }

    private static final class BudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetExceeded() {
            super("tag pattern took too many steps", null, false, false);
        }
    }

    /** A string whose reads are counted against a shared budget. */
    private record BudgetedChars(String text, int[] budget) implements CharSequence {
        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (--budget[0] < 0) {
                throw new BudgetExceeded();
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BudgetedChars(text.substring(start, end), budget);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
