package moscowtime.core;

/** The HTTP semantics shared by WAGI and the JVM server: method and path in, response out. */
public final class Routes {
  static final String ALLOWED = "GET, HEAD";

  private Routes() {}

  /**
   * @param method the request method, case-sensitive as HTTP defines it
   * @param rawPath the path below the route, not percent-decoded; empty means {@code /}; the query
   *     string is not part of it
   * @param clock read only when the response needs the time
   */
  public static HttpResponse handle(String method, String rawPath, Clock clock) {
    boolean root = rawPath.isEmpty() || rawPath.equals("/");
    boolean health = rawPath.equals("/healthz");
    boolean head = method.equals("HEAD");
    if (!root && !health) {
      return new HttpResponse(404, "Not Found", null, TimeJson.error(404, "not found"), head);
    }
    if (!head && !method.equals("GET")) {
      return new HttpResponse(
          405, "Method Not Allowed", ALLOWED, TimeJson.error(405, "method not allowed"), false);
    }
    String body = root ? TimeJson.time(clock.epochSeconds()) : TimeJson.health();
    return new HttpResponse(200, "OK", null, body, head);
  }

  /**
   * An error the transport detected before routing (a malformed request, headers too large, a
   * request too slow to arrive): JSON like every other answer.
   */
  public static HttpResponse error(int status, String reason, String message) {
    return new HttpResponse(status, reason, null, TimeJson.error(status, message), false);
  }

  /** The answer when the host failed (for example, its clock): a JSON 500, not a crash. */
  public static HttpResponse internalError(String method) {
    return new HttpResponse(
        500,
        "Internal Server Error",
        null,
        TimeJson.error(500, "internal error"),
        "HEAD".equals(method));
  }
}
