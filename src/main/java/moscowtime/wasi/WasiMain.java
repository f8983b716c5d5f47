package moscowtime.wasi;

import moscowtime.core.ExitCode;
import moscowtime.core.MoscowTime;

/** Entry point of {@code main.wasm}. */
public final class WasiMain {
  private WasiMain() {}

  public static void main(String[] args) {
    int code;
    WasiHost host = new WasiHost();
    try {
      code = MoscowTime.run(host);
    } catch (Throwable e) {
      // Uncaught exceptions trap silently on this target: report and exit with a code instead.
      host.log("internal error: " + e.getMessage());
      code = ExitCode.FAILURE;
    }
    if (code != ExitCode.OK) {
      Wasi.procExit(code);
    }
  }
}
