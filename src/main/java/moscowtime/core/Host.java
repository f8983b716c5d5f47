package moscowtime.core;

/** What a platform gives the program: environment, clock, output and, where it can, a server. */
public interface Host extends Environment, Clock {
  /**
   * Writes all of {@code ascii} to standard output.
   *
   * @throws HostException when it cannot be written in full
   */
  void writeStdout(String ascii);

  /**
   * One line for the person running the program (what went wrong, or what the server is doing) on
   * standard error, prefixed with the program's name. Best effort: a failure here has nowhere to
   * go.
   */
  void log(String message);

  /** Server mode: serves until stopped, or explains why it cannot; returns the exit code. */
  int serve();
}
