"""What the packaging checks share: paths, running main.wasm the way WASI hosts do, and reading a
WAGI reply the way Spin does (see the project's notes on the WAGI contract and the OCI image)."""

import json
import os
import pathlib
import re
import subprocess
import tempfile

import wasmtime
import wasmtime.component

ROOT = pathlib.Path(__file__).resolve().parents[1]
TARGET = ROOT / "target"
MODULE = TARGET / "wasm" / "main.wasm"
JAR = TARGET / "moscow-time.jar"
ONCE_JSON = re.compile(
    rb'\{\n  "moscow_time": "(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) MSK",\n  "timestamp": (\d+)\n\}\n\Z')

ENGINE = wasmtime.Engine()


def build(*command):
    """Runs one of the project's build scripts from the repository root; returns its output."""
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise AssertionError(f"{command} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout


class Run:
    """What one run left: the exit code as the host reports it, stdout, stderr, and any trap."""

    def __init__(self, exit_code, stdout, stderr, trap=None):
        self.exit_code, self.stdout, self.stderr, self.trap = exit_code, stdout, stderr, trap


def _wasi(argv, env, stdin):
    config = wasmtime.WasiConfig()
    config.argv = list(argv)
    config.env = list(env)
    work = tempfile.mkdtemp(prefix="moscow-time-")
    paths = {name: os.path.join(work, name) for name in ("stdin", "stdout", "stderr")}
    with open(paths["stdin"], "wb") as f:
        f.write(stdin)
    config.stdin_file = paths["stdin"]
    config.stdout_file = paths["stdout"]
    config.stderr_file = paths["stderr"]
    return config, paths


def _read(paths):
    out = pathlib.Path(paths["stdout"]).read_bytes()
    err = pathlib.Path(paths["stderr"]).read_bytes()
    for path in paths.values():
        os.unlink(path)
    os.rmdir(os.path.dirname(paths["stdout"]))
    return out, err


def run_like_the_shim(module_bytes, argv, env, stdin=b""):
    """As containerd's wasmtime shim runs a module: only wasi_snapshot_preview1 linked, `_start`
    called; `_start` returning is exit 0, proc_exit(n) is n for n < 126, anything else 137."""
    module = wasmtime.Module(ENGINE, module_bytes)
    store = wasmtime.Store(ENGINE)
    linker = wasmtime.Linker(ENGINE)
    linker.define_wasi()
    config, paths = _wasi(argv, env, stdin)
    store.set_wasi(config)
    trap = None
    try:
        instance = linker.instantiate(store, module)
        instance.exports(store)["_start"](store)
        code = 0
    except wasmtime.ExitTrap as e:
        code = e.code if e.code < 126 else 137
    except (wasmtime.Trap, wasmtime.WasmtimeError) as e:
        trap, code = e, 137
    out, err = _read(paths)
    return Run(code, out, err, trap)


def componentize(module_path, out_path):
    """Wraps a core module with the WASI Preview 1 command adapter, as Spin 3+ does, using jco."""
    jco = ROOT / "tests" / "packaging" / "node_modules" / ".bin" / "jco"
    if not jco.exists():
        raise AssertionError(f"{jco} is missing: run `npm ci --prefix tests/packaging`")
    subprocess.run([str(jco), "new", str(module_path), "--wasi-command", "-o", str(out_path)],
                   check=True, capture_output=True, timeout=120)


def run_component(component, argv, env, stdin=b""):
    """Runs a component's wasi:cli/run export in the wasmtime engine with WASI Preview 2."""
    linker = wasmtime.component.Linker(ENGINE)
    linker.add_wasip2()
    store = wasmtime.Store(ENGINE)
    config, paths = _wasi(argv, env, stdin)
    store.set_wasi(config)
    trap = None
    try:
        instance = linker.instantiate(store, component)
        interface = instance.get_export_index(store, "wasi:cli/run@0.2.0")
        run = instance.get_func(store, instance.get_export_index(store, "run", interface))
        result = run(store)
        code = 0 if result.tag == "ok" else 1
    except wasmtime.ExitTrap as e:
        code = e.code
    except (wasmtime.Trap, wasmtime.WasmtimeError) as e:
        trap, code = e, -1
    out, err = _read(paths)
    return Run(code, out, err, trap)


def spin_request(method, path, query="", body_length=0, headers=()):
    """The environment and argv Spin's WAGI executor gives a module on route `/...`."""
    url = f"http://127.0.0.1:3000{path}" + (f"?{query}" if query else "")
    env = [
        ("REQUEST_METHOD", method), ("PATH_INFO", path), ("PATH_TRANSLATED", path),
        ("X_RAW_PATH_INFO", path), ("QUERY_STRING", query), ("SCRIPT_NAME", ""),
        ("X_MATCHED_ROUTE", "/..."), ("X_RAW_COMPONENT_ROUTE", "/..."), ("X_COMPONENT_ROUTE", ""),
        ("X_FULL_URL", url), ("X_BASE_PATH", "/"), ("SERVER_NAME", "127.0.0.1"),
        ("SERVER_PORT", "3000"), ("SERVER_PROTOCOL", "HTTP/1.1"), ("SERVER_SOFTWARE", "WAGI/1"),
        ("GATEWAY_INTERFACE", "CGI/1.1"), ("REMOTE_ADDR", "127.0.0.1"),
        ("REMOTE_HOST", "127.0.0.1"), ("X_CLIENT_ADDR", "127.0.0.1:54321"),
        ("CONTENT_LENGTH", str(body_length)), ("CONTENT_TYPE", ""), ("AUTH_TYPE", ""),
        ("REMOTE_USER", ""), ("HTTP_HOST", "127.0.0.1:3000"), ("HTTP_ACCEPT", "*/*"),
    ]
    env += [("HTTP_" + name.upper().replace("-", "_"), value) for name, value in headers]
    argv = [path] + query.replace("&", " ").split(" ")
    return argv, env


def hostile_table():
    """The hostile WAGI requests shared with the Java suite (HostileWagiIT)."""
    with open(ROOT / "src" / "test" / "resources" / "hostile-wagi.json") as f:
        return json.load(f)["cases"]


def hostile_request(case):
    """One table case as argv, environment and body, built as HostileWagiIT builds it. The wasmtime
    bindings take str, so bytes above 0x7f arrive UTF-8 encoded; raw-byte cases stay in Chicory."""
    path = case.get("path", "/")
    if path is not None and "pathPad" in case:
        path += "a" * case["pathPad"]
    query = case["query"] if "query" in case else ""
    body = b"\0" * case.get("body", 0)
    argv, env = spin_request(case["method"], "/" if path is None else path,
                             "" if query is None else query, len(body))
    drop = {name for name, missing in (("PATH_INFO", path is None), ("QUERY_STRING", query is None))
            if missing}
    env = [(k, v) for k, v in env if k not in drop]
    if "contentLength" in case:
        env = [(k, case["contentLength"] if k == "CONTENT_LENGTH" else v) for k, v in env]
    env += [(f"HTTP_X_PAD_{i}", "p" * 1000) for i in range(case.get("headers", 0))]
    env = [tuple(e) for e in case.get("envFirst", [])] + env + [tuple(e) for e in case.get("env", [])]
    return case.get("argv", argv), env, body


class Reply:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body


def wagi_reply(run):
    """What a client of `spin up` gets for this run: header block, blank line, body; `Status:` sets
    the status; one value per header name; no Content-Type, Status or Location: 500; a trap, a
    non-zero exit or empty stdout: 500 with an empty body."""
    if run.trap is not None or run.exit_code != 0 or not run.stdout:
        return Reply(500, {}, b"")
    headers, position, data = {}, 0, run.stdout
    while True:
        end = data.find(b"\n", position)
        if end < 0:
            return Reply(500, {}, b"")  # no blank line: all body, no headers
        line = data[position:end].replace(b"\r", b"")
        position = end + 1
        if not line:
            break
        if b":" in line:
            name, value = line.split(b":", 1)
            headers[name.decode("latin-1").strip().lower()] = value.decode("latin-1").strip()
    body = data[position:]
    if "status" in headers:
        number = headers["status"].split(" ", 1)[0]
        return Reply(int(number) if number.isdigit() else 502, headers, body)
    if "location" in headers:
        return Reply(302, headers, body)
    if "content-type" not in headers:
        return Reply(500, headers, body)
    return Reply(200, headers, body)
