package moscowtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

/** Host faults under the built main.wasm: a clear message, a defined exit code, never a trap. */
class WasmFaultsIT {
  /** WASI's ENOSYS: the host has no such function. */
  private static final int ENOSYS = 52;

  /** A stdout that takes {@code accepted} bytes, then fails every write. */
  private static OutputStream failingAfter(int accepted, ByteArrayOutputStream taken) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        if (taken.size() >= accepted) {
          throw new IOException("stdout refuses writes");
        }
        taken.write(b);
      }
    };
  }

  @Test
  void onceModeWithAStdoutThatRefusesWritesSaysSoAndExits1() {
    for (int accepted : new int[] {0, 10}) {
      ByteArrayOutputStream taken = new ByteArrayOutputStream();
      WasmRun.Result run =
          new WasmRun().env("MODE", "once").stdout(failingAfter(accepted, taken)).run();
      assertNull(run.trap());
      assertEquals(1, run.exitCode());
      assertTrue(run.stderr().startsWith("moscow-time: cannot write to stdout"), run.stderr());
      assertTrue(taken.size() <= accepted);
    }
  }

  @Test
  void wagiWithAStdoutThatRefusesWritesSaysSoAndExits1() {
    WasmRun.Result run =
        new WasmRun()
            .env(SpinRequest.env("GET", "/", "", 0))
            .stdout(failingAfter(0, new ByteArrayOutputStream()))
            .run();
    assertNull(run.trap());
    assertEquals(1, run.exitCode());
    assertTrue(run.stderr().contains("cannot write to stdout"), run.stderr());
  }

  @Test
  void aClosedStdinChangesNothing() {
    InputStream closed =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("stdin is closed");
          }
        };
    WasmRun.Result run =
        new WasmRun().env(SpinRequest.env("POST", "/healthz", "", 100)).stdin(closed).run();
    assertNull(run.trap());
    assertEquals(0, run.exitCode());
    assertEquals(405, WagiReply.of(run).status());
  }

  @Test
  void onceModeWithoutAClockSaysSoExits1AndPrintsNoJson() {
    WasmRun.Result run = new WasmRun().env("MODE", "once").clockFails(ENOSYS).run();
    assertNull(run.trap());
    assertEquals(1, run.exitCode());
    assertEquals("", run.stdout());
    assertEquals("moscow-time: the real-time clock is unavailable (WASI errno 52)\n", run.stderr());
  }

  @Test
  void wagiWithoutAClockIsAJson500AndExit0() {
    WasmRun.Result root =
        new WasmRun().env(SpinRequest.env("GET", "/", "", 0)).clockFails(ENOSYS).run();
    assertNull(root.trap());
    assertEquals(0, root.exitCode());
    WagiReply reply = WagiReply.of(root);
    assertEquals(500, reply.status());
    assertEquals("{\"error\":\"internal error\",\"status\":500}\n", reply.bodyText());
    assertEquals("application/json", reply.headers().get("content-type"));
    assertTrue(root.stderr().contains("clock is unavailable"), root.stderr());

    // The health check needs no clock.
    WasmRun.Result health =
        new WasmRun().env(SpinRequest.env("GET", "/healthz", "", 0)).clockFails(ENOSYS).run();
    assertEquals(200, WagiReply.of(health).status());
  }

  @Test
  void linearMemoryStaysTheSameRunAfterRun() {
    int first = new WasmRun().env("MODE", "once").run().memoryPages();
    for (int i = 0; i < 50; i++) {
      assertEquals(first, new WasmRun().env("MODE", "once").run().memoryPages());
    }
    WasmRun.Result big =
        new WasmRun()
            .env(SpinRequest.env("GET", "/", "", 0))
            .env("HTTP_X_BIG", "b".repeat(45_000))
            .run();
    assertEquals(200, WagiReply.of(big).status());
    System.out.printf(
        "linear memory after a once-mode run: %d pages (%d KiB)%n", first, first * 64);
  }
}
