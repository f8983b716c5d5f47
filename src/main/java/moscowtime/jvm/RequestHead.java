package moscowtime.jvm;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import moscowtime.core.HttpResponse;
import moscowtime.core.Routes;

/**
 * The head of one HTTP/1.x request (request line and header fields), parsed from the bytes a
 * connection has received. Strict where leniency would hide a broken or hostile client: a malformed
 * head is answered with a JSON 4xx/5xx and the connection closed.
 */
final class RequestHead {
  /** Largest head accepted, request line included; the rest of the request is not buffered. */
  static final int MAX_HEAD_BYTES = 16 * 1024;

  static final int MAX_HEADER_FIELDS = 100;

  final String method;
  final String path;

  /** Body bytes that follow the head and are to be skipped. */
  final long contentLength;

  /** False when the connection must close after the response (client asked, or body unknown). */
  final boolean keepAlive;

  /** Offset just past the head's blank line. */
  final int end;

  /** Non-null when the head is unusable: send this, then close. */
  final HttpResponse error;

  private RequestHead(
      String method,
      String path,
      long contentLength,
      boolean keepAlive,
      int end,
      HttpResponse error) {
    this.method = method;
    this.path = path;
    this.contentLength = contentLength;
    this.keepAlive = keepAlive;
    this.end = end;
    this.error = error;
  }

  private static RequestHead fail(int status, String reason, String message) {
    return new RequestHead(null, null, 0, false, 0, Routes.error(status, reason, message));
  }

  private static RequestHead badRequest(String message) {
    return fail(400, "Bad Request", message);
  }

  /**
   * Parses {@code bytes[from, to)}; returns null while the head is incomplete and still within
   * {@link #MAX_HEAD_BYTES}.
   */
  static RequestHead parse(byte[] bytes, int from, int to) {
    int headEnd = findBlankLine(bytes, from, to);
    if (headEnd < 0) {
      if (to - from <= MAX_HEAD_BYTES) {
        return null;
      }
      boolean inRequestLine = indexOf(bytes, from, to, (byte) '\n') < 0;
      return inRequestLine
          ? fail(414, "URI Too Long", "request line too long")
          : fail(431, "Request Header Fields Too Large", "request headers too large");
    }
    if (headEnd - from > MAX_HEAD_BYTES) {
      return fail(431, "Request Header Fields Too Large", "request headers too large");
    }
    int lineEnd = lineEnd(bytes, from, headEnd);
    String[] requestLine = latin1(bytes, from, lineEnd).split(" ", -1);
    if (requestLine.length != 3 || !isToken(requestLine[0])) {
      return badRequest("malformed request line");
    }
    String version = requestLine[2];
    boolean http11 = version.equals("HTTP/1.1");
    if (!http11 && !version.equals("HTTP/1.0")) {
      return version.startsWith("HTTP/")
          ? fail(505, "HTTP Version Not Supported", "http version not supported")
          : badRequest("malformed request line");
    }
    String path = path(requestLine[1]);
    if (path == null) {
      return badRequest("malformed request target");
    }

    long contentLength = 0;
    boolean sawLength = false;
    boolean sawTransferEncoding = false;
    boolean keepAlive = http11;
    int fields = 0;
    for (int lineStart = next(bytes, lineEnd); ; ) {
      int end = lineEnd(bytes, lineStart, headEnd);
      if (end == lineStart) {
        break; // the blank line
      }
      String line = latin1(bytes, lineStart, end);
      lineStart = next(bytes, end);
      int colon = line.indexOf(':');
      if (colon <= 0 || !isToken(line.substring(0, colon))) {
        return badRequest("malformed header field");
      }
      if (++fields > MAX_HEADER_FIELDS) {
        return fail(431, "Request Header Fields Too Large", "too many header fields");
      }
      String name = line.substring(0, colon);
      String value = line.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        long length = parseLength(value);
        if (length < 0 || (sawLength && length != contentLength)) {
          return badRequest("invalid content-length");
        }
        contentLength = length;
        sawLength = true;
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        sawTransferEncoding = true;
      } else if (name.equalsIgnoreCase("Connection")) {
        String tokens = value.toLowerCase(Locale.ROOT);
        if (tokens.contains("close")) {
          keepAlive = false;
        } else if (tokens.contains("keep-alive")) {
          keepAlive = true;
        }
      }
    }
    if (sawLength && sawTransferEncoding) {
      return badRequest("both content-length and transfer-encoding");
    }
    // A body of unknown length cannot be skipped to the next request: answer, then close.
    return new RequestHead(
        requestLine[0], path, contentLength, keepAlive && !sawTransferEncoding, headEnd, null);
  }

  /** The path of an origin-form, absolute-form or asterisk-form target; null if it is none. */
  private static String path(String target) {
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return null;
      }
    }
    String path;
    if (target.startsWith("/") || target.equals("*")) {
      path = target;
    } else if (target.startsWith("http://") || target.startsWith("https://")) {
      int slash = target.indexOf('/', target.indexOf("//") + 2);
      path = slash < 0 ? "/" : target.substring(slash);
    } else {
      return null;
    }
    int query = path.indexOf('?');
    int fragment = path.indexOf('#');
    int cut = query < 0 ? fragment : (fragment < 0 ? query : Math.min(query, fragment));
    return cut < 0 ? path : path.substring(0, cut);
  }

  /** Offset just past the first empty line (CRLF CRLF, or bare LFs), or -1. */
  private static int findBlankLine(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      if (i + 1 < to && bytes[i + 1] == '\n') {
        return i + 2;
      }
      if (i + 2 < to && bytes[i + 1] == '\r' && bytes[i + 2] == '\n') {
        return i + 3;
      }
    }
    return -1;
  }

  /** Where the line starting at {@code from} ends: at its CR LF or bare LF (or at {@code to}). */
  private static int lineEnd(byte[] bytes, int from, int to) {
    int newline = indexOf(bytes, from, to, (byte) '\n');
    int end = newline < 0 ? to : newline;
    return end > from && bytes[end - 1] == '\r' ? end - 1 : end;
  }

  /** The start of the line after the one ending at {@code lineEnd}. */
  private static int next(byte[] bytes, int lineEnd) {
    return bytes[lineEnd] == '\r' ? lineEnd + 2 : lineEnd + 1;
  }

  private static String latin1(byte[] bytes, int from, int to) {
    return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
  }

  private static int indexOf(byte[] bytes, int from, int to, byte wanted) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  /** Decimal digits only, at most 18 of them; -1 otherwise. */
  private static long parseLength(String value) {
    if (value.isEmpty() || value.length() > 18) {
      return -1;
    }
    long length = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      length = length * 10 + (c - '0');
    }
    return length;
  }

  /** RFC 9110 token: the characters a method or a field name may use. */
  private static boolean isToken(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean alphanumeric =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alphanumeric && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }
}
