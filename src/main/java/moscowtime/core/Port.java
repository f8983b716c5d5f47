package moscowtime.core;

/** The server's {@code PORT} setting. */
public final class Port {
  public static final int DEFAULT = 8080;

  /** Returned by {@link #parse} for a value that is not a port. */
  public static final int INVALID = -1;

  private Port() {}

  /**
   * Unset or empty → {@link #DEFAULT}; decimal digits 0–65535 (0: any free port) → that number;
   * anything else (signs, hex, spaces, out of range) → {@link #INVALID}.
   */
  public static int parse(String value) {
    if (value == null || value.isEmpty()) {
      return DEFAULT;
    }
    if (value.length() > 5) {
      return INVALID;
    }
    int port = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return INVALID;
      }
      port = port * 10 + (c - '0');
    }
    return port <= 65_535 ? port : INVALID;
  }

  public static String invalid(String value) {
    return "PORT="
        + Text.quote(value)
        + " is not a port number; use 1-65535 (0 picks a free port), or leave PORT unset for "
        + DEFAULT;
  }
}
