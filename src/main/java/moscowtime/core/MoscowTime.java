package moscowtime.core;

/** The program: pick the mode, then answer a WAGI request, print once, or serve. */
public final class MoscowTime {
  private MoscowTime() {}

  /** Runs one invocation on {@code host}; returns the process exit code. */
  public static int run(Host host) {
    int mode = Mode.select(host);
    if (mode == Mode.WAGI) {
      return wagi(host);
    }
    if (mode == Mode.ONCE) {
      return once(host);
    }
    if (mode == Mode.SERVER) {
      return host.serve();
    }
    host.log(Mode.usage(host.get("MODE")));
    return ExitCode.USAGE;
  }

  private static int once(Host host) {
    try {
      host.writeStdout(TimeJson.time(host.epochSeconds()));
      return ExitCode.OK;
    } catch (HostException e) {
      host.log(e.getMessage());
      return ExitCode.FAILURE;
    }
  }

  /**
   * One CGI request. Every failure that can still be reported becomes an HTTP response and exit 0:
   * a WAGI host turns a non-zero exit into an empty 500 and throws stdout away. The body on stdin
   * is never read, so its size cannot matter.
   */
  private static int wagi(Host host) {
    String method = host.get("REQUEST_METHOD");
    String path = host.get("PATH_INFO");
    HttpResponse response;
    try {
      response = Routes.handle(method, path == null ? "" : path, host);
    } catch (RuntimeException e) {
      host.log(e.getMessage());
      response = Routes.internalError(method);
    }
    try {
      host.writeStdout(Cgi.render(response));
      return ExitCode.OK;
    } catch (HostException e) {
      host.log(e.getMessage());
      return ExitCode.FAILURE;
    }
  }
}
