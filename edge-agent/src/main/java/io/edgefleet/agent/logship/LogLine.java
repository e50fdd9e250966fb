package io.edgefleet.agent.logship;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One shipped line ({@code logs.schema.json}, {@code lines} item).
 *
 * @param at        the engine's timestamp
 * @param container the container's name
 * @param app       the app of a managed container
 * @param stream    {@code stdout} or {@code stderr}
 * @param text      the line, at most {@link #MAX_TEXT} characters
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogLine(Instant at, String container, String app, String stream, String text) {

    /** The schema's limit; longer lines are cut. */
    public static final int MAX_TEXT = 16_384;

    public LogLine {
        text = cut(text);
    }

    static String cut(String text) {
        if (text.length() <= MAX_TEXT) {
            return text;
        }
        int end = MAX_TEXT;
        // never split a surrogate pair: half a character is not valid text
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
