package moscowtime.core;

/** The process environment, as the host sees it. */
public interface Environment {
  /** The value of {@code name}, or null when it is not set. */
  String get(String name);
}
