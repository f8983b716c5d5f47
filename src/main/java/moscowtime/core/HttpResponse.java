package moscowtime.core;

/**
 * What the service answers to one request, independent of how it travels (CGI text under WAGI, a
 * JDK exchange on the JVM). Bodies are ASCII JSON; for HEAD the body is empty but the headers
 * describe the GET body.
 */
public final class HttpResponse {
  public static final String CONTENT_TYPE = "application/json";

  /** Header names and values every response carries; {@link #allow} is added to 405s. */
  public static final String[][] FIXED_HEADERS = {
    {"Content-Type", CONTENT_TYPE},
    {"Cache-Control", "no-store"},
    {"X-Content-Type-Options", "nosniff"},
  };

  public final int status;
  public final String reason;

  /** Value of the {@code Allow} header, or null when the response has none. */
  public final String allow;

  /** The representation's body; what a GET would receive. */
  public final String body;

  /** True for HEAD: send the headers of {@link #body} but not the body itself. */
  public final boolean omitBody;

  HttpResponse(int status, String reason, String allow, String body, boolean omitBody) {
    this.status = status;
    this.reason = reason;
    this.allow = allow;
    this.body = body;
    this.omitBody = omitBody;
  }

  /** The bytes to send as the body: {@link #body}, or nothing for HEAD. */
  public String sentBody() {
    return omitBody ? "" : body;
  }
}
