package moscowtime.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestHeadTest {
  private static RequestHead parse(String raw) {
    byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
    return RequestHead.parse(bytes, 0, bytes.length);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                | GET  | /        | true  | 0",
        "GET /healthz?x=1 HTTP/1.1\\r\\n\\r\\n                  | GET  | /healthz | true  | 0",
        "HEAD /a#frag HTTP/1.1\\n\\n                            | HEAD | /a       | true  | 0",
        "GET http://h:1/healthz?q HTTP/1.1\\r\\n\\r\\n          | GET  | /healthz | true  | 0",
        "GET http://h HTTP/1.1\\r\\n\\r\\n                      | GET  | /        | true  | 0",
        "OPTIONS * HTTP/1.1\\r\\n\\r\\n                         | OPTIONS | *     | true  | 0",
        "GET / HTTP/1.0\\r\\n\\r\\n                             | GET  | /        | false | 0",
        "GET / HTTP/1.0\\r\\nConnection: keep-alive\\r\\n\\r\\n | GET  | /        | true  | 0",
        "GET / HTTP/1.1\\r\\nConnection: close\\r\\n\\r\\n      | GET  | /        | false | 0",
        "POST / HTTP/1.1\\r\\nContent-Length: 12\\r\\n\\r\\n    | POST | /        | true  | 12",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | POST | /   | false | 0",
        "BREW /pot HTTP/1.1\\r\\nX-A:b\\r\\nX-B:  c  \\r\\n\\r\\n | BREW | /pot  | true  | 0",
      })
  void parsesWellFormedHeads(String raw, String method, String path, boolean keepAlive, long body) {
    RequestHead head = parse(raw.replace("\\r", "\r").replace("\\n", "\n"));
    assertNotNull(head);
    assertNull(head.error, () -> head.error.body);
    assertEquals(method, head.method);
    assertEquals(path, head.path);
    assertEquals(keepAlive, head.keepAlive);
    assertEquals(body, head.contentLength);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "garbage\\r\\n\\r\\n                                   | 400",
        "GET /\\r\\n\\r\\n                                     | 400",
        "GET  / HTTP/1.1\\r\\n\\r\\n                           | 400",
        "G(T / HTTP/1.1\\r\\n\\r\\n                            | 400",
        "GET / HTTP/2.0\\r\\n\\r\\n                            | 505",
        "GET / FTP/1.1\\r\\n\\r\\n                             | 400",
        "GET relative HTTP/1.1\\r\\n\\r\\n                     | 400",
        "GET /\u00e9 HTTP/1.1\\r\\n\\r\\n                      | 400",
        "GET / HTTP/1.1\\r\\nNo colon\\r\\n\\r\\n              | 400",
        "GET / HTTP/1.1\\r\\n folded: x\\r\\n\\r\\n            | 400",
        "GET / HTTP/1.1\\r\\nBad Name: x\\r\\n\\r\\n           | 400",
        "POST / HTTP/1.1\\r\\nContent-Length: -1\\r\\n\\r\\n   | 400",
        "POST / HTTP/1.1\\r\\nContent-Length: 0x10\\r\\n\\r\\n | 400",
        "POST / HTTP/1.1\\r\\nContent-Length: 1\\r\\nContent-Length: 2\\r\\n\\r\\n | 400",
        "POST / HTTP/1.1\\r\\nContent-Length: 1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | 400",
      })
  void answersMalformedHeadsWithAJsonError(String raw, int status) {
    RequestHead head = parse(raw.replace("\\r", "\r").replace("\\n", "\n"));
    assertNotNull(head);
    assertNotNull(head.error);
    assertEquals(status, head.error.status);
    assertTrue(head.error.body.startsWith("{\"error\":"), head.error.body);
    assertFalse(head.keepAlive);
  }

  @Test
  void waitsForAnIncompleteHeadUntilItIsTooLarge() {
    assertNull(parse("GET / HTTP/1.1\r\nHost: x\r\n"));
    assertNull(parse("GET /"));
    assertEquals(414, parse("GET /" + "a".repeat(RequestHead.MAX_HEAD_BYTES)).error.status);
    String manyBytes = "GET / HTTP/1.1\r\nX: " + "a".repeat(RequestHead.MAX_HEAD_BYTES);
    assertEquals(431, parse(manyBytes).error.status);
  }

  @Test
  void limitsTheNumberOfHeaderFields() {
    StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\n");
    for (int i = 0; i < RequestHead.MAX_HEADER_FIELDS; i++) {
      head.append("X-").append(i).append(": v\r\n");
    }
    assertNull(parse(head + "\r\n").error);
    assertEquals(431, parse(head + "X-last: v\r\n\r\n").error.status);
  }

  @Test
  void pointsJustPastTheHeadSoPipelinedRequestsFollow() {
    String first = "GET / HTTP/1.1\r\n\r\n";
    RequestHead head = parse(first + "GET /healthz HTTP/1.1\r\n\r\n");
    assertEquals(first.length(), head.end);
  }
}
