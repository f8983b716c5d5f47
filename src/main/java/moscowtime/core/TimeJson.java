package moscowtime.core;

/** The JSON documents the service answers with. Every byte is ASCII, so no encoder is needed. */
public final class TimeJson {
  private TimeJson() {}

  /** The once-mode document, also the body of {@code GET /}; ends with a newline. */
  public static String time(long epochSeconds) {
    StringBuilder out = new StringBuilder(80).append("{\n  \"moscow_time\": \"");
    out.append(MoscowClock.format(epochSeconds)).append("\",\n  \"timestamp\": ");
    if (epochSeconds < 0) {
      out.append('-');
    }
    return MoscowClock.pad(out, epochSeconds < 0 ? -epochSeconds : epochSeconds, 1)
        .append("\n}\n")
        .toString();
  }

  public static String health() {
    return "{\"status\":\"ok\"}\n";
  }

  /** An error body; {@code message} is one of this package's fixed ASCII texts. */
  public static String error(int status, String message) {
    return "{\"error\":\"" + message + "\",\"status\":" + status + "}\n";
  }
}
