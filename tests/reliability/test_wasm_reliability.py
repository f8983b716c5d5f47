"""main.wasm in the wasmtime engine (the engine of the wasmtime CLI, Spin and containerd's shim):
the shared hostile table, 10,000 seeded random WAGI requests, and memory over 1,000 runs."""

import os
import random
import tempfile
import unittest

import wasmtime

from support import ENGINE, MODULE, hostile_request, hostile_table, wagi_reply, Run

RANDOM_REQUESTS = int(os.environ.get("RANDOM_REQUESTS", "10000"))


def rss_kib():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


class Module:
    """The built module compiled once; every run is a fresh store and instance, as Spin does."""

    def __init__(self):
        linker = wasmtime.Linker(ENGINE)
        linker.define_wasi()
        self.pre = linker.instantiate_pre(wasmtime.Module.from_file(ENGINE, str(MODULE)))
        self.work = tempfile.mkdtemp(prefix="moscow-time-reliability-")
        self.stdout = os.path.join(self.work, "stdout")
        self.stderr = os.path.join(self.work, "stderr")
        self.bodies = {}

    def body_file(self, body):
        if len(body) not in self.bodies:
            path = os.path.join(self.work, f"body-{len(body)}")
            with open(path, "wb") as f:
                f.write(body)
            self.bodies[len(body)] = path
        return self.bodies[len(body)]

    def run(self, argv, env, body=b"", stdout=None, linker=None):
        """One run; `stdout` a path to write to instead of a capture file, `linker` one with
        replaced WASI functions (for faults)."""
        store = wasmtime.Store(ENGINE)
        config = wasmtime.WasiConfig()
        config.argv = argv
        config.env = env
        config.stdin_file = self.body_file(body)
        config.stdout_file = stdout or self.stdout
        config.stderr_file = self.stderr
        store.set_wasi(config)
        trap, code, pages = None, 0, None
        try:
            if linker is None:
                instance = self.pre.instantiate(store)
            else:
                instance = linker.instantiate(store, wasmtime.Module.from_file(ENGINE, str(MODULE)))
            exports = instance.exports(store)
            try:
                exports["_start"](store)
            except wasmtime.ExitTrap as e:
                code = e.code
            pages = exports["memory"].size(store)
        except (wasmtime.Trap, wasmtime.WasmtimeError) as e:
            trap, code = e, -1
        with open(self.stdout, "rb") as out, open(self.stderr, "rb") as err:
            result = Run(code, out.read() if stdout is None else b"", err.read(), trap)
        result.pages = pages
        return result


class WasmReliabilityTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.module = Module()

    def assertWellFormed(self, run, method, status, label):
        self.assertIsNone(run.trap, f"{label}: trapped: {run.trap}")
        self.assertEqual(0, run.exit_code, f"{label}: {run.stderr!r}")
        reply = wagi_reply(run)
        self.assertEqual(status, reply.status, f"{label}: {run.stdout[:200]!r}")
        self.assertEqual("application/json", reply.headers.get("content-type"), label)
        self.assertEqual("nosniff", reply.headers.get("x-content-type-options"), label)
        if method == "HEAD":
            self.assertEqual(b"", reply.body, label)
        else:
            self.assertTrue(reply.body.startswith(b"{") and reply.body.endswith(b"}\n"), label)

    def test_the_hostile_table(self):
        tried = 0
        for case in hostile_table():
            if case.get("rawOnly"):
                continue  # raw bytes (NUL, duplicates) need the Chicory runner
            with self.subTest(case["name"]):
                argv, env, body = hostile_request(case)
                self.assertWellFormed(self.module.run(argv, env, body), case["method"],
                                      case["status"], case["name"])
                tried += 1
        print(f"\nhostile table in the wasmtime engine: {tried} requests, 0 traps, 0 errors")
        self.assertGreaterEqual(tried, 40)

    def test_seeded_random_requests_never_trap_and_always_parse(self):
        rng = random.Random(20261203)
        methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "get", "", "BREW", "GET " * 3]
        paths = ["/", "", "/healthz", "/nope", "//", "/%zz", "/\u00e9", "/healthz/", "/..", "/a/b/c"]
        alphabet = [chr(c) for c in range(1, 0x250) if c != ord("=")]
        bodies = [b"", b"x" * 100, b"\xff" * 65536, b"\0" * (1 << 20)]
        counts = {}
        for i in range(RANDOM_REQUESTS):
            method = rng.choice(methods)
            path = rng.choice(paths) + "".join(rng.choices(alphabet, k=rng.choice([0, 0, 1, 5])))
            query = "".join(rng.choices(alphabet, k=rng.randrange(0, 30)))
            body = rng.choice(bodies)
            env = [("REQUEST_METHOD", method), ("PATH_INFO", path), ("QUERY_STRING", query),
                   ("CONTENT_LENGTH", rng.choice([str(len(body)), "-5", "x", "1" * 30])),
                   ("SERVER_SOFTWARE", "WAGI/1"), ("HTTP_HOST", "127.0.0.1:3000")]
            env += [(f"HTTP_X_{n}", "".join(rng.choices(alphabet, k=rng.randrange(0, 300))))
                    for n in range(rng.randrange(0, 20))]
            rng.shuffle(env)
            argv = [path] + query.replace("&", " ").split(" ")
            run = self.module.run(argv, env, body)
            known = path in ("/", "", "/healthz")
            expected = (200 if method in ("GET", "HEAD") else 405) if known else 404
            self.assertWellFormed(run, method, expected, f"random request {i}")
            counts[expected] = counts.get(expected, 0) + 1
        print(f"\n{RANDOM_REQUESTS} seeded random WAGI requests in the wasmtime engine: "
              f"0 traps, 0 non-zero exits, statuses {dict(sorted(counts.items()))}")

    def test_a_stdout_that_refuses_writes_is_exit_1_with_a_message(self):
        # /dev/full refuses every write (ENOSPC), as a closed or broken stdout would.
        for argv, env in ((["/main.wasm"], [("MODE", "once")]),
                          (["/", ""], [("REQUEST_METHOD", "GET"), ("PATH_INFO", "/")])):
            run = self.module.run(argv, env, stdout="/dev/full")
            self.assertIsNone(run.trap)
            self.assertEqual(1, run.exit_code)
            self.assertTrue(run.stderr.startswith(b"moscow-time: cannot write to stdout (WASI errno "),
                            run.stderr)

    def test_a_failing_clock_is_exit_1_in_once_mode_and_a_json_500_under_wagi(self):
        linker = wasmtime.Linker(ENGINE)
        linker.define_wasi()
        linker.allow_shadowing = True
        i32, i64 = wasmtime.ValType.i32(), wasmtime.ValType.i64()
        linker.define_func("wasi_snapshot_preview1", "clock_time_get",
                           wasmtime.FuncType([i32, i64, i32], [i32]), lambda *_: 52)  # ENOSYS
        once = self.module.run(["/main.wasm"], [("MODE", "once")], linker=linker)
        self.assertIsNone(once.trap)
        self.assertEqual(1, once.exit_code)
        self.assertEqual(b"", once.stdout)
        self.assertEqual(b"moscow-time: the real-time clock is unavailable (WASI errno 52)\n",
                         once.stderr)
        wagi = self.module.run(["/", ""], [("REQUEST_METHOD", "GET"), ("PATH_INFO", "/")],
                               linker=linker)
        reply = wagi_reply(wagi)
        self.assertEqual(500, reply.status)
        self.assertEqual(b'{"error":"internal error","status":500}\n', reply.body)

    def test_a_thousand_once_runs_do_not_grow_the_host_or_the_heap(self):
        env = [("MODE", "once")]
        for _ in range(100):
            first = self.module.run(["/main.wasm"], env)
        before = rss_kib()
        for i in range(1000):
            run = self.module.run(["/main.wasm"], env)
            self.assertEqual(0, run.exit_code)
            self.assertEqual(first.pages, run.pages, f"run {i}")
        after = rss_kib()
        print(f"\n1,000 once-mode runs: host RSS {before} KiB -> {after} KiB; linear memory "
              f"{first.pages} pages ({first.pages * 64} KiB) after every run")
        self.assertLess(after - before, 16 * 1024, "host memory grew by more than 16 MiB")
        # The module declares at most 16 MiB of heap (maxHeapSize); linear memory stays well inside.
        self.assertLessEqual(first.pages * 64, 16 * 1024 + 1024)


if __name__ == "__main__":
    unittest.main()
