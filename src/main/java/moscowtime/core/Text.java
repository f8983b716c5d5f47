package moscowtime.core;

/** Makes untrusted text safe to echo in a one-line, ASCII message. */
public final class Text {
  static final int MAX_ECHO = 64;

  private Text() {}

  /**
   * {@code value} in double quotes, non-printable and non-ASCII characters shown as '?', long
   * values cut.
   */
  public static String quote(String value) {
    StringBuilder out = new StringBuilder("\"");
    int end = value.length() < MAX_ECHO ? value.length() : MAX_ECHO;
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else {
        out.append('?');
      }
    }
    if (end < value.length()) {
      out.append("...");
    }
    return out.append('"').toString();
  }
}
