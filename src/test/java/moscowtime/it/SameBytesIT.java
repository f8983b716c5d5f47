package moscowtime.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The jar and the module print the same bytes for the same instant: the module runs in Chicory with
 * a fixed clock, the jar's own rendering code is loaded from the built jar.
 */
class SameBytesIT {
  @Test
  void onceModeAndWagiBodiesAreByteIdenticalForTheSameInstants() throws Exception {
    try (URLClassLoader jar =
        new URLClassLoader(
            new URL[] {Jar.JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Method render = jar.loadClass("moscowtime.core.TimeJson").getMethod("time", long.class);
      SplittableRandom random = new SplittableRandom(3);
      long[] instants = new long[40];
      instants[0] = 0;
      instants[1] = 1_763_236_802L; // the original program's published sample
      instants[2] = 2_147_483_648L; // 2038-01-19T03:14:08Z
      instants[3] = 4_107_542_399L; // 2100-03-01T02:59:59 MSK
      for (int i = 4; i < instants.length; i++) {
        instants[i] = random.nextLong(1_414_281_600L, 4_133_980_800L);
      }
      for (long instant : instants) {
        byte[] fromJar =
            ((String) render.invoke(null, instant)).getBytes(StandardCharsets.US_ASCII);
        Clock fixed = Clock.fixed(Instant.ofEpochSecond(instant, 999_999_999), ZoneOffset.UTC);
        WasmRun.Result once = new WasmRun().env("MODE", "once").clock(fixed).run();
        assertEquals(0, once.exitCode());
        assertArrayEquals(fromJar, once.stdoutBytes(), () -> "at " + instant);
        WasmRun.Result wagi =
            new WasmRun().env(SpinRequest.env("GET", "/", "", 0)).clock(fixed).run();
        assertArrayEquals(fromJar, WagiReply.of(wagi).body(), () -> "WAGI at " + instant);
      }
    }
  }
}
