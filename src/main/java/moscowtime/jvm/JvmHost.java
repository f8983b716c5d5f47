package moscowtime.jvm;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import moscowtime.core.ExitCode;
import moscowtime.core.Host;
import moscowtime.core.HostException;
import moscowtime.core.Port;

/**
 * The program's host on the JVM: the JDK's environment, clock and stdio, and a real HTTP server.
 */
final class JvmHost implements Host {
  // Unbuffered and unwrapped: System.out would swallow write errors (PrintStream only sets a flag).
  private final FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);

  @Override
  public String get(String name) {
    return System.getenv(name);
  }

  @Override
  public long epochSeconds() {
    return Math.floorDiv(System.currentTimeMillis(), 1000L);
  }

  @Override
  public void writeStdout(String ascii) {
    try {
      // By hand rather than getBytes(US_ASCII): StandardCharsets would load six charsets at
      // start-up.
      byte[] bytes = new byte[ascii.length()];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) ascii.charAt(i);
      }
      stdout.write(bytes);
      stdout.flush();
    } catch (IOException e) {
      throw new HostException("cannot write to stdout: " + e.getMessage());
    }
  }

  @Override
  public void log(String message) {
    System.err.println("moscow-time: " + message);
  }

  @Override
  public int serve() {
    String setting = get("PORT");
    int port = Port.parse(setting);
    if (port == Port.INVALID) {
      log(Port.invalid(setting));
      return ExitCode.USAGE;
    }
    return JvmServer.serve(this, port);
  }
}
