package moscowtime.core;

/**
 * Renders a response as a CGI reply for a WAGI host: header lines, a blank line, the body. Spin
 * reads {@code Status:} for the status code and takes one value per header name.
 */
public final class Cgi {
  private Cgi() {}

  public static String render(HttpResponse response) {
    StringBuilder out = new StringBuilder(160 + response.body.length());
    out.append("Status: ").append(response.status).append(' ').append(response.reason).append('\n');
    for (String[] header : HttpResponse.FIXED_HEADERS) {
      out.append(header[0]).append(": ").append(header[1]).append('\n');
    }
    if (response.allow != null) {
      out.append("Allow: ").append(response.allow).append('\n');
    }
    return out.append('\n').append(response.sentBody()).toString();
  }
}
