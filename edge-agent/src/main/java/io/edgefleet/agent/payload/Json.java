package io.edgefleet.agent.payload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The one JSON mapping the agent's payloads use: ISO-8601 instants, UTF-8 bytes. */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // a file written by a newer agent must not be lost after a downgrade
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // a payload is one document: "{...} garbage" is refused, not read up to the end of its first value
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /** Serialises a payload record to UTF-8 JSON. */
    public static byte[] bytes(Object payload) {
        try {
            return MAPPER.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + payload.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads a payload from the platform: one JSON document in UTF-8.
     *
     * @return the document; a {@code MissingNode} when the payload is empty
     * @throws IOException when it is not UTF-8 (the parser itself lets overlong and truncated sequences through) or not
     *                     one JSON document; the message says where
     */
    public static JsonNode tree(byte[] payload) throws IOException {
        int i = 0;
        while (i < payload.length && payload[i] >= 0) {
            i++;
        }
        if (i < payload.length) {
            ByteBuffer in = ByteBuffer.wrap(payload);
            CoderResult result = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(in, CharBuffer.allocate(payload.length), true);
            if (result.isError()) {
                throw new CharacterCodingException() {
                    @Override
                    public String getMessage() {
                        return "not UTF-8: invalid byte sequence at byte " + in.position();
                    }
                };
            }
        }
        return MAPPER.readTree(payload);
    }

    /** The shared mapper, for reading payloads back (tests, the state store). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
