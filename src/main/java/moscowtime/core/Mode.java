package moscowtime.core;

/**
 * What one run of the program does, decided from the environment alone. Int constants rather than
 * an enum: an enum adds about a kilobyte to the WASI module, whose size is a target.
 */
public final class Mode {
  /** A WAGI host (Spin) set {@code REQUEST_METHOD}: answer one request on stdout, CGI-style. */
  public static final int WAGI = 0;

  /** {@code MODE=once}: print the time once and exit. */
  public static final int ONCE = 1;

  /** {@code MODE} unset, empty or {@code server}: serve HTTP, where the host can. */
  public static final int SERVER = 2;

  /** Any other {@code MODE}: a usage error. */
  public static final int INVALID = 3;

  private Mode() {}

  public static int select(Environment env) {
    if (env.get("REQUEST_METHOD") != null) {
      return WAGI;
    }
    String mode = env.get("MODE");
    if ("once".equals(mode)) {
      return ONCE;
    }
    if (mode == null || mode.isEmpty() || mode.equals("server")) {
      return SERVER;
    }
    return INVALID;
  }

  /** The one-line message for {@link #INVALID}. */
  public static String usage(String mode) {
    return "MODE="
        + Text.quote(mode)
        + " is not supported; use MODE=once, or MODE=server (the default when MODE is unset or empty)";
  }
}
