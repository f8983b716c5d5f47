package moscowtime.jvm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import moscowtime.core.ExitCode;
import moscowtime.core.Host;
import moscowtime.core.HttpResponse;
import moscowtime.core.Routes;
import sun.misc.Signal;

/** Server mode on the JVM: the core's routes over the JDK's HTTP/1.1 server. */
final class JvmServer implements HttpHandler {
  /** How long in-flight requests get to finish once a stop is asked for. */
  private static final int DRAIN_SECONDS = 1;

  /** How long a request may take to arrive whole; a slower client is disconnected. */
  private static final int MAX_REQUEST_SECONDS = 5;

  /** Pending connections the kernel queues, and idle keep-alive connections the server keeps. */
  private static final int BACKLOG = 1024;

  private final Host host;

  private JvmServer(Host host) {
    this.host = host;
  }

  /** Serves on {@code port} (0: any free port) until SIGTERM or SIGINT; returns the exit code. */
  static int serve(Host host, int port) {
    // Read by the JDK server once, when it first loads: set before HttpServer.create.
    // Without TCP_NODELAY small responses wait on the client's delayed ACK (Nagle): ~40 ms each.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    // A request must arrive whole within 5 s and a response leave within 10 s: a client that
    // trickles bytes (slowloris) is cut off instead of holding a worker forever.
    System.setProperty("sun.net.httpserver.maxReqTime", String.valueOf(MAX_REQUEST_SECONDS));
    System.setProperty("sun.net.httpserver.maxRspTime", "10");
    // The JDK closes keep-alive connections beyond 200 idle ones (its default), which a client
    // with more connections sees as resets; allow as many as the accept backlog.
    System.setProperty("sun.net.httpserver.maxIdleConnections", String.valueOf(BACKLOG));
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), BACKLOG);
    } catch (BindException e) {
      host.log("cannot listen on port " + port + ": " + e.getMessage());
      return ExitCode.FAILURE;
    } catch (IOException e) {
      host.log("cannot start the HTTP server on port " + port + ": " + e.getMessage());
      return ExitCode.FAILURE;
    }
    ExecutorService workers =
        Executors.newFixedThreadPool(4 * Runtime.getRuntime().availableProcessors());
    server.setExecutor(workers);
    server.createContext("/", new JvmServer(host));

    // Handled signals, so that a stop is a clean exit 0 rather than the JVM's 143 for SIGTERM.
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), signal -> stop.countDown());
    Signal.handle(new Signal("INT"), signal -> stop.countDown());

    server.start();
    host.log("listening on port " + server.getAddress().getPort());
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.stop(DRAIN_SECONDS); // stops accepting at once, then waits for exchanges in flight
    workers.shutdown();
    host.log("stopped");
    return ExitCode.OK;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getRawPath();
      HttpResponse response =
          Routes.handle(exchange.getRequestMethod(), path == null ? "*" : path, host);
      for (String[] header : HttpResponse.FIXED_HEADERS) {
        exchange.getResponseHeaders().set(header[0], header[1]);
      }
      if (response.allow != null) {
        exchange.getResponseHeaders().set("Allow", response.allow);
      }
      byte[] body = response.body.getBytes(StandardCharsets.US_ASCII);
      if (response.omitBody) {
        // HEAD: the GET body's length, no body. -1 tells the JDK there is nothing to send.
        exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
        exchange.sendResponseHeaders(response.status, -1);
      } else {
        exchange.sendResponseHeaders(response.status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    } finally {
      exchange.close();
    }
  }
}
