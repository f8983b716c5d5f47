package moscowtime.it;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment and argv Spin's WAGI executor gives a module on route {@code /...} for one
 * request (see the project's notes on the WAGI contract).
 */
final class SpinRequest {
  private SpinRequest() {}

  /**
   * @param pathInfo the request path below the route, not percent-decoded
   * @param query the raw query without {@code ?}, or empty
   */
  static Map<String, String> env(String method, String pathInfo, String query, long bodyLength) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("REQUEST_METHOD", method);
    env.put("PATH_INFO", pathInfo);
    env.put("PATH_TRANSLATED", pathInfo);
    env.put("X_RAW_PATH_INFO", pathInfo);
    env.put("QUERY_STRING", query);
    env.put("SCRIPT_NAME", "");
    env.put("X_MATCHED_ROUTE", "/...");
    env.put("X_RAW_COMPONENT_ROUTE", "/...");
    env.put("X_COMPONENT_ROUTE", "");
    String url = "http://127.0.0.1:3000" + pathInfo + (query.isEmpty() ? "" : "?" + query);
    env.put("X_FULL_URL", url);
    env.put("X_BASE_PATH", "/");
    env.put("SERVER_NAME", "127.0.0.1");
    env.put("SERVER_PORT", "3000");
    env.put("SERVER_PROTOCOL", "HTTP/1.1");
    env.put("SERVER_SOFTWARE", "WAGI/1");
    env.put("GATEWAY_INTERFACE", "CGI/1.1");
    env.put("REMOTE_ADDR", "127.0.0.1");
    env.put("REMOTE_HOST", "127.0.0.1");
    env.put("X_CLIENT_ADDR", "127.0.0.1:54321");
    env.put("CONTENT_LENGTH", Long.toString(bodyLength));
    env.put("CONTENT_TYPE", "");
    env.put("AUTH_TYPE", "");
    env.put("REMOTE_USER", "");
    env.put("HTTP_HOST", "127.0.0.1:3000");
    env.put("HTTP_ACCEPT", "*/*");
    env.put("HTTP_USER_AGENT", "curl/8.5.0");
    return env;
  }

  /** argv: the path, then the query with {@code &} as spaces, split on single spaces. */
  static List<String> argv(String pathInfo, String query) {
    List<String> args = new ArrayList<>();
    args.add(pathInfo);
    args.addAll(Arrays.asList(query.replace('&', ' ').split(" ", -1)));
    return args;
  }
}
