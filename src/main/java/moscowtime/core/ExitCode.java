package moscowtime.core;

/** Process exit codes, the same on every host. */
public final class ExitCode {
  public static final int OK = 0;

  /** The host failed: no clock, output not writable, port not available. */
  public static final int FAILURE = 1;

  /** The program was asked for something it cannot do: a bad MODE or PORT, server mode on WASI. */
  public static final int USAGE = 2;

  private ExitCode() {}
}
