package io.edgefleet.kit.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An edgefleet event: a structured-mode CloudEvent 1.0 with the {@code tenant} extension and JSON data.
 *
 * <p>Wire form (see {@code cloudevent.schema.json}): {@code specversion}, {@code id}, {@code source}
 * ({@code /edgefleet/<service>}), {@code type} ({@code io.edgefleet.<shortType>.v1}), {@code time},
 * optional {@code subject}, {@code tenant}, {@code datacontenttype application/json}, {@code data}. The
 * CloudEvents SDK's Jackson format writes and reads it.
 *
 * @param subject may be null
 * @param tenant  the tenant the event belongs to; null for a platform-scoped event (e.g. the audit entry of a call
 *                that concerns no tenant), which carries no {@code tenant} extension
 * @param data    a JSON object
 */
public record EventEnvelope(String id, String source, String type, OffsetDateTime time, String subject, String tenant,
                            JsonNode data) {

    public static final String TYPE_PREFIX = "io.edgefleet.";
    public static final String TYPE_SUFFIX = ".v1";
    public static final String CONTENT_TYPE = "application/json";

    private static final Pattern SHORT_TYPE = Pattern.compile("^[a-z][a-z-]*(\\.[a-z-]+)+$");
    private static final Pattern TYPE = Pattern.compile("^io\\.edgefleet\\.([a-z][a-z-]*(\\.[a-z-]+)+)\\.v[0-9]+$");
    private static final Pattern TENANT = Pattern.compile("^[a-z][a-z0-9-]{1,39}$");
    private static final JsonFormat FORMAT = new JsonFormat();

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("event type '" + type + "' is not io.edgefleet.<short type>.v<n>");
        }
        if (tenant != null && !TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("tenant '" + tenant + "' is not a valid tenant id");
        }
        if (!data.isObject()) {
            throw new IllegalArgumentException("event data must be a JSON object, got " + data.getNodeType());
        }
    }

    /**
     * A new event with a random UUID id and the current time (millisecond precision, UTC).
     *
     * @param service   producing service, e.g. {@code "registry"}
     * @param shortType e.g. {@code "endpoint.registered"}
     * @param subject   what the event is about (e.g. the endpoint id); may be null
     * @param data      anything {@link Json} can turn into a JSON object (record, map, ObjectNode)
     */
    public static EventEnvelope create(String service, String shortType, String tenant, String subject, Object data) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(shortType, "shortType");
        if (!SHORT_TYPE.matcher(shortType).matches()) {
            throw new IllegalArgumentException("short event type '" + shortType + "' is not like 'endpoint.registered'");
        }
        return new EventEnvelope(UUID.randomUUID().toString(), "/edgefleet/" + service,
                TYPE_PREFIX + shortType + TYPE_SUFFIX, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS),
                subject, tenant, Json.tree(data));
    }

    /** The short type, e.g. {@code endpoint.registered} for {@code io.edgefleet.endpoint.registered.v1}. */
    public String shortType() {
        var matcher = TYPE.matcher(type);
        if (!matcher.matches()) {
            throw new IllegalStateException("unreachable: type validated in constructor");
        }
        return matcher.group(1);
    }

    /**
     * The topic the event is published on: {@code fleet/v1/{tenant}/events/{shortType}}, or
     * {@code platform/v1/events/{shortType}} for a platform-scoped event.
     */
    public String topic() {
        return isPlatformScoped()
                ? "platform/v1/events/" + shortType()
                : "fleet/v1/" + tenant + "/events/" + shortType();
    }

    /** Whether the event concerns no tenant. */
    public boolean isPlatformScoped() {
        return tenant == null;
    }

    /** Structured CloudEvents JSON. */
    public String toJson() {
        return new String(toBytes(), StandardCharsets.UTF_8);
    }

    /** Structured CloudEvents JSON in a buffer, ready to publish. */
    public Buffer toBuffer() {
        return Buffer.buffer(toBytes());
    }

    private byte[] toBytes() {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(id)
                .withSource(URI.create(source))
                .withType(type)
                .withTime(time)
                .withData(CONTENT_TYPE, JsonCloudEventData.wrap(data));
        if (tenant != null) {
            builder.withExtension("tenant", tenant);
        }
        if (subject != null) {
            builder.withSubject(subject);
        }
        return FORMAT.serialize(builder.build());
    }

    /**
     * Reads a structured CloudEvent.
     *
     * @throws IllegalArgumentException when the bytes are not a CloudEvent edgefleet understands (not JSON,
     *                                  missing attributes, data not a JSON object, foreign type); an event
     *                                  without a tenant extension is platform-scoped (tenant null): a consumer
     *                                  of tenant topics must check the tenant against the topic
     */
    public static EventEnvelope parse(Buffer payload) {
        CloudEvent event;
        try {
            event = FORMAT.deserialize(payload.getBytes());
        } catch (EventDeserializationException | IllegalStateException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a CloudEvent: " + e.getMessage(), e);
        }
        if (event.getTime() == null) {
            throw new IllegalArgumentException("CloudEvent " + event.getId() + " has no time");
        }
        Object tenant = event.getExtension("tenant");
        if (event.getDataContentType() != null && !event.getDataContentType().startsWith(CONTENT_TYPE)) {
            throw new IllegalArgumentException("CloudEvent " + event.getId() + " has data content type "
                    + event.getDataContentType() + ", expected " + CONTENT_TYPE);
        }
        return new EventEnvelope(event.getId(), event.getSource().toString(), event.getType(), event.getTime(),
                event.getSubject(), tenant == null ? null : tenant.toString(), dataOf(event));
    }

    private static JsonNode dataOf(CloudEvent event) {
        CloudEventData data = event.getData();
        if (data == null) {
            throw new IllegalArgumentException("CloudEvent " + event.getId() + " has no data");
        }
        if (data instanceof JsonCloudEventData json) {
            return json.getNode();
        }
        return Json.parse(data.toBytes());
    }
}
