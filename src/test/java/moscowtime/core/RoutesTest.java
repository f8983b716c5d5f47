package moscowtime.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutesTest {
  private static final long NOW = 1_796_301_354L;
  private static final Clock FIXED = () -> NOW;

  @ParameterizedTest(name = "{0} \"{1}\" -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET     | /          | 200 | ",
        "GET     | ''         | 200 | ",
        "HEAD    | /          | 200 | ",
        "GET     | /healthz   | 200 | ",
        "HEAD    | /healthz   | 200 | ",
        "POST    | /          | 405 | GET, HEAD",
        "PUT     | /healthz   | 405 | GET, HEAD",
        "get     | /          | 405 | GET, HEAD",
        "OPTIONS | /          | 405 | GET, HEAD",
        "GET     | /nope      | 404 | ",
        "POST    | /nope      | 404 | ",
        "GET     | /healthz/  | 404 | ",
        "GET     | //         | 404 | ",
        "GET     | /%68ealthz | 404 | ",
        "GET     | /../       | 404 | ",
      })
  void answersEachMethodAndPath(String method, String path, int status, String allow) {
    HttpResponse response = Routes.handle(method, path, FIXED);
    assertEquals(status, response.status);
    assertEquals(allow, response.allow);
    assertEquals(method.equals("HEAD"), response.omitBody);
    assertEquals(method.equals("HEAD") ? "" : response.body, response.sentBody());
  }

  @Test
  void rootIsTheOnceDocumentAndHealthIsOk() {
    assertEquals(TimeJson.time(NOW), Routes.handle("GET", "/", FIXED).body);
    assertEquals("{\"status\":\"ok\"}\n", Routes.handle("GET", "/healthz", FIXED).body);
    assertEquals(
        "{\"error\":\"not found\",\"status\":404}\n", Routes.handle("GET", "/x", FIXED).body);
  }

  @Test
  void headDescribesTheGetBody() {
    HttpResponse head = Routes.handle("HEAD", "/", FIXED);
    assertEquals(TimeJson.time(NOW), head.body);
    assertEquals("", head.sentBody());
  }

  @Test
  void readsTheClockOnlyForTheTime() {
    Clock broken =
        () -> {
          throw new HostException("no clock");
        };
    assertEquals(200, Routes.handle("GET", "/healthz", broken).status);
    assertEquals(404, Routes.handle("GET", "/x", broken).status);
    assertThrows(HostException.class, () -> Routes.handle("GET", "/", broken));
  }

  @Test
  void internalErrorIsAJson500() {
    HttpResponse error = Routes.internalError("GET");
    assertEquals(500, error.status);
    assertNull(error.allow);
    assertTrue(error.body.startsWith("{\"error\":"));
    assertFalse(error.omitBody);
    assertTrue(Routes.internalError("HEAD").omitBody);
  }
}
