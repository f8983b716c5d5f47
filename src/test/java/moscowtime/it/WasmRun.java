package moscowtime.it;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the built {@code main.wasm} in Chicory, a WebAssembly runtime in pure Java, the way a WASI
 * host does: a fresh instance per run, environment, argv, stdin, then {@code _start}.
 */
final class WasmRun {
  static final Path MODULE =
      Path.of(System.getProperty("moscowtime.wasm", "target/wasm/main.wasm")).toAbsolutePath();
  private static WasmModule parsed;

  private final Map<String, String> env = new LinkedHashMap<>();
  private final List<String> args = new ArrayList<>(List.of("/main.wasm"));
  private InputStream stdin = new ByteArrayInputStream(new byte[0]);
  private Clock clock = Clock.systemUTC();

  /** What one run left behind. {@code trap} is null unless the module trapped. */
  record Result(
      int exitCode,
      byte[] stdoutBytes,
      String stderr,
      ChicoryException trap,
      int memoryPages,
      List<String> wasiCalls) {
    String stdout() {
      return new String(stdoutBytes, StandardCharsets.UTF_8);
    }
  }

  static synchronized WasmModule module() {
    if (parsed == null) {
      parsed = Parser.parse(MODULE);
    }
    return parsed;
  }

  WasmRun env(String name, String value) {
    env.put(name, value);
    return this;
  }

  WasmRun env(Map<String, String> values) {
    env.putAll(values);
    return this;
  }

  /** The whole argv; without this call it is just the module path, as wasmtime gives it. */
  WasmRun argv(List<String> values) {
    args.clear();
    args.addAll(values);
    return this;
  }

  WasmRun stdin(InputStream body) {
    stdin = body;
    return this;
  }

  WasmRun clock(Clock fixed) {
    clock = fixed;
    return this;
  }

  Result run() {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    WasiOptions.Builder options =
        WasiOptions.builder()
            .withStdout(stdout)
            .withStderr(stderr)
            .withStdin(stdin)
            .withArguments(args)
            .withClock(clock);
    env.forEach(options::withEnvironment);
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(options.build()).build()) {
      HostFunction[] functions = wasi.toHostFunctions();
      for (int i = 0; i < functions.length; i++) {
        functions[i] = recording(functions[i], calls);
      }
      // Instantiation runs the module's start section (TeaVM's heap set-up) but not _start.
      Instance instance =
          Instance.builder(module())
              .withImportValues(ImportValues.builder().addFunction(functions).build())
              .withStart(false)
              .build();
      calls.add("-- instantiated");
      int exitCode = 0;
      ChicoryException trap = null;
      try {
        instance.export("_start").apply();
      } catch (WasiExitException e) {
        exitCode = e.exitCode();
      } catch (ChicoryException e) {
        trap = e;
        exitCode = -1;
      }
      return new Result(
          exitCode,
          stdout.toByteArray(),
          stderr.toString(StandardCharsets.UTF_8),
          trap,
          instance.memory().pages(),
          List.copyOf(calls));
    }
  }

  private static HostFunction recording(HostFunction function, List<String> calls) {
    return new HostFunction(
        function.module(),
        function.name(),
        function.functionType(),
        (instance, arguments) -> {
          calls.add(function.name());
          return function.handle().apply(instance, arguments);
        });
  }
}
