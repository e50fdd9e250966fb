package io.edgefleet.agent.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns docker-java's exceptions into {@link RuntimeFailure}s with the engine's own words. */
final class DockerFailures {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** docker-java's message for an HTTP error: {@code Status 404: {"message":"No such container: x"}}. */
    private static final Pattern STATUS = Pattern.compile("(?s)^Status (\\d{3}): (.*)$");

    private DockerFailures() {
    }

    /**
     * The failure for {@code e}, thrown while the runtime was doing {@code what} (e.g. {@code starting container
     * web}); the message reads {@code <what>: <engine's reason>}.
     */
    static RuntimeFailure map(String what, RuntimeException e) {
        if (e instanceof RuntimeFailure failure) {
            return failure;
        }
        String reason = reason(e);
        RuntimeFailure.Kind kind;
        if (reason.toLowerCase(Locale.ROOT).contains("no space left on device")) {
            kind = RuntimeFailure.Kind.NO_SPACE;
        } else if (e instanceof NotFoundException) {
            kind = RuntimeFailure.Kind.NOT_FOUND;
        } else if (e instanceof ConflictException) {
            kind = RuntimeFailure.Kind.CONFLICT;
        } else if (e instanceof BadRequestException) {
            kind = RuntimeFailure.Kind.INVALID;
        } else {
            kind = RuntimeFailure.Kind.ENGINE;
        }
        return new RuntimeFailure(kind, what + ": " + reason, e);
    }

    /** The engine's reason: the {@code message} of its error body, else the exception's own message. */
    static String reason(Throwable e) {
        if (e instanceof DockerException && e.getMessage() != null) {
            String message = e.getMessage().trim();
            Matcher status = STATUS.matcher(message);
            while (status.matches()) {
                message = status.group(2).trim();
                status = STATUS.matcher(message);
            }
            return engineMessage(message);
        }
        Throwable io = e;
        while (io != null && !(io instanceof IOException)) {
            io = io.getCause();
        }
        if (io != null) {
            return "the Docker engine cannot be reached (" + io + ")";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage().trim();
    }

    /** The {@code message} member of an engine error body, or the body itself when it is not that JSON. */
    static String engineMessage(String body) {
        try {
            JsonNode json = MAPPER.readTree(body);
            if (json != null && json.hasNonNull("message")) {
                return json.get("message").asText().trim();
            }
        } catch (IOException e) {
            // not JSON: the body is the message
        }
        return body;
    }
}
