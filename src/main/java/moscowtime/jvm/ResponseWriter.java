package moscowtime.jvm;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import moscowtime.core.HttpResponse;

/** A response as HTTP/1.1 bytes. One per event loop: it caches the Date header for a second. */
final class ResponseWriter {
  /** RFC 9110's IMF-fixdate: two-digit day, English names, always GMT. */
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);

  private long dateSecond = Long.MIN_VALUE;
  private String dateLine;

  byte[] write(HttpResponse response, long epochSeconds, boolean keepAlive) {
    if (epochSeconds != dateSecond) {
      dateSecond = epochSeconds;
      dateLine =
          "Date: "
              + HTTP_DATE.format(Instant.ofEpochSecond(epochSeconds).atOffset(ZoneOffset.UTC))
              + "\r\n";
    }
    StringBuilder head = new StringBuilder(256);
    head.append("HTTP/1.1 ").append(response.status).append(' ').append(response.reason);
    head.append("\r\n").append(dateLine);
    for (String[] header : HttpResponse.FIXED_HEADERS) {
      head.append(header[0]).append(": ").append(header[1]).append("\r\n");
    }
    if (response.allow != null) {
      head.append("Allow: ").append(response.allow).append("\r\n");
    }
    // HEAD: the length of the body a GET would get, and no body.
    head.append("Content-Length: ").append(response.body.length()).append("\r\n");
    if (!keepAlive) {
      head.append("Connection: close\r\n");
    }
    return head.append("\r\n")
        .append(response.sentBody())
        .toString()
        .getBytes(StandardCharsets.US_ASCII);
  }
}
