package io.edgefleet.deployment.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaintenanceWindowTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static ZonedDateTime at(int day, int hour, int minute) {
        // 2026-11-23 is a Monday
        return ZonedDateTime.of(2026, 11, 23 + day, hour, minute, 0, 0, SHANGHAI);
    }

    @Test
    void aSameDayWindowIsOpenFromStartUntilJustBeforeEndOnItsDaysOnly() {
        MaintenanceWindow window = new MaintenanceWindow(Set.of(DayOfWeek.SATURDAY), LocalTime.of(2, 0), LocalTime.of(5, 0));

        assertThat(window.isOpen(at(5, 2, 0))).isTrue();
        assertThat(window.isOpen(at(5, 4, 59))).isTrue();
        assertThat(window.isOpen(at(5, 5, 0))).isFalse();
        assertThat(window.isOpen(at(5, 1, 59))).isFalse();
        assertThat(window.isOpen(at(4, 3, 0))).as("a Friday").isFalse();
    }

    @Test
    void aWindowPastMidnightBelongsToTheDayItOpens() {
        MaintenanceWindow window = new MaintenanceWindow(Set.of(DayOfWeek.FRIDAY), LocalTime.of(22, 0), LocalTime.of(2, 0));

        assertThat(window.isOpen(at(4, 23, 0))).as("Friday night").isTrue();
        assertThat(window.isOpen(at(5, 1, 30))).as("early Saturday").isTrue();
        assertThat(window.isOpen(at(5, 23, 0))).as("Saturday night").isFalse();
        assertThat(window.isOpen(at(4, 1, 30))).as("early Friday").isFalse();
    }

    @Test
    void theNextOpeningIsTheNextStartOnAnAllowedDay() {
        MaintenanceWindow window = new MaintenanceWindow(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), LocalTime.of(2, 0),
                LocalTime.of(5, 0));

        assertThat(window.nextOpening(at(0, 10, 0))).isEqualTo(at(5, 2, 0));
        assertThat(window.nextOpening(at(5, 3, 0))).isEqualTo(at(6, 2, 0));
        assertThat(window.nextOpening(at(5, 1, 0))).isEqualTo(at(5, 2, 0));
    }

    @Test
    void noDaysMeansEveryDay() {
        MaintenanceWindow window = new MaintenanceWindow(Set.of(), LocalTime.of(2, 0), LocalTime.of(5, 0));

        for (int day = 0; day < 7; day++) {
            assertThat(window.isOpen(at(day, 3, 0))).isTrue();
        }
    }
}
