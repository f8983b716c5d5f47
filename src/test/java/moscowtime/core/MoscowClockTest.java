package moscowtime.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The integer calendar arithmetic against java.time's rules for Europe/Moscow. */
class MoscowClockTest {
  private static final DateTimeFormatter MOSCOW =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneId.of("Europe/Moscow"));

  /** Moscow's last change of offset: 2014-10-26T02:00 local, back to UTC+3 for good. */
  private static final long FROM = Instant.parse("2014-10-26T00:00:00Z").getEpochSecond();

  private static final long TO = Instant.parse("2100-12-31T23:59:59Z").getEpochSecond();

  private static String expected(long epochSeconds) {
    return MOSCOW.format(Instant.ofEpochSecond(epochSeconds)) + " MSK";
  }

  @Test
  void matchesJavaTimeForAMillionInstantsFrom2014To2100() {
    SplittableRandom random = new SplittableRandom(20141026L);
    int checked = 0;
    for (int i = 0; i < 1_000_000; i++) {
      long instant = random.nextLong(FROM, TO + 1);
      assertEquals(expected(instant), MoscowClock.format(instant), () -> "at " + instant);
      checked++;
    }
    assertEquals(1_000_000, checked);
  }

  @Test
  void matchesJavaTimeAtEveryMidnightAndSecondAroundIt() {
    // Every day boundary in the range, so each month end, year end and leap day is crossed.
    for (long midnight = FROM; midnight <= TO; midnight += 86_400) {
      for (long instant = midnight - 1; instant <= midnight + 1; instant++) {
        assertEquals(expected(instant), MoscowClock.format(instant));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2014-10-25T22:00:00Z", // the switch to permanent UTC+3
        "2016-02-28T21:00:00Z", // Moscow midnight starting a leap day
        "2016-02-29T20:59:59Z",
        "2016-02-29T21:00:00Z",
        "2019-12-31T20:59:59Z", // Moscow new year, still the old year in UTC
        "2019-12-31T21:00:00Z",
        "2024-02-29T12:00:00Z",
        "2030-04-30T21:00:00Z", // month ends: 30 and 31 days
        "2030-05-31T21:00:00Z",
        "2038-01-19T03:14:07Z", // the largest 32-bit time_t
        "2038-01-19T03:14:08Z", // and one past it
        "2099-12-31T21:00:00Z",
        "2100-02-28T20:59:59Z",
        "2100-02-28T21:00:00Z", // 2100 is not a leap year: March 1st follows February 28th
        "2100-03-01T00:00:00Z",
      })
  void matchesJavaTimeAtTheEdges(String instant) {
    long epochSeconds = Instant.parse(instant).getEpochSecond();
    assertEquals(expected(epochSeconds), MoscowClock.format(epochSeconds));
  }

  @Test
  void formatsKnownInstantsExactly() {
    assertEquals("2025-11-15 23:00:02 MSK", MoscowClock.format(1_763_236_802L));
    assertEquals("2100-03-01 03:00:00 MSK", MoscowClock.format(4_107_542_400L));
    assertEquals("1970-01-01 03:00:00 MSK", MoscowClock.format(0));
    assertEquals("1969-12-31 23:59:59 MSK", MoscowClock.format(-4 * 3600 + 3599));
  }
}
