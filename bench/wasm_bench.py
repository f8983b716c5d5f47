"""In-process wasm measurements with the wasmtime engine (the engine of the wasmtime CLI, Spin and
containerd's wasmtime shim), alternating the variants: compile time, instantiate + _start on a
precompiled module with a fresh store per run, linear memory after a run, and WAGI requests.

    python3 bench/wasm_bench.py TEAVM.wasm C_REFERENCE.wasm OUT.json
"""

import json
import statistics
import sys
import time

import wasmtime

SAMPLES_START = 2000
SAMPLES_COMPILE = 20
SAMPLES_WAGI = 10000
EMPTY_COMMAND = wasmtime.wat2wasm('(module (memory (export "memory") 1) (func (export "_start")))')


def quantile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(seconds):
    micros = [s * 1e6 for s in seconds]
    return {"n": len(micros), "median_us": statistics.median(micros),
            "p25_us": quantile(micros, 0.25), "p75_us": quantile(micros, 0.75),
            "p99_us": quantile(micros, 0.99), "mean_us": statistics.fmean(micros)}


class Variant:
    def __init__(self, engine, name, wasm_bytes):
        self.name = name
        self.bytes = wasm_bytes
        # Compiled once, as `wasmtime compile` / Spin / the shim cache it; each run gets a fresh store.
        module = wasmtime.Module.deserialize(engine, wasmtime.Module(engine, wasm_bytes).serialize())
        linker = wasmtime.Linker(engine)
        linker.define_wasi()
        self.pre = linker.instantiate_pre(module)
        self.engine = engine

    def run(self, env, argv=("/main.wasm",)):
        """One fresh instance: store, WASI context, instantiate, _start. Returns (seconds, pages)."""
        started = time.perf_counter()
        store = wasmtime.Store(self.engine)
        config = wasmtime.WasiConfig()
        config.env = env
        config.argv = list(argv)
        config.stdout_file = "/dev/null"
        config.stderr_file = "/dev/null"
        store.set_wasi(config)
        instance = self.pre.instantiate(store)
        exports = instance.exports(store)
        try:
            exports["_start"](store)
        except wasmtime.ExitTrap as e:
            if e.code != 0:
                raise
        elapsed = time.perf_counter() - started
        return elapsed, exports["memory"].size(store)


def spin_wagi_env():
    return [("REQUEST_METHOD", "GET"), ("PATH_INFO", "/"), ("PATH_TRANSLATED", "/"),
            ("X_RAW_PATH_INFO", "/"), ("QUERY_STRING", ""), ("SCRIPT_NAME", ""),
            ("X_MATCHED_ROUTE", "/..."), ("X_COMPONENT_ROUTE", ""),
            ("X_FULL_URL", "http://127.0.0.1:3000/"), ("X_BASE_PATH", "/"),
            ("SERVER_NAME", "127.0.0.1"), ("SERVER_PORT", "3000"), ("SERVER_PROTOCOL", "HTTP/1.1"),
            ("SERVER_SOFTWARE", "WAGI/1"), ("GATEWAY_INTERFACE", "CGI/1.1"),
            ("REMOTE_ADDR", "127.0.0.1"), ("REMOTE_HOST", "127.0.0.1"),
            ("X_CLIENT_ADDR", "127.0.0.1:54321"), ("CONTENT_LENGTH", "0"), ("CONTENT_TYPE", ""),
            ("AUTH_TYPE", ""), ("REMOTE_USER", ""), ("HTTP_HOST", "127.0.0.1:3000"),
            ("HTTP_ACCEPT", "*/*"), ("HTTP_USER_AGENT", "curl/8.5.0")]


def main(teavm_path, c_path, out_path):
    engine = wasmtime.Engine()
    blobs = {"teavm": open(teavm_path, "rb").read(), "c": open(c_path, "rb").read(),
             "empty": EMPTY_COMMAND}
    results = {"wasmtime_python": wasmtime.__version__ if hasattr(wasmtime, "__version__") else "",
               "compile": {}, "start": {}, "pages_after_once": {}}

    compile_times = {name: [] for name in ("teavm", "c")}
    for _ in range(SAMPLES_COMPILE):
        for name in compile_times:  # alternating
            started = time.perf_counter()
            wasmtime.Module(wasmtime.Engine(), blobs[name])
            compile_times[name].append(time.perf_counter() - started)
    results["compile"] = {name: summary(times) for name, times in compile_times.items()}

    variants = {name: Variant(engine, name, data) for name, data in blobs.items()}
    once = [("MODE", "once"), ("PATH", "/usr/local/bin:/usr/bin:/bin")]
    for variant in variants.values():  # warm-up
        for _ in range(50):
            variant.run(once)
    start_times = {name: [] for name in variants}
    for _ in range(SAMPLES_START):
        for name, variant in variants.items():
            elapsed, pages = variant.run(once)
            start_times[name].append(elapsed)
            results["pages_after_once"][name] = pages
    results["start"] = {name: summary(times) for name, times in start_times.items()}

    wagi_env, wagi_argv = spin_wagi_env(), ["/", ""]
    teavm = variants["teavm"]
    for _ in range(100):
        teavm.run(wagi_env, wagi_argv)
    wagi = []
    wall = time.perf_counter()
    for _ in range(SAMPLES_WAGI):
        wagi.append(teavm.run(wagi_env, wagi_argv)[0])
    wall = time.perf_counter() - wall
    results["wagi"] = summary(wagi)
    results["wagi"]["requests_per_second_per_core"] = SAMPLES_WAGI / wall

    with open(out_path, "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main(*sys.argv[1:])
