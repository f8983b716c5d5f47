package moscowtime.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Mode selection, PORT parsing and the messages that echo what the user set. */
class SettingsTest {
  private static int mode(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return Mode.select(env::get);
  }

  @Test
  void requestMethodMeansWagiWhateverModeSays() {
    assertEquals(Mode.WAGI, mode("REQUEST_METHOD", "GET"));
    assertEquals(Mode.WAGI, mode("REQUEST_METHOD", "", "MODE", "bogus"));
    assertEquals(Mode.WAGI, mode("REQUEST_METHOD", "POST", "MODE", "once"));
  }

  @Test
  void modeOnceServerOrNothing() {
    assertEquals(Mode.ONCE, mode("MODE", "once"));
    assertEquals(Mode.SERVER, mode());
    assertEquals(Mode.SERVER, mode("MODE", ""));
    assertEquals(Mode.SERVER, mode("MODE", "server"));
    assertEquals(Mode.INVALID, mode("MODE", "ONCE"));
    assertEquals(Mode.INVALID, mode("MODE", "once "));
    assertEquals(Mode.INVALID, mode("MODE", "cli"));
  }

  @Test
  void theUsageLineNamesTheAcceptedValuesAndQuotesTheBadOne() {
    String usage = Mode.usage("cli\n\u0000x");
    assertTrue(usage.startsWith("MODE=\"cli??x\" is not supported"), usage);
    assertTrue(usage.contains("MODE=once") && usage.contains("MODE=server"), usage);
    assertEquals(-1, usage.indexOf('\n'));
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "<null>",
      value = {
        "<null>, 8080",
        "'', 8080",
        "8080, 8080",
        "1, 1",
        "0, 0",
        "65535, 65535",
        "08080, 8080",
        "65536, -1",
        "70000, -1",
        "-1, -1",
        "+80, -1",
        "abc, -1",
        "0x50, -1",
        "' 80', -1",
        "123456, -1",
        "99999999999999999999, -1",
      })
  void parsesPort(String value, int expected) {
    assertEquals(expected, Port.parse(value));
  }

  @Test
  void quotesLongValuesShortened() {
    String quoted = Text.quote("x".repeat(1000));
    assertEquals(1 + Text.MAX_ECHO + 3 + 1, quoted.length());
    assertEquals("\"a\\\"b\\\\c\"", Text.quote("a\"b\\c"));
  }
}
