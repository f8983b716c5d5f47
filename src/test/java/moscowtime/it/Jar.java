package moscowtime.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The built jar as a child process, the way a user runs it: {@code java -jar moscow-time.jar}. */
final class Jar {
  static final Path JAR =
      Path.of(System.getProperty("moscowtime.jar", "target/moscow-time.jar")).toAbsolutePath();
  private static final Pattern LISTENING = Pattern.compile("moscow-time: listening on port (\\d+)");

  private Jar() {}

  record Exit(int code, String stdout, String stderr) {}

  static ProcessBuilder command(Map<String, String> env) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR.toString());
    builder.environment().remove("MODE");
    builder.environment().remove("PORT");
    builder.environment().remove("REQUEST_METHOD");
    builder.environment().putAll(env);
    return builder;
  }

  /** Runs to completion (at most 30 s) and collects both streams. */
  static Exit run(Map<String, String> env) throws IOException, InterruptedException {
    Process process = command(env).start();
    process.getOutputStream().close();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the jar did not exit within 30 s");
    }
    return new Exit(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  /** A running server on a free port; {@link #stop} sends SIGTERM. */
  static final class Server implements AutoCloseable {
    final Process process;
    final int port;
    // stderr goes to a file: reading a child's pipe while it exits can fail with "Stream closed".
    private final Path stderr;

    Server() throws IOException, InterruptedException {
      stderr = Files.createTempFile("moscow-time-server", ".log");
      process = command(Map.of("PORT", "0")).redirectError(stderr.toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      Matcher listening = LISTENING.matcher("");
      while (!listening.find() && process.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
        listening = LISTENING.matcher(log());
      }
      if (!listening.find(0)) {
        process.destroyForcibly();
        throw new AssertionError("no 'listening' line within 30 s; stderr: " + log());
      }
      port = Integer.parseInt(listening.group(1));
    }

    /** What the server wrote to stderr so far. */
    String log() throws IOException {
      return Files.readString(stderr);
    }

    /** SIGTERM, then waits (at most 10 s) for the exit; returns the exit code. */
    int stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the server did not stop within 10 s of SIGTERM");
      }
      return process.exitValue();
    }

    @Override
    public void close() throws IOException {
      process.destroyForcibly();
      Files.deleteIfExists(stderr);
    }
  }
}
