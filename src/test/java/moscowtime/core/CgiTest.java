package moscowtime.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CgiTest {
  @Test
  void rendersStatusHeadersBlankLineAndBody() {
    assertEquals(
        "Status: 200 OK\n"
            + "Content-Type: application/json\n"
            + "Cache-Control: no-store\n"
            + "X-Content-Type-Options: nosniff\n"
            + "\n"
            + "{\"status\":\"ok\"}\n",
        Cgi.render(Routes.handle("GET", "/healthz", () -> 0)));
  }

  @Test
  void a405NamesTheAllowedMethodsAndHeadSendsNoBody() {
    assertEquals(
        "Status: 405 Method Not Allowed\n"
            + "Content-Type: application/json\n"
            + "Cache-Control: no-store\n"
            + "X-Content-Type-Options: nosniff\n"
            + "Allow: GET, HEAD\n"
            + "\n"
            + "{\"error\":\"method not allowed\",\"status\":405}\n",
        Cgi.render(Routes.handle("DELETE", "/", () -> 0)));
    assertEquals(
        "Status: 404 Not Found\n"
            + "Content-Type: application/json\n"
            + "Cache-Control: no-store\n"
            + "X-Content-Type-Options: nosniff\n"
            + "\n",
        Cgi.render(Routes.handle("HEAD", "/x", () -> 0)));
  }
}
