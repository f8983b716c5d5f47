package moscowtime.it;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a client of {@code spin up} receives for a module's stdout, by the rules Spin's WAGI
 * executor applies (see the project's notes on the WAGI contract): header block, blank line, body;
 * {@code Status:} sets the status; one value per header name; no Content-Type, Status or Location →
 * 500; a trap, a non-zero exit or empty stdout → 500 with an empty body.
 */
record WagiReply(int status, Map<String, String> headers, byte[] body) {
  static WagiReply of(WasmRun.Result run) {
    if (run.trap() != null || run.exitCode() != 0 || run.stdoutBytes().length == 0) {
      return new WagiReply(500, Map.of(), new byte[0]);
    }
    return parse(run.stdoutBytes());
  }

  static WagiReply parse(byte[] stdout) {
    Map<String, String> headers = new LinkedHashMap<>();
    int bodyStart = -1;
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < stdout.length; i++) {
      char c = (char) (stdout[i] & 0xff);
      if (c == '\r') {
        continue;
      }
      if (c != '\n') {
        line.append(c);
        continue;
      }
      if (line.length() == 0) {
        bodyStart = i + 1;
        break;
      }
      int colon = line.indexOf(":");
      if (colon >= 0) {
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
      line.setLength(0);
    }
    if (bodyStart < 0) {
      return new WagiReply(500, Map.of(), "no headers".getBytes(StandardCharsets.US_ASCII));
    }
    byte[] body = Arrays.copyOfRange(stdout, bodyStart, stdout.length);
    String status = headers.get("status");
    if (status != null) {
      String number = status.split(" ", 2)[0];
      try {
        return new WagiReply(Integer.parseInt(number), headers, body);
      } catch (NumberFormatException e) {
        return new WagiReply(502, headers, body);
      }
    }
    if (headers.containsKey("location")) {
      return new WagiReply(302, headers, body);
    }
    if (!headers.containsKey("content-type")) {
      return new WagiReply(500, headers, body);
    }
    return new WagiReply(200, headers, body);
  }

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
