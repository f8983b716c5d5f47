package moscowtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile WAGI requests against the built main.wasm in Chicory: the shared table in
 * hostile-wagi.json (also run in the wasmtime engine by tests/reliability), then a seeded random
 * run. Every request must get a well-formed reply with the right status and exit 0: Spin turns a
 * trap or a non-zero exit into an empty 500.
 */
class HostileWagiIT {
  static final Path TABLE = Path.of("src/test/resources/hostile-wagi.json");

  static Stream<Arguments> table() throws IOException {
    JsonNode cases = new ObjectMapper().readTree(TABLE.toFile()).get("cases");
    List<Arguments> arguments = new ArrayList<>();
    cases.forEach(c -> arguments.add(Arguments.of(c.get("name").asText(), c)));
    assertTrue(arguments.size() >= 40, "the table holds " + arguments.size() + " cases");
    return arguments.stream();
  }

  /** One table case as raw {@code environ} entries, argv and stdin, built the way Spin would. */
  static WasmRun request(JsonNode c) {
    String method = c.get("method").asText();
    String path = c.hasNonNull("path") ? c.get("path").asText() : null;
    if (path != null && c.has("pathPad")) {
      path += "a".repeat(c.get("pathPad").asInt());
    }
    String query = c.has("query") ? (c.get("query").isNull() ? null : c.get("query").asText()) : "";
    int body = c.has("body") ? c.get("body").asInt() : 0;
    Map<String, String> spin =
        SpinRequest.env(method, path == null ? "/" : path, query == null ? "" : query, body);
    if (path == null) {
      spin.remove("PATH_INFO");
    }
    if (query == null) {
      spin.remove("QUERY_STRING");
    }
    if (c.has("contentLength")) {
      spin.put("CONTENT_LENGTH", c.get("contentLength").asText());
    }
    for (int i = 0; i < (c.has("headers") ? c.get("headers").asInt() : 0); i++) {
      spin.put("HTTP_X_PAD_" + i, "p".repeat(1000));
    }
    List<byte[]> environ = new ArrayList<>();
    addEntries(environ, c.get("envFirst"));
    spin.forEach((name, value) -> environ.add(latin1(name + "=" + value)));
    addEntries(environ, c.get("env"));
    List<String> argv = new ArrayList<>();
    if (c.has("argv")) {
      c.get("argv").forEach(a -> argv.add(a.asText()));
    } else {
      argv.addAll(SpinRequest.argv(path == null ? "/" : path, query == null ? "" : query));
    }
    return new WasmRun().rawEnviron(environ).argv(argv).stdin(zeros(body));
  }

  private static void addEntries(List<byte[]> environ, JsonNode entries) {
    if (entries != null) {
      entries.forEach(
          e ->
              environ.add(
                  latin1(e.get(0).asText() + (e.get(1).isNull() ? "" : "=" + e.get(1).asText()))));
    }
  }

  /** The table's strings are bytes, one char each. */
  static byte[] latin1(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static InputStream zeros(long size) {
    return new InputStream() {
      private long left = size;

      @Override
      public int read() {
        return left-- > 0 ? 0 : -1;
      }
    };
  }

  static void assertWellFormed(WasmRun.Result run, String method, int status) {
    assertNull(run.trap(), () -> "trapped: " + run.trap());
    assertEquals(0, run.exitCode(), run::stderr);
    assertEquals("", run.stderr());
    WagiReply reply = WagiReply.of(run);
    assertEquals(status, reply.status(), run::stdout);
    assertEquals("application/json", reply.headers().get("content-type"));
    assertEquals("nosniff", reply.headers().get("x-content-type-options"));
    assertEquals("no-store", reply.headers().get("cache-control"));
    String body = reply.bodyText();
    if (method.equals("HEAD")) {
      assertEquals("", body);
    } else {
      assertTrue(body.startsWith("{") && body.endsWith("}\n"), body);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void everyHostileRequestGetsAWellFormedReply(String name, JsonNode c) {
    assertWellFormed(request(c).run(), c.get("method").asText(), c.get("status").asInt());
  }

  @Test
  void aThousandSeededRandomRequestsNeverTrapAndAlwaysParse() {
    SplittableRandom random = new SplittableRandom(0x5eed);
    String[] methods = {"GET", "HEAD", "POST", "PUT", "get", "", "X"};
    String[] paths = {"/", "", "/healthz", "/nope", "//", "/%zz", "/\u00ff", "/healthz/"};
    for (int i = 0; i < 1000; i++) {
      String method = methods[random.nextInt(methods.length)];
      String path = paths[random.nextInt(paths.length)] + randomBytes(random, random.nextInt(4));
      List<byte[]> environ = new ArrayList<>();
      SpinRequest.env(method, path, randomBytes(random, random.nextInt(8)), 0)
          .forEach((k, v) -> environ.add(latin1(k + "=" + v)));
      for (int extra = random.nextInt(5); extra > 0; extra--) {
        environ.add(latin1("HTTP_X_" + extra + "=" + randomBytes(random, random.nextInt(200))));
      }
      WasmRun.Result run =
          new WasmRun()
              .rawEnviron(environ)
              .stdin(zeros(random.nextInt(4096)))
              .argv(List.of(path, randomBytes(random, 3)))
              .run();
      int expected =
          path.equals("/") || path.isEmpty() || path.equals("/healthz")
              ? (method.equals("GET") || method.equals("HEAD") ? 200 : 405)
              : 404;
      int seed = i;
      assertNull(run.trap(), () -> "request " + seed + " trapped");
      assertEquals(0, run.exitCode(), () -> "request " + seed + ": " + run.stderr());
      assertEquals(expected, WagiReply.of(run).status(), () -> "request " + seed);
    }
  }

  /** Random bytes other than NUL and '=' (which would end or split an environ entry). */
  private static String randomBytes(SplittableRandom random, int length) {
    StringBuilder out = new StringBuilder();
    while (out.length() < length) {
      char c = (char) random.nextInt(1, 256);
      if (c != '=') {
        out.append(c);
      }
    }
    return out.toString();
  }
}
