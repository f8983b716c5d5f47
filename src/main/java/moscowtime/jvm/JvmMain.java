package moscowtime.jvm;

import moscowtime.core.MoscowTime;

/** Entry point of the jar. */
public final class JvmMain {
  private JvmMain() {}

  public static void main(String[] args) {
    System.exit(MoscowTime.run(new JvmHost()));
  }
}
