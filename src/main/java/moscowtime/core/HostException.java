package moscowtime.core;

/** A host facility (clock, output) failed; the message says which and how, for a person to read. */
public final class HostException extends RuntimeException {
  public HostException(String message) {
    super(message);
  }
}
