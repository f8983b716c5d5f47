package moscowtime.core;

/**
 * Unix seconds to Moscow wall-clock time. Moscow has kept UTC+03:00 all year since 2014-10-26, so a
 * fixed offset is exact for every instant the clock can report today; integer civil-date arithmetic
 * (no java.time) keeps the WASI module small and free of imports no host provides.
 */
public final class MoscowClock {
  static final int UTC_OFFSET_SECONDS = 3 * 3600;
  private static final int SECONDS_PER_DAY = 86_400;

  private MoscowClock() {}

  /** Formats {@code epochSeconds} as {@code yyyy-MM-dd HH:mm:ss MSK}. */
  public static String format(long epochSeconds) {
    long local = epochSeconds + UTC_OFFSET_SECONDS;
    long days = floorDiv(local, SECONDS_PER_DAY);
    int secondOfDay = (int) (local - days * SECONDS_PER_DAY);

    // Days since 1970-01-01 to a proleptic Gregorian date, in 400-year eras starting on March 1st
    // (Howard Hinnant's days_from_civil inverse), so that leap days fall at the end of each year.
    long shifted = days + 719_468;
    long era = floorDiv(shifted, 146_097);
    int dayOfEra = (int) (shifted - era * 146_097);
    int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    int monthFromMarch = (5 * dayOfYear + 2) / 153;
    int day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1;
    int month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);

    StringBuilder out = new StringBuilder(23);
    if (year < 0) {
      out.append('-');
      year = -year;
    }
    pad(out, year, 4).append('-');
    pad(out, month, 2).append('-');
    pad(out, day, 2).append(' ');
    pad(out, secondOfDay / 3600, 2).append(':');
    pad(out, secondOfDay / 60 % 60, 2).append(':');
    pad(out, secondOfDay % 60, 2);
    return out.append(" MSK").toString();
  }

  /**
   * Appends {@code value} (not negative) in decimal, zero-padded to {@code width}. Hand-written:
   * the WASI module is a third smaller without TeaVM's general number formatting.
   */
  static StringBuilder pad(StringBuilder out, long value, int width) {
    char[] digits = new char[20];
    int start = digits.length;
    do {
      digits[--start] = (char) ('0' + value % 10);
      value /= 10;
    } while (value != 0);
    for (int i = digits.length - start; i < width; i++) {
      out.append('0');
    }
    return out.append(digits, start, digits.length - start);
  }

  // Math.floorDiv is avoided on purpose: only plain integer operations are safe on the WASI target.
  private static long floorDiv(long dividend, long divisor) {
    long quotient = dividend / divisor;
    return (dividend % divisor < 0) ? quotient - 1 : quotient;
  }
}
