package io.edgefleet.deployment.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A daily window, in an endpoint's local time, during which a rollout may update the endpoint. A window whose end lies
 * before its start runs past midnight and belongs to the day it opens on.
 *
 * @param days  the days on which the window opens
 * @param start local opening time
 * @param end   local closing time
 */
public record MaintenanceWindow(Set<DayOfWeek> days, LocalTime start, LocalTime end) {

    public MaintenanceWindow {
        days = days.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : EnumSet.copyOf(days);
        if (start.equals(end)) {
            throw new IllegalArgumentException("a maintenance window needs different start and end times");
        }
    }

    /** Reads the {@code maintenanceWindow} member of a rollout that passed the app schema. */
    public static MaintenanceWindow fromJson(JsonNode json) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        json.path("days").forEach(day -> days.add(day(day.asText())));
        return new MaintenanceWindow(days, LocalTime.parse(json.get("start").asText()),
                LocalTime.parse(json.get("end").asText()));
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        if (days.size() < 7) {
            days.forEach(day -> json.withArray("days").add(day.name().substring(0, 3).toLowerCase(Locale.ROOT)));
        }
        json.put("start", start.toString());
        json.put("end", end.toString());
        return json;
    }

    /** Whether the window is open at that local time. */
    public boolean isOpen(ZonedDateTime local) {
        LocalTime time = local.toLocalTime();
        if (start.isBefore(end)) {
            return days.contains(local.getDayOfWeek()) && !time.isBefore(start) && time.isBefore(end);
        }
        // past midnight: open from start on an allowed day, or before end on the day after an allowed one
        return (days.contains(local.getDayOfWeek()) && !time.isBefore(start))
                || (days.contains(local.getDayOfWeek().minus(1)) && time.isBefore(end));
    }

    /** The next time, at or after {@code local}, that the window opens (in the same zone). */
    public ZonedDateTime nextOpening(ZonedDateTime local) {
        ZonedDateTime candidate = local.truncatedTo(ChronoUnit.DAYS).with(start);
        for (int i = 0; i < 8; i++) {
            if (!candidate.isBefore(local) && days.contains(candidate.getDayOfWeek())) {
                return candidate;
            }
            candidate = candidate.plus(Duration.ofDays(1)).with(start);
        }
        throw new IllegalStateException("a window with at least one day opens within a week");
    }

    private static DayOfWeek day(String name) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().substring(0, 3).equalsIgnoreCase(name)) {
                return day;
            }
        }
        throw new IllegalArgumentException("not a day: " + name);
    }
}
