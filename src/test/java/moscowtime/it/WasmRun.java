package moscowtime.it;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
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
  private OutputStream stdout;
  private Clock clock = Clock.systemUTC();
  private List<byte[]> rawEnviron;
  private int clockErrno;

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

  /** The clock import fails with this WASI errno instead of telling the time. */
  WasmRun clockFails(int errno) {
    clockErrno = errno;
    return this;
  }

  /** Where the module's stdout goes instead of a buffer: for streams that fail. */
  WasmRun stdout(OutputStream sink) {
    stdout = sink;
    return this;
  }

  /**
   * The environment as raw {@code environ_get} entries (without the NUL), replacing {@link #env}:
   * for bytes a Java string cannot carry, such as invalid UTF-8, and for duplicated names.
   */
  WasmRun rawEnviron(List<byte[]> entries) {
    rawEnviron = entries;
    return this;
  }

  Result run() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    WasiOptions.Builder options =
        WasiOptions.builder()
            .withStdout(stdout == null ? captured : stdout)
            .withStderr(stderr)
            .withStdin(stdin)
            .withArguments(args)
            .withClock(clock);
    env.forEach(options::withEnvironment);
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(options.build()).build()) {
      HostFunction[] functions = wasi.toHostFunctions();
      for (int i = 0; i < functions.length; i++) {
        functions[i] = recording(replaced(functions[i]), calls);
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
          captured.toByteArray(),
          stderr.toString(StandardCharsets.UTF_8),
          trap,
          instance.memory().pages(),
          List.copyOf(calls));
    }
  }

  /** The host functions this run fakes: a failing clock, a raw environment. */
  private HostFunction replaced(HostFunction function) {
    WasmFunctionHandle handle = null;
    if (function.name().equals("clock_time_get") && clockErrno != 0) {
      handle = (instance, arguments) -> new long[] {clockErrno};
    } else if (function.name().equals("environ_sizes_get") && rawEnviron != null) {
      handle =
          (instance, arguments) -> {
            int bytes = rawEnviron.stream().mapToInt(entry -> entry.length + 1).sum();
            instance.memory().writeI32((int) arguments[0], rawEnviron.size());
            instance.memory().writeI32((int) arguments[1], bytes);
            return new long[] {0};
          };
    } else if (function.name().equals("environ_get") && rawEnviron != null) {
      handle =
          (instance, arguments) -> {
            int pointer = (int) arguments[0];
            int buffer = (int) arguments[1];
            for (byte[] entry : rawEnviron) {
              instance.memory().writeI32(pointer, buffer);
              pointer += 4;
              instance.memory().write(buffer, entry);
              instance.memory().write(buffer + entry.length, new byte[1]);
              buffer += entry.length + 1;
            }
            return new long[] {0};
          };
    }
    return handle == null
        ? function
        : new HostFunction(function.module(), function.name(), function.functionType(), handle);
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
