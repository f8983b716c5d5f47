package moscowtime.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.types.ExternalType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The built main.wasm, run in a real WebAssembly runtime (Chicory) in every mode. */
class WasmModuleIT {
  static final Pattern ONCE_JSON =
      Pattern.compile(
          "\\{\n  \"moscow_time\": \"(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}) MSK\",\n"
              + "  \"timestamp\": (\\d+)\n\\}\n");

  /** What both targets print for {@code MODE=sometimes}: one line naming the accepted values. */
  static final String UNKNOWN_MODE_LINE =
      "moscow-time: MODE=\"sometimes\" is not supported; use MODE=once, or MODE=server"
          + " (the default when MODE is unset or empty)\n";

  private static final DateTimeFormatter MOSCOW =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneId.of("Europe/Moscow"));

  /** Checks the once-mode document against clock readings taken around the run; returns it. */
  static long assertOnceJson(String output, long notBefore, long notAfter) {
    Matcher json = ONCE_JSON.matcher(output);
    assertTrue(json.matches(), () -> "not the once-mode JSON: " + output);
    long timestamp = Long.parseLong(json.group(2));
    assertTrue(
        notBefore <= timestamp && timestamp <= notAfter,
        () -> timestamp + " outside [" + notBefore + ", " + notAfter + "]");
    assertEquals(MOSCOW.format(Instant.ofEpochSecond(timestamp)), json.group(1));
    return timestamp;
  }

  private static WasmRun.Result wagi(String method, String pathInfo, String query, byte[] body) {
    return new WasmRun()
        .env(SpinRequest.env(method, pathInfo, query, body.length))
        .argv(SpinRequest.argv(pathInfo, query))
        .stdin(new ByteArrayInputStream(body))
        .run();
  }

  @Test
  void onceModePrintsTheTimeFromTheHostClock() {
    long before = Instant.now().getEpochSecond();
    WasmRun.Result run = new WasmRun().env("MODE", "once").run();
    long after = Instant.now().getEpochSecond();
    assertNull(run.trap());
    assertEquals(0, run.exitCode());
    assertEquals("", run.stderr());
    assertOnceJson(run.stdout(), before, after);
  }

  @ParameterizedTest(name = "{0} \"{1}\" ?{2} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET     | /          | ''      | 200",
        "GET     | ''         | ''      | 200",
        "GET     | /          | a=1&b=2 | 200",
        "HEAD    | /          | ''      | 200",
        "GET     | /healthz   | ''      | 200",
        "HEAD    | /healthz   | x=1     | 200",
        "GET     | /nope      | ''      | 404",
        "HEAD    | /nope      | ''      | 404",
        "GET     | /%68ealthz | ''      | 404",
        "GET     | /a%20b     | ''      | 404",
        "POST    | /          | ''      | 405",
        "PUT     | /healthz   | ''      | 405",
        "DELETE  | /          | ''      | 405",
        "POST    | /nope      | ''      | 404",
      })
  void answersEveryRouteAndMethodLikeTheServer(
      String method, String pathInfo, String query, int status) {
    long before = Instant.now().getEpochSecond();
    WasmRun.Result run = wagi(method, pathInfo, query, new byte[0]);
    long after = Instant.now().getEpochSecond();
    assertNull(run.trap());
    assertEquals(0, run.exitCode());
    WagiReply reply = WagiReply.of(run);
    assertEquals(status, reply.status());
    assertEquals("application/json", reply.headers().get("content-type"));
    assertEquals("no-store", reply.headers().get("cache-control"));
    assertEquals("nosniff", reply.headers().get("x-content-type-options"));
    assertEquals(status == 405 ? "GET, HEAD" : null, reply.headers().get("allow"));
    String body = reply.bodyText();
    if (method.equals("HEAD")) {
      assertEquals("", body);
    } else if (status == 200 && pathInfo.endsWith("healthz")) {
      assertEquals("{\"status\":\"ok\"}\n", body);
    } else if (status == 200) {
      assertOnceJson(body, before, after);
    } else {
      assertEquals(
          "{\"error\":\""
              + (status == 404 ? "not found" : "method not allowed")
              + "\",\"status\":"
              + status
              + "}\n",
          body);
    }
  }

  @Test
  void aRequestBodyOfAnySizeChangesNothing() {
    WasmRun.Result empty = wagi("GET", "/healthz", "", new byte[0]);
    WasmRun.Result large = wagi("GET", "/healthz", "", new byte[1 << 20]);
    WasmRun.Result post = wagi("POST", "/", "", "{\"x\":1}".getBytes());
    assertEquals(empty.stdout(), large.stdout());
    assertEquals(405, WagiReply.of(post).status());
    // The body is never read: an endless stdin still gets an answer.
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            return 'x';
          }
        };
    WasmRun.Result streaming =
        new WasmRun()
            .env(SpinRequest.env("POST", "/healthz", "", Long.MAX_VALUE))
            .argv(SpinRequest.argv("/healthz", ""))
            .stdin(endless)
            .run();
    assertEquals(405, WagiReply.of(streaming).status());
    assertTrue(streaming.wasiCalls().stream().noneMatch(call -> call.equals("fd_read")));
  }

  @Test
  void aMissingPathInfoMeansTheRoot() {
    Map<String, String> env = SpinRequest.env("GET", "/", "", 0);
    env.remove("PATH_INFO");
    WasmRun.Result run = new WasmRun().env(env).run();
    assertEquals(200, WagiReply.of(run).status());
  }

  @Test
  void serverModeExplainsThatWasiHasNoSocketsAndExits2() {
    for (String mode : new String[] {null, "", "server"}) {
      WasmRun run = new WasmRun();
      if (mode != null) {
        run.env("MODE", mode);
      }
      WasmRun.Result result = run.run();
      assertNull(result.trap());
      assertEquals(2, result.exitCode());
      assertEquals("", result.stdout());
      String message = result.stderr();
      assertAll(
          () -> assertTrue(message.contains("WASI Preview 1"), message),
          () -> assertTrue(message.contains("MODE=once"), message),
          () -> assertTrue(message.contains("spin up"), message),
          () -> assertEquals(1, message.lines().count(), message));
    }
  }

  @Test
  void anUnknownModeIsAUsageErrorOnOneLine() {
    WasmRun.Result run = new WasmRun().env("MODE", "sometimes").run();
    assertNull(run.trap());
    assertEquals(2, run.exitCode());
    assertEquals("", run.stdout());
    assertEquals(UNKNOWN_MODE_LINE, run.stderr());
  }

  @Test
  void instantiationMakesNoWasiCalls() {
    // Spin runs the start section before WASI is wired up: any WASI call there fails every request.
    WasmRun.Result run = new WasmRun().env("MODE", "once").run();
    assertEquals("-- instantiated", run.wasiCalls().get(0), run.wasiCalls().toString());
    assertTrue(run.wasiCalls().contains("clock_time_get"), run.wasiCalls().toString());
  }

  @Test
  void importsOnlyWasiPreview1AndExportsStartAndMemory() {
    var module = WasmRun.module();
    Set<String> modules = new HashSet<>();
    for (int i = 0; i < module.importSection().importCount(); i++) {
      modules.add(module.importSection().getImport(i).module());
    }
    assertEquals(Set.of("wasi_snapshot_preview1"), modules);
    // Least privilege: no filesystem (path_*, fd_prestat_*), no sockets (sock_*), no stdin reads.
    Set<String> functions = new HashSet<>();
    for (int i = 0; i < module.importSection().importCount(); i++) {
      functions.add(module.importSection().getImport(i).name());
    }
    Set<String> allowed =
        Set.of(
            "args_sizes_get",
            "args_get",
            "environ_sizes_get",
            "environ_get",
            "clock_time_get",
            "fd_write",
            "proc_exit");
    assertTrue(allowed.containsAll(functions), () -> "unexpected imports: " + functions);
    Map<String, ExternalType> exports = new java.util.HashMap<>();
    for (int i = 0; i < module.exportSection().exportCount(); i++) {
      var export = module.exportSection().getExport(i);
      exports.put(export.name(), export.exportType());
    }
    assertEquals(ExternalType.FUNCTION, exports.get("_start"));
    assertEquals(ExternalType.MEMORY, exports.get("memory"));
    assertNull(exports.get("cabi_realloc"), "Spin treats a module with cabi_realloc differently");
  }

  @Test
  void moduleIsAtMost100KiBAnd64KiBWhenBinaryenShrankIt() throws IOException {
    long shipped = Files.size(WasmRun.MODULE);
    long fromTeavm = Files.size(WasmRun.MODULE.getParent().resolveSibling("teavm/main.wasm"));
    System.out.printf(
        "main.wasm: %d bytes (%.1f KiB) shipped, %d bytes from TeaVM%n",
        shipped, shipped / 1024.0, fromTeavm);
    assertTrue(fromTeavm <= 100 * 1024, fromTeavm + " bytes from TeaVM, over 100 KiB");
    if (shipped != fromTeavm) {
      assertTrue(shipped <= 64 * 1024, shipped + " bytes after binaryen, over 64 KiB");
    }
  }

  @Test
  void argvIsIgnored() {
    WasmRun.Result plain = new WasmRun().env("MODE", "sometimes").run();
    WasmRun.Result odd =
        new WasmRun().env("MODE", "sometimes").argv(List.of("", "", "--x", "é", "")).run();
    assertEquals(plain.stderr(), odd.stderr());
    assertEquals(plain.exitCode(), odd.exitCode());
  }
}
