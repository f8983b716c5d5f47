package moscowtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The built jar, as a child process: once mode, bad settings, and server mode over real HTTP. */
class JarIT {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static HttpResponse<String> send(int port, String method, String path)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10))
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void onceModePrintsTheTimeAndExits0() throws Exception {
    long before = Instant.now().getEpochSecond();
    Jar.Exit exit = Jar.run(Map.of("MODE", "once"));
    long after = Instant.now().getEpochSecond();
    assertEquals(0, exit.code(), exit.stderr());
    assertEquals("", exit.stderr());
    WasmModuleIT.assertOnceJson(exit.stdout(), before, after);
  }

  @Test
  void anUnknownModeIsAUsageErrorOnOneLine() throws Exception {
    Jar.Exit exit = Jar.run(Map.of("MODE", "sometimes"));
    assertEquals(2, exit.code());
    assertEquals("", exit.stdout());
    assertEquals(WasmModuleIT.UNKNOWN_MODE_LINE, exit.stderr());
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "-1", "0x50", "70000", " 80"})
  void anInvalidPortIsAUsageErrorOnOneLine(String port) throws Exception {
    Jar.Exit exit = Jar.run(Map.of("PORT", port));
    assertEquals(2, exit.code());
    assertTrue(exit.stderr().startsWith("moscow-time: PORT=\""), exit.stderr());
    assertEquals(1, exit.stderr().lines().count(), exit.stderr());
  }

  @Test
  void serverAnswersEveryRouteAndStopsCleanlyOnSigterm() throws Exception {
    try (Jar.Server server = new Jar.Server()) {
      long before = Instant.now().getEpochSecond();
      HttpResponse<String> root = send(server.port, "GET", "/?ignored=1");
      long after = Instant.now().getEpochSecond();
      assertEquals(200, root.statusCode());
      WasmModuleIT.assertOnceJson(root.body(), before, after);
      assertHeaders(root);
      assertEquals(
          String.valueOf(root.body().length()),
          root.headers().firstValue("content-length").orElse(null));

      HttpResponse<String> head = send(server.port, "HEAD", "/");
      assertEquals(200, head.statusCode());
      assertEquals("", head.body());
      assertEquals(
          root.headers().firstValue("content-length"), head.headers().firstValue("content-length"));
      assertHeaders(head);

      HttpResponse<String> health = send(server.port, "GET", "/healthz");
      assertEquals(200, health.statusCode());
      assertEquals("{\"status\":\"ok\"}\n", health.body());
      assertHeaders(health);

      HttpResponse<String> missing = send(server.port, "GET", "/nope");
      assertEquals(404, missing.statusCode());
      assertEquals("{\"error\":\"not found\",\"status\":404}\n", missing.body());
      assertHeaders(missing);

      for (String method : new String[] {"POST", "PUT", "DELETE"}) {
        HttpResponse<String> refused = send(server.port, method, "/healthz");
        assertEquals(405, refused.statusCode());
        assertEquals("GET, HEAD", refused.headers().firstValue("allow").orElse(null));
        assertHeaders(refused);
      }
      assertTrue(root.headers().firstValue("server").isEmpty(), "no server banner");

      assertEquals(0, server.stop());
      assertTrue(server.log().endsWith("moscow-time: stopped\n"), server.log());
    }
  }

  @Test
  void serverAnswersPipelinedRequestsInOrderAndMalformedOnesWithJson() throws Exception {
    try (Jar.Server server = new Jar.Server();
        Socket socket = new Socket("127.0.0.1", server.port)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                      + "DELETE / HTTP/1.1\r\nHost: x\r\n\r\n"
                      + "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String replies =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      int ok = replies.indexOf("HTTP/1.1 200 OK");
      int refused = replies.indexOf("HTTP/1.1 405 Method Not Allowed");
      int missing = replies.indexOf("HTTP/1.1 404 Not Found");
      assertTrue(0 == ok && ok < refused && refused < missing, replies);
      assertTrue(replies.endsWith("{\"error\":\"not found\",\"status\":404}\n"), replies);
    }
    try (Jar.Server server = new Jar.Server();
        Socket socket = new Socket("127.0.0.1", server.port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("BAD REQUEST\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertTrue(reply.startsWith("HTTP/1.1 400 Bad Request\r\n"), reply);
      assertTrue(reply.contains("\r\nContent-Type: application/json\r\n"), reply);
      assertTrue(reply.contains("\r\nX-Content-Type-Options: nosniff\r\n"), reply);
      assertTrue(reply.contains("\r\nConnection: close\r\n"), reply);
      assertTrue(reply.endsWith("{\"error\":\"malformed request line\",\"status\":400}\n"), reply);
    }
  }

  @Test
  void serverAnswers32ConcurrentClients() throws Exception {
    int clients = 32;
    int requestsEach = 50;
    try (Jar.Server server = new Jar.Server()) {
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      try {
        List<Future<Integer>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
          int client = c;
          results.add(
              pool.submit(
                  () -> {
                    int ok = 0;
                    for (int i = 0; i < requestsEach; i++) {
                      String path = (client + i) % 2 == 0 ? "/" : "/healthz";
                      HttpResponse<String> response = send(server.port, "GET", path);
                      if (response.statusCode() == 200 && response.body().endsWith("}\n")) {
                        ok++;
                      }
                    }
                    return ok;
                  }));
        }
        int ok = 0;
        for (Future<Integer> result : results) {
          ok += result.get();
        }
        assertEquals(clients * requestsEach, ok);
      } finally {
        pool.shutdownNow();
      }
      assertEquals(0, server.stop());
    }
  }

  @Test
  void aPortInUseIsAClearErrorAndANonZeroExit() throws Exception {
    try (Jar.Server first = new Jar.Server()) {
      Jar.Exit second = Jar.run(Map.of("PORT", String.valueOf(first.port)));
      assertNotEquals(0, second.code());
      assertTrue(
          second.stderr().startsWith("moscow-time: cannot listen on port " + first.port),
          second.stderr());
      assertEquals(1, second.stderr().lines().count(), second.stderr());
      first.stop();
    }
  }

  private static void assertHeaders(HttpResponse<String> response) {
    assertEquals("application/json", response.headers().firstValue("content-type").orElse(null));
    assertEquals("no-store", response.headers().firstValue("cache-control").orElse(null));
    assertEquals("nosniff", response.headers().firstValue("x-content-type-options").orElse(null));
  }
}
