package moscowtime.jvm;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import moscowtime.core.ExitCode;
import moscowtime.core.Host;
import sun.misc.Signal;

/**
 * Server mode on the JVM: HTTP/1.1 on one event loop per core, each answering from the core's
 * routes. Written for this one small response: the JDK's com.sun.net.httpserver reached a third of
 * nginx's throughput here (docs/benchmarks.md), an event loop that parses just what it needs does
 * not pay for a worker hand-off and header maps per request.
 */
final class JvmServer {
  /** Pending connections the kernel queues. */
  private static final int BACKLOG = 1024;

  private JvmServer() {}

  /** Serves on {@code port} (0: any free port) until SIGTERM or SIGINT; returns the exit code. */
  static int serve(Host host, int port) {
    ServerSocketChannel listener;
    try {
      listener = ServerSocketChannel.open();
      listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      listener.bind(new InetSocketAddress(port), BACKLOG);
    } catch (BindException e) {
      host.log("cannot listen on port " + port + ": " + e.getMessage());
      return ExitCode.FAILURE;
    } catch (IOException e) {
      host.log("cannot start the HTTP server on port " + port + ": " + e.getMessage());
      return ExitCode.FAILURE;
    }

    EventLoop[] loops = new EventLoop[Runtime.getRuntime().availableProcessors()];
    Thread[] threads = new Thread[loops.length];
    try {
      for (int i = 0; i < loops.length; i++) {
        loops[i] = new EventLoop(host);
        threads[i] = new Thread(loops[i], "moscow-time-loop-" + i);
        threads[i].start();
      }
    } catch (IOException e) {
      host.log("cannot start the HTTP server: " + e.getMessage());
      return ExitCode.FAILURE;
    }
    Thread acceptor = new Thread(() -> accept(listener, loops), "moscow-time-accept");
    acceptor.start();

    // Handled signals, so that a stop is a clean exit 0 rather than the JVM's 143 for SIGTERM.
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), signal -> stop.countDown());
    Signal.handle(new Signal("INT"), signal -> stop.countDown());
    host.log("listening on port " + listener.socket().getLocalPort());
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }

    // Stop accepting at once; the loops finish writing what is in flight (at most 1 s), then close.
    try {
      listener.close();
      acceptor.join();
      for (EventLoop loop : loops) {
        loop.stop();
      }
      for (Thread thread : threads) {
        thread.join();
      }
    } catch (IOException | InterruptedException e) {
      host.log("unclean stop: " + e.getMessage());
    }
    host.log("stopped");
    return ExitCode.OK;
  }

  private static void accept(ServerSocketChannel listener, EventLoop[] loops) {
    int next = 0;
    while (listener.isOpen()) {
      try {
        SocketChannel channel = listener.accept();
        // Small responses must not wait for the client's delayed ACK (Nagle): ~40 ms each.
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        loops[next].adopt(channel);
        next = (next + 1) % loops.length;
      } catch (IOException e) {
        if (!listener.isOpen()) {
          return; // closed by the stop
        }
        // A connection that failed while being accepted (reset, out of files): keep serving,
        // after a pause, so that a lasting failure does not spin this thread.
        try {
          Thread.sleep(10);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }
}
