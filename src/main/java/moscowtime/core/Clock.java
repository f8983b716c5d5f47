package moscowtime.core;

/** The host's real-time clock. */
public interface Clock {
  /**
   * Whole seconds since 1970-01-01T00:00:00Z.
   *
   * @throws HostException when the host cannot tell the time
   */
  long epochSeconds();
}
